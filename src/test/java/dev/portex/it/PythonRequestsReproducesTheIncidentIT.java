package dev.portex.it;

import dev.portex.model.ClientKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.PortRange;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The incident's own sender, Debian's python3-requests: {@code requests.post(...)} per document
 * fails with the very text the team saw, exactly at the port count; one {@code requests.Session()}
 * per worker process indexes everything over one port per process.
 */
@PortexStackTest
class PythonRequestsReproducesTheIncidentIT {

    @ParameterizedTest(name = "requests.post per document with {2} ephemeral ports ({0}-{1}): one document per port, then [Errno 99] on the next")
    @CsvSource({
            "43000, 43037, 38",
            "43000, 43089, 90",
            "44000, 44135, 136"})
    void requestsPostFailsWithErrno99AtThePortCount(int low, int high, int size, Incident incident) {
        int docs = size + 50;
        ScenarioResult r = incident.run(Scenario.of(ClientKind.PYTHON_POST, new PortRange(low, high), docs));

        // Exact: one document per port. The one-port shortfall once measured here (about one run in
        // seven) came from the odd-sized ranges this test used then (37, 91, 137 ports): connect() scans
        // an even number of ports, so on an odd range it never tries the range's first port while its
        // random start offset is not 0, and fails with errno 99 when that port is the last free one
        // (the missing port was the range's first in every short run measured, for Python and Java
        // alike). On even ranges, with the namespace replaced when Docker's DNS listener lands in the
        // range (PortexContainer), every run was exact; DNS look-ups per request use UDP ports, which
        // never take a TCP port. See docs/concepts.md, "Open observations".
        // A port carries a second document only where its first connection left no TIME_WAIT or its TIME_WAIT ended early
        // (137 on 136 and 91 on 90 ports measured once each, in clean-clone runs on a busy 2-core machine, before the
        // namespaces set tcp_rfc1337=1): each way that happens is counted, and with none the count
        // is the port count; everything after is exact for the documents that got through.
        PortsFreedEarly early = PortsFreedEarly.of(r);
        int acknowledged = r.clientSide().acknowledged();
        assertThat((long) acknowledged).as("documents acknowledged on the %d-port range: %s", size, early.explain(r))
                .isBetween((long) size, size + early.total());
        assertThat(r.sockets().clientTimeWait())
                .as("the client's sockets in TIME_WAIT after the load: every port of the range, which is why the next "
                        + "connect() found none")
                .isEqualTo(size);
        assertThat(r.sockets().clientConnectionsOpened())
                .as("connections the namespace opened (ActiveOpens): exactly one per acknowledged document")
                .isEqualTo((long) acknowledged);
        assertThat(r.clientSide().firstFailureAt()).as("the first failing document: the one after the last port")
                .isEqualTo(acknowledged + 1);
        assertThat(r.clientSide().error()).as("the first failure").isNotNull();
        assertThat(r.clientSide().error().type()).as("exception type, as Python names it")
                .isEqualTo("requests.exceptions.ConnectionError");
        assertThat(r.clientSide().error().message()).as("the message Python printed, as in the incident")
                .contains("[Errno 99] Cannot assign requested address");
        assertThat(r.clientSide().failed()).as("every document after the first failure fails too").isEqualTo(docs - acknowledged);
        assertThat(r.serverSide().serverReceived()).as("requests Node received: failures never left the client")
                .isEqualTo(acknowledged);
        incident.assertElasticsearchHolds(r, acknowledged);
    }

    @ParameterizedTest(name = "one requests.Session per process, {0} process(es), {1} documents on {2} ports: all indexed over exactly {0} local port(s)")
    @CsvSource({
            "1, 250, 91",
            "4, 250, 91",
            "2, 400, 37"})
    void sessionPerProcessUsesOnePortPerProcess(int processes, int docs, int size, Incident incident) {
        ScenarioResult r = incident.run(Scenario.of(ClientKind.PYTHON_SESSION, new PortRange(45000, 45000 + size - 1), docs)
                .withConcurrency(processes));

        assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
        assertThat(r.clientSide().acknowledged()).as("acknowledged documents").isEqualTo(docs);
        assertThat(r.sockets().localPortsUsed())
                .as("distinct local ports the client used towards Node, counted in its namespace (write-up: ports in use == processes)")
                .isEqualTo(processes);
        incident.assertElasticsearchHolds(r, docs);
    }

    @Test
    @DisplayName("loadgen.py's own unit tests pass in its image, on Debian's python3 and python3-requests")
    void loadgenUnitTestsPassInItsImage() throws Exception {
        // A fresh container with the default port range: the tests open loopback connections of their own.
        try (LoadGeneratorContainer python = LoadGeneratorContainer.forClient(ClientKind.PYTHON_POST)) {
            python.start();
            ExecResult result = python.execInContainer("python3", "-m", "unittest", "discover", "-s", "/app", "-p", "test_loadgen.py");
            assertThat(result.getExitCode())
                    .as("exit code of `python3 -m unittest` for containers/loadgen-python/test_loadgen.py; its report:%n%s",
                            result.getStderr())
                    .isZero();
            assertThat(result.getStderr()).as("unittest's report").containsPattern("Ran \\d+ tests").contains("OK");
        }
    }
}
