package dev.portex.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.docs.DocsPage;
import dev.portex.model.ClientKind;
import dev.portex.model.ConnectionReuse;
import dev.portex.model.Failure;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reuse has its own failure. Node closes a keep-alive connection that sat idle for its keep-alive timeout (5 s, and
 * Node 24 waits 1 s more than the {@code Keep-Alive: timeout=5} it advertises); a pooled client that sends the next
 * document over that connection loses it, and HttpClient does not retry a POST. One run shape for every case: the
 * pooled client, one thread, 6 documents, 6.5 s idle before each document after the first, past Node's timeout. The
 * client without a stale check fails exactly on every reuse; each fix indexes all 6, nothing lost, nothing twice.
 * Each case also renders its row of the keep-alive table in docs/clients.md from the result, and the page must show it.
 */
@PortexStackTest
@DisplayName("The keep-alive race")
@Execution(ExecutionMode.CONCURRENT) // its tests wait (idle gaps, TIME_WAIT, a leak that never recovers): side by side
@Order(1) // starts first: it waits longest (see the Failsafe configuration)
class KeepAliveRaceIT {
    /** Past Node's keep-alive timeout (5,000 ms, plus Node 24's 1,000 ms buffer), with 500 ms to spare. */
    static final int IDLE_GAP_MS = 6500;
    static final int DOCS = 6;
    /** A POST sent on a connection whose FIN had arrived: HttpClient reads end-of-stream where the answer should be. */
    static final Failure STALE_CONNECTION =
            new Failure("org.apache.hc.core5.http.NoHttpResponseException", "The target server failed to respond");

    /** One client or server setting on the shared run shape, and what must hold of its result. */
    record Case(String row, Scenario scenario, Consumer<ScenarioResult> check) {
        @Override
        public String toString() {
            return row;
        }
    }

    static Scenario runShape(int low) {
        return Scenario.of(ClientKind.POOLED, new PortRange(low, low + 99), DOCS).withIdleGap(IDLE_GAP_MS);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("without a stale check, every reuse of a connection Node closed fails: documents 2, 4 and 6, "
                                + "none of them seen by Node or indexed",
                        new Case("`--reuse unchecked`", runShape(48100).withReuse(ConnectionReuse.UNCHECKED), r -> {
                            assertThat(r.clientSide().failed()).as("failed documents: every second one reused a closed connection")
                                    .isEqualTo(3);
                            assertThat(r.clientSide().firstFailureAt()).as("the first failure: document 2, the first reuse").isEqualTo(2);
                            assertThat(r.clientSide().error()).as("the exception of the first failure").isEqualTo(STALE_CONNECTION);
                            assertThat(r.clientSide().errorCounts()).as("every failure, by exception and message")
                                    .isEqualTo(Map.of(STALE_CONNECTION.toString(), 3));
                            assertThat(r.serverSide().serverReceived()).as("POST /docs requests Node received: the failing ones never reached it")
                                    .isEqualTo(3);
                            assertThat(r.integrity().unacknowledgedIndexed())
                                    .as("failed documents Elasticsearch holds anyway (a blind retry would have indexed these twice)")
                                    .isZero();
                            assertThat(r.sockets().clientConnectionsOpened())
                                    .as("connections opened: after each failure the pool starts a new one").isEqualTo(3);
                            assertThat(r.sockets().clientConnectionsReset())
                                    .as("the client's connections that ended in a reset: one per failed document").isEqualTo(3);
                            assertThat(r.serverSide().serverKeepAliveTimeouts())
                                    .as("connections Node closed after its keep-alive timeout: each of the 3 was idle 6.5 s").isEqualTo(3);
                            assertThat(r.verdict()).as("portex's verdict, from these numbers")
                                    .isEqualTo(new Verdict.KeepAliveRace(3, 3, 3, STALE_CONNECTION));
                        })),
                Arguments.of("HttpClient's defaults do not fail here: Node's Keep-Alive: timeout=5 header expires each connection "
                                + "before Node closes it",
                        new Case("`--reuse default`", runShape(48200), r -> {
                            assertAllIndexed(r);
                            assertThat(r.sockets().clientConnectionsOpened()).as("connections opened: a new one per document")
                                    .isEqualTo(DOCS);
                            assertThat(r.sockets().clientConnectionsReset()).as("connections that ended in a reset").isZero();
                        })),
                Arguments.of("the library's stale check alone (header ignored) finds each closed connection before it is reused",
                        new Case("`--reuse stale-check`", runShape(48300).withReuse(ConnectionReuse.STALE_CHECK), r -> {
                            assertAllIndexed(r);
                            assertThat(r.sockets().clientConnectionsOpened()).as("connections opened: a new one per document")
                                    .isEqualTo(DOCS);
                        })),
                Arguments.of("fix: the client never reuses a connection idle 4 s or more, shorter than Node's 5 s",
                        new Case("fix: `--reuse idle-timeout`", runShape(48400).withReuse(ConnectionReuse.IDLE_TIMEOUT), r -> {
                            assertAllIndexed(r);
                            assertThat(r.sockets().clientConnectionsOpened()).as("connections opened: a new one per document")
                                    .isEqualTo(DOCS);
                            assertThat(r.sockets().clientConnectionsReset()).as("connections that ended in a reset").isZero();
                        })),
                Arguments.of("fix: Node's keep-alive timeout (10 s) longer than the client's idle time: one connection carries all 6",
                        new Case("fix: `--reuse unchecked --server-keep-alive 10000`",
                                runShape(48500).withReuse(ConnectionReuse.UNCHECKED).withServerKeepAlive(10_000), r -> {
                            assertAllIndexed(r);
                            assertThat(r.sockets().clientConnectionsOpened()).as("connections opened").isEqualTo(1);
                            assertThat(r.serverSide().serverKeepAliveTimeouts()).as("connections Node closed for idleness").isZero();
                        })),
                Arguments.of("fix: each document carries its own id, so the client retries the failed send; each of the 5 reuses "
                                + "fails once, is retried on a new connection, and is indexed once",
                        new Case("fix: `--reuse retry-with-id`", runShape(48600).withReuse(ConnectionReuse.RETRY_WITH_ID), r -> {
                            assertAllIndexed(r);
                            assertThat(r.clientSide().retries()).as("sends retried: every reuse found its connection closed")
                                    .isEqualTo(DOCS - 1);
                            assertThat(r.serverSide().serverReceived()).as("POST /docs requests Node received: the failed attempts never reached it")
                                    .isEqualTo(DOCS);
                            assertThat(r.serverSide().serverOverwritten())
                                    .as("documents indexed again under their id (a failed attempt that had reached Elasticsearch)").isZero();
                        })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachShapeAndFixDoesWhatTheTableSays(String claim, Case c, Incident incident) {
        ScenarioResult r = incident.run(c.scenario());
        c.check().accept(r);
        incident.assertElasticsearchHolds(r, r.clientSide().acknowledged());
        String row = row(c.row(), r);
        assertThat(DocsPage.read(DocsPage.CLIENTS))
                .as("%s's keep-alive table must show what was measured; update the row '%s' to:%n%s", DocsPage.CLIENTS, c.row(), row)
                .contains(row);
    }

    private static void assertAllIndexed(ScenarioResult r) {
        assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
        assertThat(r.verdict()).as("portex's verdict").isEqualTo(new Verdict.AllIndexed(DOCS));
        assertThat(r.serverSide().indexed()).as("documents of the run in Elasticsearch: each once").isEqualTo(DOCS);
    }

    /** The table's row: only numbers that are deterministic on this run shape. */
    static String row(String setting, ScenarioResult r) {
        String outcome = r.clientSide().failed() == 0
                ? "all " + r.setup().docs() + " indexed"
                : r.clientSide().failed() + " of " + r.setup().docs() + " failed, each `" + r.clientSide().errorCounts().keySet().stream()
                        .collect(Collectors.joining("`, `")) + "`; Node saw " + r.serverSide().serverReceived() + " requests, "
                        + r.serverSide().indexed() + " indexed";
        return "| " + setting + " | " + outcome + " | " + r.sockets().clientConnectionsOpened() + " | "
                + r.serverSide().serverKeepAliveTimeouts() + " | " + r.sockets().clientConnectionsReset() + " | "
                + (r.clientSide().retries() == null ? "-" : r.clientSide().retries() + " (" + r.serverSide().serverOverwritten()
                + " overwrote an indexed document)") + " |";
    }
}
