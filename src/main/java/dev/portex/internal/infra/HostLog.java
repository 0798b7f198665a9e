package dev.portex.internal.infra;

/**
 * One line per step on stderr, so stdout stays clean for --json. Silenced with PORTEX_QUIET=1. With PORTEX_DEBUG set,
 * every line carries the seconds since the JVM started (or the resident JVM's command did), and {@link #debug} lines are printed too.
 */
public final class HostLog {
    private static final boolean QUIET = "1".equals(System.getenv("PORTEX_QUIET"));
    private static final boolean DEBUG = System.getenv("PORTEX_DEBUG") != null;
    private static volatile long startedMs = ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis());

    private HostLog() {
    }

    public static void info(String line) {
        if (!QUIET) {
            System.err.println(DEBUG ? String.format(java.util.Locale.ROOT, "portex: [%6.2f s] %s",
                    (System.currentTimeMillis() - startedMs) / 1000.0, line) : "portex: " + line);
        }
    }

    /** Counts PORTEX_DEBUG's seconds from now: a resident JVM's command starts long after the JVM did. */
    public static void restartClock() {
        startedMs = System.currentTimeMillis();
    }

    /** A step only a reader of PORTEX_DEBUG output needs (where the time of a run goes). */
    public static void debug(String line) {
        if (DEBUG) {
            info(line);
        }
    }
}
