package dev.portex.it;

import static dev.portex.assertj.PortexAssertions.assertThat;
import static dev.portex.assertj.PortexAssertions.assertThatThrownBy;

import dev.portex.docs.DocsPage;
import dev.portex.model.ClientKind;
import dev.portex.model.CommandProgram;
import dev.portex.model.PortRange;
import dev.portex.model.PortsRanOut;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client that retries a failed connect gets every document through a range that ran out: it waits until ports come
 * out of TIME_WAIT, 60 s later, and fails nothing. portex's verdict still sees it, from numbers: every port of the range
 * in TIME_WAIT at a sample, and documents acknowledged after that. One run shape: 90 documents on 56 ports, one at a
 * time. Each row of the table "When retries hide it" in docs/clients.md is rendered from its result.
 */
@PortexStackTest
@Execution(ExecutionMode.CONCURRENT) // each hiding run waits out TIME_WAIT: side by side
@Order(1) // starts first: it waits long (see the Failsafe configuration)
@DisplayName("When retries hide the exhaustion")
class RetriesHideTheExhaustionIT {
    static final PortRange RANGE = new PortRange(41200, 41255);
    static final int PORTS = 56;
    static final int DOCS = 90;
    /** wget posting the document from stdin (wget --post-file needs a regular file, so the text is read first). */
    static final String WGET = "wget -q -O /dev/null --header='Content-Type: application/json' --post-data=\"$(cat)\" "
            + "\"$PORTEX_TARGET_URL\"";

    /** One client, what must hold of its result, and its row's first cell. */
    record Case(String row, Scenario scenario, Consumer<ScenarioResult> check) {
        @Override
        public String toString() {
            return row;
        }
    }

    static Stream<Arguments> clients() {
        return Stream.of(
                Arguments.of("wget with its default retries (20 tries) gets all 90 through 56 ports, and the verdict says "
                                + "the range ran out",
                        new Case("wget, its defaults (20 tries)", Scenario.ofProgram(new CommandProgram(WGET), RANGE, DOCS),
                                RetriesHideTheExhaustionIT::retriesHidIt)),
                Arguments.of("wget --tries=1: one document per port acknowledged, the next fails: today's verdict",
                        new Case("wget `--tries=1`", Scenario.ofProgram(new CommandProgram(WGET.replace("wget -q", "wget --tries=1 -q")),
                                RANGE, DOCS), RetriesHideTheExhaustionIT::ranOutWithoutRetries)),
                Arguments.of("requests with an HTTPAdapter(max_retries=Retry(connect=10, backoff_factor=1)), a session per "
                                + "document, gets all 90 through, and the verdict says the range ran out",
                        new Case("`python-retry`", Scenario.of(ClientKind.PYTHON_RETRY, RANGE, DOCS), r -> {
                            retriesHidIt(r);
                            assertThat(r.clientSide().retries()).as("connects urllib3 tried again").isPositive();
                        })),
                Arguments.of("fix: the same retries on one session per process: all 90 over one connection, no retry",
                        new Case("fix: `python-retry-session`", Scenario.of(ClientKind.PYTHON_RETRY_SESSION, RANGE, DOCS),
                                RetriesHideTheExhaustionIT::oneConnection)),
                Arguments.of("Apache HttpClient 5 per document inside resilience4j's Retry (exponential back-off on a failed "
                                + "connect) gets all 90 through, and the verdict says the range ran out",
                        new Case("`per-request-retry`", Scenario.of(ClientKind.PER_REQUEST_RETRY, RANGE, DOCS), r -> {
                            retriesHidIt(r);
                            assertThat(r.clientSide().retries()).as("connects resilience4j tried again").isPositive();
                        })),
                Arguments.of("fix: the same Retry around one pooled client: all 90 over one connection, no retry",
                        new Case("fix: `pooled-retry`", Scenario.of(ClientKind.POOLED_RETRY, RANGE, DOCS),
                                RetriesHideTheExhaustionIT::oneConnection)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void theVerdictSeesTheRangeRunOut(String claim, Case c, Incident incident) {
        ScenarioResult r = incident.run(c.scenario());
        System.out.printf("measured %s: acknowledged %d, failed %d, connections %d, retries %s, ran out %s, verdict %s, "
                        + "load %d ms, ports freed early: %s%n",
                c.row(), r.clientSide().acknowledged(), r.clientSide().failed(), r.sockets().clientConnectionsOpened(),
                r.clientSide().retries(), r.portsRanOut(), r.verdict().sentence(), r.timing().durationMs(),
                PortsFreedEarly.of(r).explain(r));
        c.check().accept(r);
        String row = row(c.row(), r);
        assertThat(DocsPage.read(DocsPage.CLIENTS))
                .as("%s's table \"When retries hide it\" must show what was measured; update the row '%s' to:%n%s",
                        DocsPage.CLIENTS, c.row(), row)
                .contains(row);
    }

    /** Every document acknowledged, each on a connection of its own, through a range that ran out after 56. */
    static void retriesHidIt(ScenarioResult r) {
        assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
        assertThat(r.clientSide().acknowledged()).as("documents acknowledged").isEqualTo(DOCS);
        assertThat(r.sockets().clientConnectionsOpened())
                .as("connections opened (SYNs): one per document; the connects that failed for want of a port sent none")
                .isEqualTo(DOCS);
        PortsRanOut ranOut = r.portsRanOut();
        assertThat(ranOut).as("the range ran out: every port in TIME_WAIT at a sample, documents acknowledged after it")
                .isNotNull();
        assertThat(ranOut.ports()).as("the ports of the range").isEqualTo(PORTS);
        assertThat(ranOut.acknowledgedWhenFull()).as("documents acknowledged when the range was full: one per port")
                .isEqualTo(PORTS);
        assertThat(ranOut.longestStallMs())
                .as("the longest stall: until the first ports came out of TIME_WAIT (60 s after they went in), give or "
                        + "take the client's back-off")
                .isBetween(45_000L, 80_000L);
        assertThat(r.verdict()).as("the verdict").isEqualTo(new Verdict.RetriesHidExhaustion(DOCS, ranOut));
        assertThat(r).opensAtMostConnections(DOCS);
        assertThatThrownBy(() -> assertThat(r).neverRanOutOfPorts())
                .as("neverRanOutOfPorts() on a run whose retries got every document through a range that ran out")
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected the sender never to run out of ports, but PORTS RAN OUT, RETRIES HID IT: all "
                        + DOCS + " documents acknowledged");
    }

    /**
     * No retry: a document per port, and the next one fails. A port carries a second document only where its first
     * connection left no TIME_WAIT or its TIME_WAIT ended early (57 on 56 ports measured once, in a clean-clone run on a
     * busy 2-core machine, before the namespaces set tcp_rfc1337=1): each way that happens is counted
     * ({@link PortsFreedEarly}), and with none the count is the port count; everything after is exact for the documents
     * that got through.
     */
    static void ranOutWithoutRetries(ScenarioResult r) {
        PortsFreedEarly early = PortsFreedEarly.of(r);
        int acknowledged = r.clientSide().acknowledged();
        assertThat((long) acknowledged).as("documents Node acknowledged on the %d-port range: %s", PORTS, early.explain(r))
                .isBetween((long) PORTS, PORTS + early.total());
        assertThat(r.sockets().clientConnectionsOpened())
                .as("connections the namespace opened (ActiveOpens): exactly one per acknowledged document")
                .isEqualTo((long) acknowledged);
        assertThat(r.clientSide().firstFailureAt()).as("the first failing document: the one after the last port")
                .isEqualTo(acknowledged + 1);
        assertThat(r.clientSide().failed()).as("every document after the first failure fails too: nothing retried")
                .isEqualTo(DOCS - acknowledged);
        assertThat(r.clientSide().error().type()).as("wget's exit status: 4, a network failure").isEqualTo("exit 4");
        assertThat(r.verdict()).as("the verdict").isInstanceOf(Verdict.ClientPortsExhausted.class);
    }

    /** The fix: every document over one connection, nothing retried, a range that never ran out. */
    static void oneConnection(ScenarioResult r) {
        assertThat(r).indexedEveryDocument().neverRanOutOfPorts().opensAtMostConnections(1).nothingLost()
                .survives(800, 32768, 60999);
        assertThat(r.clientSide().retries()).as("connects tried again").isZero();
        assertThat(r.verdict()).as("the verdict").isEqualTo(new Verdict.AllIndexed(DOCS));
    }

    /** The docs row: only what is deterministic on this run shape (the stall in buckets). */
    static String row(String client, ScenarioResult r) {
        PortsRanOut ranOut = r.portsRanOut();
        long stall = ranOut == null ? 0 : ranOut.longestStallMs();
        String stallCell = ranOut == null ? "—" : stall >= 45_000 && stall <= 80_000 ? "about 60 s (TIME_WAIT)"
                : Math.round(stall / 1000.0) + " s";
        String verdict = r.verdict() instanceof Verdict.RetriesHidExhaustion ? "PORTS RAN OUT, RETRIES HID IT"
                : r.verdict() instanceof Verdict.ClientPortsExhausted ? "PORTS EXHAUSTED"
                : r.verdict() instanceof Verdict.AllIndexed ? "all indexed" : r.verdict().getClass().getSimpleName();
        // A run without retries that ran out: one connection per document shown (see PortsFreedEarly.shownPerPort).
        boolean failedAtThePorts = ranOut == null && r.clientSide().failed() > 0;
        long acknowledged = failedAtThePorts ? PortsFreedEarly.shownPerPort(r, r.clientSide().acknowledged(), PORTS)
                : r.clientSide().acknowledged();
        long connections = failedAtThePorts ? acknowledged : r.sockets().clientConnectionsOpened();
        return "| " + client + " | " + acknowledged + " of " + r.setup().docs() + " | " + connections + " | "
                + (ranOut != null ? "yes: all " + ranOut.ports() + " ports taken after " + ranOut.acknowledgedWhenFull()
                        + " documents" : failedAtThePorts ? "yes, and document " + (acknowledged + 1) + " failed" : "no")
                + " | "
                + stallCell + " | " + verdict + " |";
    }
}
