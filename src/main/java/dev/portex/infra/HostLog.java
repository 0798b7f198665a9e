package dev.portex.infra;

/** One line per step on stderr, so stdout stays clean for --json. Silenced with PORTEX_QUIET=1. */
public final class HostLog {
    private static final boolean QUIET = "1".equals(System.getenv("PORTEX_QUIET"));

    private HostLog() {
    }

    public static void info(String line) {
        if (!QUIET) {
            System.err.println("portex: " + line);
        }
    }
}
