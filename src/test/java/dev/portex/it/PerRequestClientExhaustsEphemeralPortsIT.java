package dev.portex.it;

import dev.portex.model.Verdict;
import dev.portex.model.ClientKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The incident: a client that opens a new connection per document (what {@code requests.post}
 * does) leaves each local port in TIME_WAIT for 60 s after closing it, so with a range of
 * {@code size} ephemeral ports exactly {@code size} documents get through, and every later
 * {@code connect()} fails with EADDRNOTAVAIL before a byte leaves the client. The sizes are even: with
 * an odd-sized range the kernel scans one port fewer than the range holds (it rounds the scan down to
 * an even count), so at high connection rates the last free port can be missed (see docs/concepts.md, "Open observations").
 */
@PortexStackTest
class PerRequestClientExhaustsEphemeralPortsIT {

    @ParameterizedTest(name = "with {2} ephemeral ports ({0}-{1}), a new connection per document gets one document per port through ({2}), then fails at the next")
    @CsvSource({
            "40000, 40037, 38",
            "41000, 41099, 100",
            "40000, 40135, 136",
            "42000, 42249, 250"})
    void failsExactlyAtThePortCount(int low, int high, int size, Incident incident) {
        PortRange range = new PortRange(low, high);
        int docs = size + 60;

        ScenarioResult r = incident.run(Scenario.of(ClientKind.PER_REQUEST, range, docs));

        // One document per port. A port carries a second only where the kernel freed it early (a connection that left
        // no TIME_WAIT, or a TIME_WAIT ended early: PortsFreedEarly counts each way); everything after is exact for the
        // documents that got through.
        PortsFreedEarly early = PortsFreedEarly.of(r);
        int acknowledged = r.clientSide().acknowledged();
        assertThat((long) acknowledged)
                .as("documents acknowledged on the %d-port range: %s", size, early.explain(r))
                .isBetween((long) size, size + early.total());
        assertThat(r.sockets().clientTimeWait())
                .as("the client's sockets in TIME_WAIT when the load ended: every port of the range, which is why the next "
                        + "connect() found none")
                .isEqualTo(size);
        assertThat(r.clientSide().firstFailureAt())
                .as("the first failing document is the one that finds every port of the range in TIME_WAIT")
                .isEqualTo(acknowledged + 1);
        assertThat(r.clientSide().error()).as("the first failure").isNotNull();
        assertThat(r.clientSide().error().type()).as("exception type of the first failure").isEqualTo("java.net.BindException");
        assertThat(r.clientSide().error().message()).as("message of the first failure (errno 99, EADDRNOTAVAIL)")
                .isEqualTo("Cannot assign requested address");
        assertThat(r.clientSide().failed())
                .as("every attempt after the first failure fails too: no port leaves TIME_WAIT within the run")
                .isEqualTo(docs - acknowledged);
        assertThat(r.serverSide().serverReceived())
                .as("requests Node received: the failing ones never left the client")
                .isEqualTo(acknowledged);
        assertThat(r.verdict()).as("portex's verdict, from the numbers: %s", r.verdict().sentence())
                .isEqualTo(new Verdict.ClientPortsExhausted(acknowledged, size, 1, 0));
        incident.assertElasticsearchHolds(r, acknowledged);
    }

    @Test
    @DisplayName("eight threads share the 100 ports just the same: the 101st document to be sent is the first without one")
    void concurrentThreadsShareTheSameBudget(Incident incident) {
        PortRange range = new PortRange(43000, 43099);
        int docs = 200;

        ScenarioResult r = incident.run(Scenario.of(ClientKind.PER_REQUEST, range, docs).withConcurrency(8));

        assertThat(r.clientSide().acknowledged()).as("documents acknowledged by 8 threads on a 100-port range").isEqualTo(100);
        assertThat(r.clientSide().acknowledgedBeforeFirstFailure())
                .as("documents acknowledged that were sent before the first failure: every port once")
                .isEqualTo(100);
        assertThat(r.clientSide().firstFailureOrdinal()).as("the n-th document sent that found no port").isEqualTo(101);
        assertThat(r.clientSide().firstFailureAt())
                .as("the lowest failing document number: threads finish out of order, so it can be below 101, never above")
                .isBetween(1, 101);
        assertThat(r.clientSide().failed()).as("every other document fails: no port leaves TIME_WAIT within the run")
                .isEqualTo(docs - 100);
        incident.assertElasticsearchHolds(r, 100);
    }
}
