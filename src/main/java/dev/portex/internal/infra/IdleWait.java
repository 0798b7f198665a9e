package dev.portex.internal.infra;

import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/**
 * A wait that takes no CPU (TIME_WAIT running out, a leaking client's recovery watched for 120 s, idle gaps between
 * documents), told to whoever schedules the waiting thread, so that other work runs meanwhile:
 * <ul>
 * <li>a thread of a {@link ForkJoinPool} (JUnit's parallel execution runs tests in one) waits in
 * {@link ForkJoinPool#managedBlock}: the pool may start another thread for other tests while this one waits;</li>
 * <li>a thread that holds a share of a bounded resource (a test's permit to work, say) can register a {@link Yield}
 * for the wait's length: it is released before the wait and taken back after it.</li>
 * </ul>
 * Outside both, the wait simply runs.
 */
public final class IdleWait {
    /** What the current thread gives up while it waits, and takes back after. */
    public interface Yield {
        void release();

        void reacquire();
    }

    private static final ThreadLocal<Yield> YIELD = new ThreadLocal<>();

    private IdleWait() {
    }

    /** Registers what the current thread yields while it waits ({@code null}: nothing); returns the one before. */
    public static Yield onThisThread(Yield yield) {
        Yield before = YIELD.get();
        if (yield == null) {
            YIELD.remove();
        } else {
            YIELD.set(yield);
        }
        return before;
    }

    /** Runs {@code wait} as an idle wait (see the class) and returns its result. */
    public static <T> T during(Callable<T> wait) {
        Yield yield = YIELD.get();
        if (yield != null) {
            YIELD.remove(); // a wait within the wait yields nothing twice
            yield.release();
        }
        try {
            Blocker<T> blocker = new Blocker<>(wait);
            ForkJoinPool.managedBlock(blocker);
            return blocker.result();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        } finally {
            if (yield != null) {
                yield.reacquire();
                YIELD.set(yield);
            }
        }
    }

    /** Runs {@code wait} as an idle wait (see the class). */
    public static void during(Runnable wait) {
        during(() -> {
            wait.run();
            return null;
        });
    }

    private static final class Blocker<T> implements ForkJoinPool.ManagedBlocker {
        private final Callable<T> wait;
        private boolean done;
        private T result;
        private RuntimeException failure;
        private Error error;

        Blocker(Callable<T> wait) {
            this.wait = wait;
        }

        @Override
        public boolean block() {
            if (!done) {
                try {
                    result = wait.call();
                } catch (RuntimeException e) {
                    failure = e;
                } catch (Error e) {
                    error = e;
                } catch (Exception e) {
                    failure = new IllegalStateException(e.getMessage(), e);
                } finally {
                    done = true;
                }
            }
            return true;
        }

        @Override
        public boolean isReleasable() {
            return done;
        }

        T result() {
            if (error != null) {
                throw error;
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}
