package dev.portex.internal.infra;

import com.github.dockerjava.api.exception.ConflictException;

/**
 * What a JVM of portex's command line does about the failures of Testcontainers' exit hook. Without Ryuk (portex never
 * pulls it), Testcontainers prunes its session's containers and networks when the JVM ends; the engine runs one prune
 * of a kind at a time and answers a second, from another JVM ending at the same moment, with 409 "a prune operation is
 * already running". The hook's thread then died with docker-java's stack trace on stderr, after a run whose own
 * containers portex had already removed. Installed by the CLI's {@code main} only: a library leaves a JVM's handlers
 * alone.
 */
public final class ExitHooks {
    private ExitHooks() {
    }

    /**
     * Makes a concurrent prune one debug line ({@code PORTEX_DEBUG}); every other uncaught exception goes where it went
     * before (the previous default handler, or the stack trace the JVM prints).
     */
    public static void quietConcurrentPrune() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (isConcurrentPrune(e)) {
                HostLog.debug("Testcontainers' exit hook did not prune: " + e.getMessage().strip()
                        + " (another JVM on the engine prunes; this JVM removed its own containers)");
            } else if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                // as the JVM's own last resort prints it (ThreadGroup.uncaughtException would call this handler again)
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        });
    }

    /** A docker-java conflict (409) whose message says a prune is already running, or an exception caused by one. */
    static boolean isConcurrentPrune(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConflictException && t.getMessage() != null
                    && t.getMessage().contains("a prune operation is already running")) {
                return true;
            }
        }
        return false;
    }
}
