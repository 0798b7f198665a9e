package dev.portex.internal.harness;

import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.containers.PortexContainer;
import dev.portex.internal.infra.HostLog;
import dev.portex.model.Fault;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Kills a scenario's fault target once the load generator's progress reaches the fault's time. Its progress lines
 * carry the load's own clock (every 200 ms), so the fault strikes within about 200 ms of its time whatever the
 * load generator's start-up took. Just before the kill it takes a {@code snapshot} of what the runner can no longer
 * read from a dead container (its counters, its sockets).
 *
 * @param <S> what the snapshot holds
 */
final class FaultInjector<S> implements AutoCloseable {
    private final Fault fault;
    private final PortexContainer<?> target;
    private final Supplier<S> beforeKill;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "portex-fault");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean due = new AtomicBoolean();
    private volatile boolean killed;
    private volatile long killedAtNanos;
    private volatile long injectedAtMs;
    private volatile S snapshot;

    FaultInjector(Fault fault, PortexContainer<?> target, Supplier<S> beforeKill) {
        this.fault = fault;
        this.target = target;
        this.beforeKill = beforeKill;
    }

    /** Feeds the load's progress; the first sample at or past the fault's time triggers the kill. */
    void onProgress(LoadGeneratorContainer.Progress progress) {
        if (progress.tMs() >= fault.atMs() && due.compareAndSet(false, true)) {
            long seenAt = System.nanoTime();
            // not on the thread that streams the load generator's output: the kill must not hold it up
            executor.execute(() -> fire(progress.tMs(), seenAt));
        }
    }

    private void fire(long tMs, long seenAt) {
        try {
            snapshot = beforeKill.get();
        } catch (RuntimeException e) {
            HostLog.info("fault: could not read " + fault.kind().victim() + "'s counters before the kill: " + e.getMessage());
        }
        try {
            target.kill();
        } catch (RuntimeException e) {
            // it ended on its own in the meantime (the load generator at the end of its load): no fault struck
            HostLog.info("fault: could not kill " + fault.kind().victim() + ": " + e.getMessage());
            return;
        }
        killedAtNanos = System.nanoTime();
        injectedAtMs = tMs + TimeUnit.NANOSECONDS.toMillis(killedAtNanos - seenAt);
        killed = true;
        HostLog.info("fault: " + fault.kind().victim() + " killed at " + injectedAtMs + " ms of the load");
    }

    /** True once the target was killed; waits for a kill that is under way. */
    boolean killed() {
        if (due.get()) {
            executor.shutdown();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return killed;
    }

    /** When the kill happened, in ms of the load (valid once {@link #killed()}). */
    long injectedAtMs() {
        return injectedAtMs;
    }

    /**
     * Milliseconds from the kill to {@code nanoTime} (valid once {@link #killed()}); 0 when the kill came after it (a
     * fault timed at the very end of the load, seen in its last progress line).
     */
    long millisSinceKill(long nanoTime) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nanoTime - killedAtNanos));
    }

    /** What was read just before the kill, or null if it could not be. */
    S snapshot() {
        return snapshot;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
