package dev.portex.it;

import dev.portex.model.Verdict;
import dev.portex.model.ClientKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.PortRange;
import dev.portex.model.EsClientMode;
import dev.portex.internal.infra.PortexHome;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.internal.containers.PortexImages;
import dev.portex.docs.DocsPage;
import dev.portex.internal.harness.PortexStack;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The incident's second leg: once the sender reused connections, Node itself opened one connection
 * to Elasticsearch per document. With Node's own range narrowed to {@value #NODE_PORTS} ports, the
 * 2x2 matrix (client x Elasticsearch client) shows which namespace runs out first.
 *
 * <p>Against Elasticsearch 7.17 (-Delasticsearch.version=7.17.29) Node runs the 7.x client, which
 * checks the product with one GET / before its first request: one more connection per Node and,
 * in per-request mode, one port of Node's range gone before the first document
 * (Node's /stats counts them: {@code esProductChecks}, 0 with the 8.x and 9.x clients).
 *
 * <p>{@code agent: false} depends on the Node.js version (-Dnode.version): on Node 18 it opens a
 * connection per document, on Node 24 the global agent it falls back to keeps one alive.
 */
@PortexStackTest
@Order(2) // starts early: it waits long (see the Failsafe configuration)
class NodeToElasticsearchLegIT {
    static final int NODE_PORTS = 56;
    static final PortRange NODE_RANGE = new PortRange(42000, 42000 + NODE_PORTS - 1);
    static final PortRange CLIENT_RANGE = new PortRange(40000, 40037);
    static final int DOCS = 150;
    /** Linux's default ephemeral range, the incident's. */
    static final PortRange DEFAULT_RANGE = new PortRange(32768, 60999);
    /** The 7.x client's product check takes one of Node's ports in per-request mode (see above). */
    static final int PRODUCT_CHECK = PortexHome.elasticsearchVersion().startsWith("7.") ? 1 : 0;

    /** What the run must come to, and the verdict portex must give it. */
    enum Expected {
        ALL_INDEXED(Verdict.AllIndexed.class),
        CLIENT_EXHAUSTED(Verdict.ClientPortsExhausted.class),
        NODE_EXHAUSTED(Verdict.ServerPortsExhausted.class);

        final Class<? extends Verdict> verdict;

        Expected(Class<? extends Verdict> verdict) {
            this.verdict = verdict;
        }
    }

    static Stream<Arguments> matrix() {
        return Stream.of(
                Arguments.of("pooled client, pooled Elasticsearch client: all " + DOCS
                        + " documents indexed over a handful of connections", ClientKind.POOLED, EsClientMode.POOLED, Expected.ALL_INDEXED),
                Arguments.of("pooled client, per-request Elasticsearch client: Node runs out of its " + NODE_PORTS
                        + " ports and answers 503 EADDRNOTAVAIL from document " + (NODE_PORTS - PRODUCT_CHECK + 1)
                        + (PRODUCT_CHECK > 0 ? " (one port went to the 7.x client's product check)" : ""), ClientKind.POOLED,
                        EsClientMode.PER_REQUEST, Expected.NODE_EXHAUSTED),
                Arguments.of("per-request client, pooled Elasticsearch client: the client's " + CLIENT_RANGE.size()
                        + " ports run out first, at document " + (CLIENT_RANGE.size() + 1), ClientKind.PER_REQUEST,
                        EsClientMode.POOLED, Expected.CLIENT_EXHAUSTED),
                Arguments.of("per-request client, per-request Elasticsearch client: the smaller range, the client's "
                        + CLIENT_RANGE.size() + " ports, runs out first", ClientKind.PER_REQUEST, EsClientMode.PER_REQUEST,
                        Expected.CLIENT_EXHAUSTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void whichNamespaceRunsOutFirst(String story, ClientKind client, EsClientMode esClient, Expected expected, Incident incident) {
        ScenarioResult r = incident.run(Scenario.of(client, CLIENT_RANGE, DOCS)
                .withEsClient(esClient)
                .withServerPortRange(NODE_RANGE));

        assertThat(r.verdict()).as("portex's verdict on this run (%s)", r.verdict().sentence()).isInstanceOf(expected.verdict);
        switch (expected) {
            case ALL_INDEXED -> {
                assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
                assertThat(r.serverSide().indexed()).as("documents in Elasticsearch").isEqualTo(DOCS);
                assertThat(r.serverSide().esConnectionsOpened())
                        .as("connections Elasticsearch accepted during the run: Node's pool keeps one connection for one "
                                + "sender%s", PRODUCT_CHECK > 0 ? ", plus the 7.x client's product check, which is not reused" : "")
                        .isEqualTo(1 + PRODUCT_CHECK);
                assertThat(r.sockets().serverTimeWait()).as("TIME_WAIT sockets in Node's namespace").isZero();
            }
            case NODE_EXHAUSTED -> {
                int check = productChecks(r);
                assertThat(r.clientSide().acknowledged())
                        .as("documents acknowledged: one per port of Node's range (less %d for the %s client's product check)",
                                check, r.setup().esClientVersion())
                        .isEqualTo(NODE_PORTS - check);
                assertThat(r.clientSide().firstFailureAt()).as("the first document Node could not index").isEqualTo(NODE_PORTS - check + 1);
                assertThat(r.clientSide().error().type()).as("what the client saw").isEqualTo("HTTP 503");
                assertThat(r.clientSide().error().message()).as("Node's 503 names the cause")
                        .contains("connect EADDRNOTAVAIL").contains("\"code\":\"EADDRNOTAVAIL\"");
                assertThat(r.serverSide().serverReceived()).as("Node received every document: the client's connection is reused")
                        .isEqualTo(DOCS);
                assertThat(r.serverSide().serverFailed()).as("documents Node answered 503").isEqualTo(DOCS - NODE_PORTS + check);
                assertThat(r.serverSide().nodeEsConnectionsOpened())
                        .as("connections Node opened to Elasticsearch: one per indexed document, plus %d product check", check)
                        .isEqualTo(NODE_PORTS);
                assertThat(r.sockets().serverTimeWait()).as("TIME_WAIT sockets in Node's namespace: its whole range")
                        .isEqualTo(NODE_PORTS);
                assertThat(r.sockets().localPortsUsed()).as("local ports the pooled client used").isEqualTo(1);
            }
            case CLIENT_EXHAUSTED -> {
                assertThat(r.clientSide().acknowledged()).as("documents acknowledged: one per port of the client's range")
                        .isEqualTo(CLIENT_RANGE.size());
                assertThat(r.clientSide().firstFailureAt()).as("the first failing document").isEqualTo(CLIENT_RANGE.size() + 1);
                assertThat(r.clientSide().error().type()).as("the client's own bind failure").isEqualTo("java.net.BindException");
                assertThat(r.serverSide().serverReceived()).as("requests Node received").isEqualTo(CLIENT_RANGE.size());
                assertThat(r.serverSide().serverFailed()).as("documents Node failed to index").isZero();
            }
        }
        incident.assertElasticsearchHolds(r, r.clientSide().acknowledged());
    }

    /** The product checks Node's client made during the run: one per fresh Node with the 7.x client, else none. */
    private static int productChecks(ScenarioResult r) {
        assertThat(r.serverSide().esProductChecks())
                .as("GET / product checks by @elastic/elasticsearch %s on a fresh Node", r.setup().esClientVersion())
                .isEqualTo(PRODUCT_CHECK);
        return PRODUCT_CHECK;
    }

    /** Node 19 made the global agent keep connections alive; agent:false falls back to it. */
    static final int NODE_MAJOR = Integer.parseInt(PortexImages.nodeMajor());
    static final boolean GLOBAL_AGENT_KEEPS_ALIVE = NODE_MAJOR >= 19;

    static Stream<Arguments> agentFalseStory() {
        return Stream.of(Arguments.of(GLOBAL_AGENT_KEEPS_ALIVE
                ? "agent: false (the documented way to disable keep-alive) keeps one connection alive on Node " + NODE_MAJOR
                        + ": the global agent it falls back to keeps connections alive since Node 19"
                : "agent: false (the documented way to disable keep-alive) opens one connection per document on Node "
                        + NODE_MAJOR + ", and Elasticsearch shares the TIME_WAIT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agentFalseStory")
    void agentFalseDependsOnTheNodeVersion(String story, Incident incident) {
        int docs = 100;
        ScenarioResult r = incident.run(Scenario.of(ClientKind.POOLED, CLIENT_RANGE, docs).withEsClient(EsClientMode.AGENT_FALSE));

        assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
        int check = productChecks(r);
        if (GLOBAL_AGENT_KEEPS_ALIVE) {
            assertThat(r.serverSide().nodeEsConnectionsOpened())
                    .as("connections Node %d opened: agent:false falls back to the global agent, which keeps them alive,"
                            + " so one sender needs one connection (plus %d for the %s client's product check, whose"
                            + " connection is not reused)", NODE_MAJOR, check, r.setup().esClientVersion())
                    .isEqualTo(1 + check);
            assertThat(r.serverSide().esConnectionsOpened()).as("connections Elasticsearch accepted during the run").isEqualTo(1 + check);
            assertThat(r.sockets().serverTimeWait()).as("TIME_WAIT sockets in Node's namespace: the connection is still open")
                    .isZero();
        } else {
            assertThat(r.serverSide().nodeEsConnectionsOpened())
                    .as("connections Node %d opened: agent:false falls back to the global agent, which does not keep"
                            + " them alive (plus %d for the %s client's product check)", NODE_MAJOR, check, r.setup().esClientVersion())
                    .isEqualTo(docs + check);
            assertThat(r.serverSide().esConnectionsOpened()).as("connections Elasticsearch accepted during the run").isEqualTo(docs + check);
            assertThat(r.sockets().serverTimeWait())
                    .as("TIME_WAIT left in Node's namespace: the global agent sends Connection: close, so Elasticsearch "
                            + "often closes first and keeps the TIME_WAIT itself; Node keeps fewer than one per document")
                    .isLessThan((long) docs);
        }
    }

    @Test
    @DisplayName("the ingest server runs the Node.js major and the Elasticsearch client major this build selected")
    void theIngestServerRunsTheSelectedVersions(Incident incident) {
        IngestNodeContainer node = incident.stack().startIngestNode(n -> n);
        try {
            JsonNode stats = PortexStack.nodeStats(node);
            assertThat(stats.path("nodeVersion").asText())
                    .as("process.version of the ingest server (-Dnode.version=%d)", NODE_MAJOR)
                    .startsWith("v" + NODE_MAJOR + ".");
            String esMajor = PortexHome.elasticsearchVersion().split("\\.")[0];
            assertThat(stats.path("esClientVersion").asText())
                    .as("@elastic/elasticsearch on Node, for Elasticsearch %s", PortexHome.elasticsearchVersion())
                    .startsWith(esMajor + ".");
        } finally {
            incident.stack().remove(node);
        }
    }

    /** The first header cell of docs/clients.md's table of connection counts per version (one column per stack run). */
    static final String VERSIONS_TABLE = "| connections Node opened for 100 documents |";

    @Test
    @DisplayName("docs/clients.md's table of connections per Node.js and client version shows what this stack measured")
    void docsTableShowsThisStack(Incident incident) {
        IngestNodeContainer node = incident.stack().startIngestNode(n -> n);
        String column;
        try {
            JsonNode stats = PortexStack.nodeStats(node);
            column = "Node " + stats.path("nodeVersion").asText().substring(1) + ", @elastic/elasticsearch "
                    + stats.path("esClientVersion").asText();
        } finally {
            incident.stack().remove(node);
        }
        int docs = 100;
        Map<EsClientMode, Long> measured = new EnumMap<>(EsClientMode.class);
        for (EsClientMode mode : EsClientMode.values()) {
            // A fresh Node for every mode, pooled too (a shared one would reuse an earlier run's connection and
            // count 0): a server port range of its own gives one; the default range, so nothing runs out.
            ScenarioResult r = incident.run(Scenario.of(ClientKind.POOLED, CLIENT_RANGE, docs).withEsClient(mode)
                    .withServerPortRange(DEFAULT_RANGE));
            assertThat(r.clientSide().failed()).as("failed documents with --es-client %s (first error: %s)", mode.cliName(), r.clientSide().error()).isZero();
            measured.put(mode, r.serverSide().nodeEsConnectionsOpened());
        }
        String expected = measured.entrySet().stream()
                .map(e -> "`" + e.getKey().cliName() + "` " + e.getValue())
                .collect(Collectors.joining(", "));

        List<String> lines = DocsPage.lines(DocsPage.CLIENTS);
        int header = IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith(VERSIONS_TABLE)).findFirst()
                .orElseThrow(() -> new AssertionError(DocsPage.CLIENTS + " has no table starting with " + VERSIONS_TABLE
                        + "; this stack's column '" + column + "' would read: " + expected));
        List<String> headerCells = cells(lines.get(header));
        int col = headerCells.indexOf(column);
        assertThat(col).as("%s's table '%s' needs a column '%s' with: %s", DocsPage.CLIENTS, VERSIONS_TABLE, column, expected)
                .isPositive();
        for (EsClientMode mode : EsClientMode.values()) {
            String row = lines.subList(header + 2, lines.size()).stream()
                    .takeWhile(l -> l.startsWith("|"))
                    .filter(l -> l.startsWith("| `" + mode.cliName() + "` |"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(DocsPage.CLIENTS + "'s table " + VERSIONS_TABLE + " has no row `" + mode.cliName() + "`"));
            assertThat(cells(row).get(col))
                    .as("%s's table '%s', row `%s`, column '%s' (measured: %s)", DocsPage.CLIENTS, VERSIONS_TABLE, mode.cliName(), column, expected)
                    .isEqualTo(String.valueOf(measured.get(mode)));
        }
    }

    private static List<String> cells(String row) {
        String inner = row.strip().substring(1, row.strip().length() - 1);
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }

    @Test
    @DisplayName("per-request mode opens one connection per document and keeps every TIME_WAIT in Node's namespace")
    void perRequestModeKeepsTimeWaitInNode(Incident incident) {
        int docs = 100;
        ScenarioResult r = incident.run(Scenario.of(ClientKind.POOLED, CLIENT_RANGE, docs).withEsClient(EsClientMode.PER_REQUEST));

        assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
        int check = productChecks(r);
        assertThat(r.serverSide().nodeEsConnectionsOpened())
                .as("connections Node opened to Elasticsearch: one per document, plus %d for the %s client's product check",
                        check, r.setup().esClientVersion())
                .isEqualTo(docs + check);
        assertThat(r.serverSide().esConnectionsOpened()).as("connections Elasticsearch accepted during the run").isEqualTo(docs + check);
        assertThat(r.sockets().serverTimeWait()).as("TIME_WAIT sockets in Node's namespace: Node closed every connection first")
                .isEqualTo(docs + check);
    }
}
