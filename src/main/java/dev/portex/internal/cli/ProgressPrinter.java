package dev.portex.internal.cli;

import dev.portex.internal.containers.LoadGeneratorContainer.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Live progress of a run on stderr, once it has lasted a couple of seconds: a redrawn bar on a
 * terminal, a plain line every few seconds otherwise (CI logs stay readable).
 */
final class ProgressPrinter implements Consumer<Progress> {
    private static final long QUIET_FIRST_MS = 2_000;
    private static final long PLAIN_EVERY_MS = 5_000;

    private final PrintStream err;
    private final boolean terminal;
    private final String label;
    private long lastPlainMs = -PLAIN_EVERY_MS;
    private boolean drewBar;

    ProgressPrinter(PrintStream err, boolean terminal, String label) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
    }

    @Override
    public void accept(Progress p) {
        if (p.tMs() < QUIET_FIRST_MS) {
            return;
        }
        if (terminal) {
            err.print("\r" + bar(p) + "   ");
            err.flush();
            drewBar = true;
        } else if (p.tMs() - lastPlainMs >= PLAIN_EVERY_MS) {
            lastPlainMs = p.tMs();
            err.println("portex: " + label + ": " + line(p));
        }
    }

    /** Ends the bar's line, so what follows starts on a fresh one. */
    void finish() {
        if (drewBar) {
            err.println();
            drewBar = false;
        }
    }

    static String line(Progress p) {
        int done = p.acknowledged() + p.failed();
        double seconds = p.tMs() / 1000.0;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", (p.docs() - done) / rate) : "?";
        return String.format(Locale.ROOT, "%,d/%,d documents (%,d acknowledged, %,d failed), %.0f docs/s, TIME_WAIT %s, ETA %s",
                done, p.docs(), p.acknowledged(), p.failed(), rate,
                p.timeWait() < 0 ? "?" : String.format(Locale.ROOT, "%,d", p.timeWait()), eta);
    }

    static String bar(Progress p) {
        int width = 30;
        int done = p.acknowledged() + p.failed();
        int filled = p.docs() == 0 ? width : (int) ((long) done * width / p.docs());
        return "[" + "#".repeat(Math.min(width, filled)) + ".".repeat(Math.max(0, width - filled)) + "] " + line(p);
    }
}
