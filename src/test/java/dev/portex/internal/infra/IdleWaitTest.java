package dev.portex.internal.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An idle wait")
class IdleWaitTest {
    final List<String> events = new ArrayList<>();
    final IdleWait.Yield recording = new IdleWait.Yield() {
        @Override
        public void release() {
            events.add("release");
        }

        @Override
        public void reacquire() {
            events.add("reacquire");
        }
    };

    @AfterEach
    void nothingRegistered() {
        IdleWait.onThisThread(null);
    }

    @Test
    @DisplayName("gives the thread's share back for the wait's length only, and returns the wait's result")
    void yieldsForTheWaitOnly() {
        IdleWait.onThisThread(recording);

        String result = IdleWait.during(() -> {
            events.add("wait");
            return "done";
        });

        assertThat(result).as("what the wait returned").isEqualTo("done");
        assertThat(events).as("the share released before the wait and taken back after it, once each")
                .containsExactly("release", "wait", "reacquire");
    }

    @Test
    @DisplayName("takes the share back when the wait fails, and the failure reaches the caller as it was")
    void reacquiresAfterAFailure() {
        IdleWait.onThisThread(recording);

        assertThatThrownBy(() -> IdleWait.during(() -> {
            throw new AssertionError("not recovered within 120 s");
        })).as("an assertion failing inside the wait").isInstanceOf(AssertionError.class)
                .hasMessage("not recovered within 120 s");
        assertThat(events).as("the share taken back after the failed wait").containsExactly("release", "reacquire");
        IdleWait.during(() -> events.add("second wait"));
        assertThat(events).as("a second wait on the same thread yields again")
                .containsExactly("release", "reacquire", "release", "second wait", "reacquire");
    }

    @Test
    @DisplayName("a wait within a wait yields nothing twice")
    void nestedWaitsYieldOnce() {
        IdleWait.onThisThread(recording);

        IdleWait.during(() -> IdleWait.during(() -> events.add("inner")));

        assertThat(events).as("one release, one reacquire around both waits").containsExactly("release", "inner", "reacquire");
    }

    @Test
    @DisplayName("without a share registered, it just waits")
    void withoutAShare() {
        assertThat(IdleWait.during(() -> 42)).as("the wait's result").isEqualTo(42);
        assertThat(events).as("nothing released or taken back").isEmpty();
    }

    @Test
    @DisplayName("in a pool of one thread, lets another task run while it waits (the pool adds a thread)")
    void aPoolOfOneRunsAnotherTaskMeanwhile() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            CountDownLatch other = new CountDownLatch(1);
            ForkJoinTask<Boolean> waiting = pool.submit(() -> IdleWait.during(() -> other.await(20, TimeUnit.SECONDS)));
            ForkJoinTask<?> counting = pool.submit(other::countDown);

            assertThat(waiting.get(30, TimeUnit.SECONDS))
                    .as("the waiting task saw the other task run while it waited (a plain wait in a pool of one "
                            + "would have held the pool's only thread for its 20 s, the other task queued behind it)")
                    .isTrue();
            counting.get(30, TimeUnit.SECONDS); // its end, a moment after its count the waiting task saw
        } finally {
            pool.shutdownNow();
        }
    }
}
