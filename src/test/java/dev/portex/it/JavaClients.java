package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.budget.PortRange;
import dev.portex.harness.Scenario;
import dev.portex.harness.ScenarioResult;

/**
 * What the Java library client ITs share: how a variant is run (one thread, full speed, and after a
 * failure the same client retries for up to 120 s), and the assertions that hold for every variant that
 * runs a 100-port range out.
 */
final class JavaClients {
    /** Documents per run: 60 more than the 100 ports of each test's range. */
    static final int DOCS = 160;

    private JavaClients() {
    }

    /** Runs {@code client} on the 100 ports from {@code low}, waiting for recovery after a failure. */
    static ScenarioResult run(Incident incident, String client, int low, int docs) {
        ScenarioResult r = incident.run(Scenario.of(client, new PortRange(low, low + 99), docs)
                .with(s -> s.awaitRecovery = true));
        // One line per run in the test output: the numbers behind the README row, for whoever updates it.
        System.out.printf("measured %s: acknowledged %d, failed %d, first failure at %s (%s), connections %d, "
                        + "local ports %d, sockets %s, recovered after %s ms, load %d ms%n",
                r.client(), r.acknowledged(), r.failed(), r.firstFailureAt(), r.error(), r.clientConnectionsOpened(),
                r.localPortsUsed(), r.clientSocketStates(), r.recoveredAfterMs(), r.durationMs());
        return r;
    }

    /** Exactly 100 documents, one connection and one port each, then EADDRNOTAVAIL as the library reports it. */
    static void assertRunsOutOfPortsAt101(ScenarioResult r, String exceptionType, Incident incident) {
        assertThat(r.acknowledged()).as("%s: documents acknowledged on 100 ports", r.client()).isEqualTo(100);
        assertThat(r.firstFailureAt()).as("%s: the first failing document", r.client()).isEqualTo(101);
        assertThat(r.failed()).as("%s: every later document fails too", r.client()).isEqualTo(DOCS - 100);
        assertThat(r.error()).as("%s: the first failure", r.client()).isNotNull();
        assertThat(r.error().type()).as("%s: the exception the library throws", r.client()).isEqualTo(exceptionType);
        assertThat(r.error().message()).as("%s: its message (errno 99, EADDRNOTAVAIL)", r.client())
                .isEqualTo("Cannot assign requested address");
        assertThat(r.clientConnectionsOpened()).as("%s: connections opened (kernel ActiveOpens): one per document",
                r.client()).isEqualTo(100);
        assertThat(r.localPortsUsed()).as("%s: local ports still taken at the end of the load", r.client())
                .isEqualTo(100);
        assertThat(r.serverReceived()).as("%s: requests Node received: the failing ones never left the client",
                r.client()).isEqualTo(100);
        incident.assertElasticsearchHolds(r, 100);
    }

    /** Every document over one connection, still open at the end of the load. */
    static void assertOneConnectionForEverything(ScenarioResult r) {
        assertThat(r.failed()).as("%s: failed documents (first error: %s)", r.client(), r.error()).isZero();
        assertThat(r.acknowledged()).as("%s: documents acknowledged", r.client()).isEqualTo(DOCS);
        assertThat(r.clientConnectionsOpened()).as("%s: connections opened for %d documents", r.client(), DOCS)
                .isEqualTo(1);
        assertThat(r.clientSocketStates()).as("%s: sockets towards Node at the end of the load", r.client())
                .containsExactlyEntriesOf(java.util.Map.of("ESTABLISHED", 1L));
    }
}
