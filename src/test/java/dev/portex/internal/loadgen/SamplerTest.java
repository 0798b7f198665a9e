package dev.portex.internal.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The socket counts of a sample never run ahead of its document counts. */
@DisplayName("Sampling the run")
class SamplerTest {

    @Test
    @DisplayName("the sockets are read first, then acknowledged, failed and attempted, in that order")
    void socketsBeforeDocuments() {
        List<String> reads = new ArrayList<>();
        Sampler sampler = new Sampler(() -> {
            reads.add("clock");
            return 400;
        }, () -> {
            reads.add("acknowledged");
            return 90;
        }, () -> {
            reads.add("failed");
            return 10;
        }, () -> {
            reads.add("attempted");
            return 104;
        });

        Sample s = sampler.take(() -> {
            reads.add("sockets");
            return new Sampler.SocketCounts(97, 3);
        });

        assertThat(reads).as("the document counts are read after the sockets, attempted last")
                .containsExactly("clock", "sockets", "acknowledged", "failed", "attempted");
        assertThat(s).as("every count lands in its field")
                .isEqualTo(new Sample(400, 90, 10, 97, 3, 104));
    }

    @Test
    @DisplayName("sockets that cannot be read are -1, the document counts are still taken")
    void unreadableSockets() {
        Sampler sampler = new Sampler(() -> 200, () -> 5, () -> 0, () -> 6);

        Sample s = sampler.take(() -> {
            throw new IOException("/proc/net/sockstat: No such file or directory");
        });

        assertThat(s).as("not Linux or no /proc: -1 for the socket counts")
                .isEqualTo(new Sample(200, 5, 0, -1, -1, 6));
    }

    /**
     * Workers act like a per-request client: count the document as attempted, open a connection, close it
     * into TIME_WAIT, and only then count it acknowledged (or failed, without a connection, every 1000th). A
     * sampler thread takes samples while they run, and the load goes on while it reads the sockets: a read
     * ends only once 100 more documents were attempted (as a read of a large table lets many connections
     * through). Whatever the interleaving, no sample may show more TIME_WAIT than documents attempted, nor
     * more documents finished than attempted. (Read in the other order, the counts first, nearly every
     * sample would show about 100 TIME_WAIT too many.)
     */
    @Test
    @DisplayName("while documents are sent, no sample shows more TIME_WAIT than documents attempted")
    void neverAheadUnderLoad() throws Exception {
        int workers = 4;
        // the workers run until the samples are taken; the cap only bounds the test if the sampler never gets a turn
        int maxDocsPerWorker = 100_000_000;
        int samplesWanted = 200;
        AtomicInteger attempted = new AtomicInteger();
        AtomicInteger timeWait = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(workers);
        CountDownLatch finished = new CountDownLatch(workers);
        Sampler sampler = new Sampler(() -> 0, acknowledged::get, failed::get, attempted::get);
        Sampler.SocketSource slowRead = () -> {
            int until = attempted.get() + 100;
            while (attempted.get() < until && finished.getCount() > 0) {
                Thread.onSpinWait();
            }
            return new Sampler.SocketCounts(timeWait.get(), -1);
        };
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(pool.submit(() -> {
                started.countDown();
                try {
                    for (int i = 0; i < maxDocsPerWorker && !stop.get(); i++) {
                        attempted.incrementAndGet();
                        if (i % 1000 == 999) {
                            failed.incrementAndGet();
                        } else {
                            timeWait.incrementAndGet();
                            acknowledged.incrementAndGet();
                        }
                    }
                } finally {
                    finished.countDown();
                }
            }));
        }
        started.await();
        List<Sample> samples = new ArrayList<>();
        while (samples.size() < samplesWanted && finished.getCount() > 0) {
            samples.add(sampler.take(slowRead));
        }
        int takenWhileRunning = samples.size();
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).as("the workers stopped").isTrue();
        for (Future<?> f : running) {
            f.get();
        }
        samples.add(sampler.take(slowRead));

        assertThat(takenWhileRunning).as("samples taken while the workers ran").isEqualTo(samplesWanted);
        assertThat(samples).as("TIME_WAIT never above the documents attempted when it was read")
                .allSatisfy(s -> assertThat(s.timeWait()).as("TIME_WAIT of %s", s).isLessThanOrEqualTo(s.attempted()));
        assertThat(samples).as("acknowledged + failed never above attempted")
                .allSatisfy(s -> assertThat(s.acknowledged() + s.failed()).as("finished documents of %s", s)
                        .isLessThanOrEqualTo(s.attempted()));
        assertThat(samples.get(samples.size() - 1)).as("the last sample, after the workers, has every document")
                .isEqualTo(new Sample(0, acknowledged.get(), failed.get(), timeWait.get(), -1, attempted.get()));
        assertThat(attempted.get()).as("every document of the last sample was attempted")
                .isEqualTo(acknowledged.get() + failed.get());
    }
}
