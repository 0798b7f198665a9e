package dev.portex.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Execution;
import dev.portex.model.ClientKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portex.model.PortRange;
import dev.portex.model.Sample;
import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.harness.ScenarioRunner;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.internal.loadgen.LoadResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The incident's remaining observations, read from the load generator's own namespace: the socket
 * states ({@code ss -ant | ... | uniq -c}), the recovery "after a while" (TIME_WAIT's 60 s), and the
 * 5-tuple: the port limit holds per destination.
 */
@PortexStackTest
@Execution(ExecutionMode.CONCURRENT) // its tests wait (idle gaps, TIME_WAIT, a leak that never recovers): side by side
@Order(1) // starts first: it waits longest (see the Failsafe configuration)
class SocketsTellTheStoryIT {

    @ParameterizedTest(name = "a new connection per document on {2} ports leaves exactly {2} sockets in TIME_WAIT, one per local port")
    @CsvSource({"46000, 46079, 80", "46100, 46221, 122"})
    void perRequestFillsTheRangeWithTimeWait(int low, int high, int size, Incident incident) {
        ScenarioResult r = incident.run(Scenario.of(ClientKind.PER_REQUEST, new PortRange(low, high), size + 20));

        assertThat(r.sockets().clientTimeWait()).as("TIME_WAIT sockets towards Node in the client's namespace").isEqualTo(size);
        assertThat(r.sockets().localPortsUsed()).as("distinct local ports the client used").isEqualTo(size);
        assertThat(r.sockets().clientSocketStates()).as("socket states towards Node: nothing but TIME_WAIT")
                .containsOnlyKeys("TIME_WAIT");
        assertThat(r.sockets().clientConnectionsOpened()).as("connections the kernel opened (ActiveOpens): one per acknowledged document")
                .isEqualTo(size);
    }

    @Test
    @DisplayName("the time series never shows more TIME_WAIT than documents attempted, and reads the sockets in the container")
    void theTimeSeriesNeverRunsAhead(Incident incident) {
        ScenarioResult r = incident.run(Scenario.of(ClientKind.PER_REQUEST, new PortRange(50000, 51999), 2_100)
                .withConcurrency(8));
        List<Sample> samples = r.timing().samples();
        Sample last = samples.get(samples.size() - 1);

        // One per port, but a port can carry a second document when its first connection left it without TIME_WAIT, or
        // when its TIME_WAIT ran out during the load: each way is counted (PortsFreedEarly); with none, exactly 2000.
        PortsFreedEarly early = PortsFreedEarly.of(r);
        assertThat((long) r.clientSide().acknowledged())
                .as("documents acknowledged: %s", early.explain(r))
                .isBetween(2_000L, 2_000L + early.total());
        assertThat(samples).as("samples of a run of a few seconds, one every 200 ms or so").hasSizeGreaterThan(3);
        assertThat(samples).as("every sample read TIME_WAIT (sockstat's tw) and counted the documents attempted")
                .allSatisfy(s -> {
                    assertThat(s.timeWait()).as("TIME_WAIT of %s", s).isNotNegative();
                    assertThat(s.attempted()).as("attempted of %s", s).isNotNull();
                });
        assertThat(samples).as("a connection per document: TIME_WAIT never above the documents attempted")
                .allSatisfy(s -> assertThat(s.timeWait()).as("TIME_WAIT of %s", s).isLessThanOrEqualTo(s.attempted()));
        assertThat(samples).as("documents finished never above documents attempted")
                .allSatisfy(s -> assertThat(s.acknowledged() + s.failed()).as("finished documents of %s", s)
                        .isLessThanOrEqualTo(s.attempted()));
        assertThat(samples.subList(0, samples.size() - 1)).as("during the load ESTABLISHED is not read (the full table)")
                .allSatisfy(s -> assertThat(s.established()).as("established of %s", s).isEqualTo(-1));
        assertThat((long) last.timeWait())
                .as("the last sample reads the full table, just before the end-of-load copy of it: the same TIME_WAIT, "
                        + "but for connections of the last documents still closing (at most one per thread)")
                .isBetween(r.sockets().clientTimeWait() - 8, r.sockets().clientTimeWait());
        assertThat(last.established()).as("the last sample reads the full table: ESTABLISHED").isNotNegative();
    }

    @ParameterizedTest(name = "a pooled client with {0} connection(s) uses exactly {0} local port(s) and leaves at most {0} in TIME_WAIT")
    @CsvSource({"1", "4"})
    void pooledUsesOnePortPerConnection(int concurrency, Incident incident) {
        ScenarioResult r = incident.run(Scenario.of(ClientKind.POOLED, new PortRange(46300, 46336), 400).withConcurrency(concurrency));

        assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
        assertThat(r.sockets().localPortsUsed()).as("distinct local ports the pooled client used").isEqualTo(concurrency);
        assertThat(r.sockets().clientTimeWait()).as("TIME_WAIT sockets once the client closed its pool").isLessThanOrEqualTo(concurrency);
        assertThat(r.sockets().clientConnectionsOpened()).as("connections opened for 400 documents").isEqualTo(concurrency);
    }

    @Test
    @DisplayName("two destinations double the ceiling: with 80 ports, exactly 160 documents get through, the 161st fails")
    void thePortLimitHoldsPerDestination(Incident incident) {
        ScenarioResult r = incident.run(Scenario.of(ClientKind.PER_REQUEST, new PortRange(46400, 46479), 300).withTargets(2));

        assertThat(r.clientSide().acknowledged()).as("acknowledged: 80 ports x 2 destinations (Node on ports 8080 and 8081)")
                .isEqualTo(160);
        assertThat(r.clientSide().firstFailureAt()).as("the first failing document").isEqualTo(161);
        assertThat(r.sockets().localPortsUsed()).as("distinct local ports: each was used once per destination").isEqualTo(80);
        assertThat(r.sockets().clientTimeWait()).as("TIME_WAIT sockets: one per (local port, destination)").isEqualTo(160);
    }

    @Test
    @Tag("recovery")
    @DisplayName("right after exhaustion the next connection fails the same way; about 60 s later (TIME_WAIT) a new one succeeds")
    void theNamespaceRecoversAfterTimeWait(Incident incident) {
        Scenario exhaust = Scenario.of(ClientKind.PER_REQUEST, new PortRange(46500, 46549), 60);
        AtomicReference<Long> recoveredAfterMs = new AtomicReference<>();

        ScenarioResult r = incident.run(exhaust, loadgen -> {
            LoadResult immediately = probe(loadgen);
            assertThat(immediately.acknowledged()).as("a document sent right after the run").isZero();
            assertThat(immediately.error().message()).as("the error right after the run")
                    .isEqualTo("Cannot assign requested address");

            // each probe is a new load generator's JVM in the namespace (about half a second of CPU): one is started
            // only in a second in which the namespace's socket table, read on the host, leaves a port free
            await("a new connection from the exhausted namespace")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !ScenarioRunner.everyPortHeld(loadgen.socketTable(), exhaust.portRange(),
                            IngestNodeContainer.HTTP_PORT) && probe(loadgen).acknowledged() == 1);
            recoveredAfterMs.set(System.currentTimeMillis() - immediatelyFailedAt(immediately));
        });

        assertThat(r.clientSide().acknowledged()).as("documents before exhaustion").isEqualTo(50);
        // A port comes back 60 s after it entered TIME_WAIT, which was before the failure by up to the load's length (5 s
        // and more on a loaded runner: 54.7 s from the failure measured once). Counted from the first sample that saw a
        // port in TIME_WAIT to the end of the load, then from the failure: at most a probe's start later than the truth.
        long firstTimeWaitMs = r.timing().samples().stream().filter(sample -> sample.timeWait() > 0).mapToLong(Sample::tMs)
                .findFirst().orElseThrow(() -> new AssertionError("no sample of the load saw a port in TIME_WAIT: " + r.timing()));
        long sinceFirstTimeWait = r.timing().durationMs() - firstTimeWaitMs + recoveredAfterMs.get();
        assertThat(sinceFirstTimeWait)
                .as("time from the first port entering TIME_WAIT (%d ms into a %d ms load) to the first successful "
                        + "connection (%d ms after the failure): the kernel's TIME_WAIT is 60 s", firstTimeWaitMs,
                        r.timing().durationMs(), recoveredAfterMs.get())
                .isBetween(55_000L, 75_000L);
        assertThat(recoveredAfterMs.get()).as("time from the failure to the first successful connection").isLessThanOrEqualTo(75_000L);
    }

    @Test
    @Tag("recovery")
    @DisplayName("--await-recovery measures the same: it reports about 60 s, and the namespace really takes a document again")
    void awaitRecoveryReportsTheTimeWait(Incident incident) {
        Scenario exhaust = Scenario.of(ClientKind.PER_REQUEST, new PortRange(46600, 46649), 60).withAwaitRecovery(true);
        AtomicReference<LoadResult> afterRecovery = new AtomicReference<>();

        ScenarioResult r = incident.run(exhaust, loadgen -> afterRecovery.set(probe(loadgen)));

        assertThat(r.clientSide().acknowledged()).as("documents before exhaustion, one per port").isEqualTo(50);
        assertThat(r.sockets().recoveredAfterMs())
                .as("recoveredAfterMs: from the first failure to the first acknowledged probe; TIME_WAIT is 60 s, "
                        + "and the harness probes once a second")
                .isNotNull()
                .isBetween(55_000L, 75_000L);
        assertThat(afterRecovery.get().acknowledged())
                .as("a document sent from the namespace once the harness said it recovered (error: %s)", afterRecovery.get().error())
                .isEqualTo(1);
        assertThat(r.clientSide().failed()).as("the run's own failures: the probes are not counted as the run's").isEqualTo(10);
    }

    private static long immediatelyFailedAt(LoadResult probe) {
        return probe.firstFailureEpochMs();
    }

    private static LoadResult probe(LoadGeneratorContainer loadgen) {
        return loadgen.run(loadgen.lastLoad().probe("recovery-probe"));
    }
}
