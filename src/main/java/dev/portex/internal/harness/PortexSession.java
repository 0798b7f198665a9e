package dev.portex.internal.harness;


/**
 * One run of the CLI against a fresh stack (or the warm one), from start to clean-up, as one {@link AutoCloseable}: it prepares
 * the host, registers the Ctrl-C/SIGTERM clean-up before the first container starts, starts the stack, and on
 * {@link #close()} removes the stack and the hook. {@code try (PortexSession session = PortexSession.start())}
 * is the whole lifecycle; nothing else registers hooks or removes containers.
 */
public final class PortexSession implements AutoCloseable {
    /** Set by the hook: errors of the main thread are then consequences of the signal, not news. */
    private static volatile boolean interrupted;

    private final Thread hook;
    private final PortexStack stack;
    private final ScenarioRunner runner;

    private PortexSession(Thread hook, PortexStack stack) {
        this.hook = hook;
        this.stack = stack;
        this.runner = stack != null ? new ScenarioRunner(stack) : ScenarioRunner.onDemand(() -> {
            throw new IllegalStateException("this session started no stack: its runs go to your own service only");
        });
    }

    /**
     * Prepares the host, registers the signal clean-up, then starts the network and Elasticsearch, or uses the warm
     * stack when one is up ({@code ./portex up}; {@code PORTEX_STACK=fresh} never does).
     */
    public static PortexSession start() {
        return start(true);
    }

    /**
     * The same; with {@code withStack} false, no stack at all (no Elasticsearch, no Node): for runs that all go to your own
     * service ({@link dev.portex.model.Scenario#target()}), which bring their own network.
     */
    public static PortexSession start(boolean withStack) {
        HostSetup.ensureReady();
        Thread hook = new Thread(PortexSession::cleanUpAfterSignal, "portex-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return new PortexSession(hook, withStack ? PortexStack.open(WarmStack.Use.fromEnvironment(WarmStack.Use.WARM_IF_UP))
                    : null);
        } catch (RuntimeException | Error e) {
            removeHook(hook);
            throw e;
        }
    }

    /** True once Ctrl-C or SIGTERM arrived: the caller should then exit quietly (130). */
    public static boolean interrupted() {
        return interrupted;
    }

    /** The session's stack; null for a session started without one ({@link #start(boolean)}). */
    public PortexStack stack() {
        return stack;
    }

    public ScenarioRunner runner() {
        return runner;
    }

    @Override
    public void close() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            removeHook(hook);
        }
    }

    /**
     * Ctrl-C or SIGTERM: remove everything this JVM started (found by its session label, so containers still
     * starting are found too) and say so in one line. Testcontainers' own hook is stopping the same containers
     * at this moment: give it up to 2 s to finish (returning as soon as nothing is left), then remove the rest;
     * {@link Cleanup#removeSession()} repeats until nothing labelled is left.
     */
    private static void cleanUpAfterSignal() {
        interrupted = true;
        System.err.println("\nportex: interrupted, removing this run's containers and network ...");
        try {
            Cleanup.awaitSessionGone(java.time.Duration.ofSeconds(2));
            int removed = Cleanup.removeSession();
            System.err.println("portex: interrupted, cleaned up (" + removed + " removed)");
        } catch (RuntimeException e) {
            System.err.println("portex: interrupted; clean-up failed (" + e.getMessage() + "): run ./portex clean");
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
