package dev.portex.internal.containers;

import java.util.concurrent.Semaphore;

/**
 * Runs that go on side by side in one JVM (test classes in parallel on one stack) share the machine's CPU, which a few
 * claims cannot share: "at full speed, the first 100 documents go out before Node's 5 s keep-alive timeout", say. Every
 * load a load generator runs, and every container start, passes this gate: shared, or, for a load that needs the
 * machine to itself, alone. An alone pass waits until the shared work under way is done, and work that comes after it
 * waits for it (passes are given in arrival order). A load gives its pass back when its load ends, before the Java load
 * generator awaits recovery in the same JVM: waiting takes no CPU. A one-document probe passes ungated, and so does a
 * load that mostly waits (idle gaps between its documents, a rate that spreads it over 10 s or more, or a retrying
 * client's stall through a range that ran out): a shared pass held for its half minute or more made an alone pass wait
 * for it, and everything after that one wait too, the two cores idle for up to a minute (seen in the suite's vmstat:
 * 3-17% busy for 90 s). Work of other processes is not gated.
 */
public final class LoadGate {
    /** More than the shared work one JVM ever runs at once: an alone pass holds them all. */
    private static final int PERMITS = 1 << 16;
    private static final Semaphore LEFT = new Semaphore(PERMITS, true);

    private LoadGate() {
    }

    /** A pass through the gate; given back once, by whichever thread calls {@link #close} first. */
    public static final class Pass implements AutoCloseable {
        private final int permits;
        private boolean closed;

        private Pass(int permits) {
            this.permits = permits;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                LEFT.release(permits);
            }
        }
    }

    /** A pass that holds nothing: for work too small to gate. */
    public static Pass none() {
        return new Pass(0);
    }

    /**
     * Waits for a pass: {@code alone}, until no other gated work runs in this JVM and none starts until the pass is back.
     * Never ask for an alone pass while holding a pass: it would wait for itself.
     */
    public static Pass enter(boolean alone) {
        int permits = alone ? PERMITS : 1;
        LEFT.acquireUninterruptibly(permits);
        return new Pass(permits);
    }
}
