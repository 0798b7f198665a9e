package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The JSON of `./portex run --json` is a contract: scripts and the report read it. The file below is what
 * `./portex run --client per-request --port-range 40000-40099 --docs 160 --json` printed before ScenarioResult
 * was split into named parts; the parts must read it and write it back to the letter: the same keys, in the
 * same order, with the same value types and values.
 */
@DisplayName("ScenarioResult's JSON")
class ScenarioResultJsonTest {
    static final String PINNED = "/scenario-result/per-request-100-ports.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static String pinned() throws IOException {
        return read(PINNED);
    }

    @Test
    @DisplayName("is, to the letter, what the flat record printed before it had parts")
    void sameTextAsBefore() throws IOException {
        ScenarioResult r = JSON.readValue(pinned(), ScenarioResult.class);

        assertThat(JSON.writeValueAsString(r)).as("JSON written from the result read from the pinned file").isEqualTo(pinned());
    }

    @Test
    @DisplayName("has the 39 keys of the contract, in their order, each of its JSON type")
    void keysAndTypes() throws IOException {
        JsonNode written = JSON.readTree(JSON.writeValueAsString(JSON.readValue(pinned(), ScenarioResult.class)));
        List<String> keysAndTypes = new ArrayList<>();
        written.fields().forEachRemaining(e -> keysAndTypes.add(e.getKey() + ":" + e.getValue().getNodeType()));

        assertThat(keysAndTypes).as("key:type of every top-level field").containsExactly(
                "runId:STRING", "client:STRING", "esClient:STRING", "elasticsearchVersion:STRING", "esClientVersion:STRING",
                "portRange:OBJECT", "portsTakenInRange:NUMBER", "serverPortRange:NULL", "targets:NUMBER", "tcpTwReuse:NUMBER",
                "mitigation:STRING", "docs:NUMBER", "rate:NUMBER", "concurrency:NUMBER", "acknowledged:NUMBER",
                "failed:NUMBER", "firstFailureAt:NUMBER", "acknowledgedBeforeFirstFailure:NUMBER", "error:OBJECT",
                "indexed:NUMBER", "serverReceived:NUMBER", "serverFailed:NUMBER", "esConnectionsOpened:NUMBER",
                "nodeEsConnectionsOpened:NUMBER", "esProductChecks:NUMBER", "clientConnectionsOpened:NUMBER",
                "clientResetsSent:NUMBER", "localPortsUsed:NUMBER", "clientTimeWait:NUMBER", "clientSocketStates:OBJECT",
                "serverTimeWait:NULL", "serverSocketStates:NULL", "recoveredAfterMs:NULL", "missingAcknowledged:NUMBER",
                "unacknowledgedIndexed:NUMBER", "durationMs:NUMBER", "docsPerSecond:NUMBER", "stoppedBy:STRING",
                "samples:ARRAY");
        assertThat(written.path("rate").isDouble()).as("rate is written as a decimal (0.0), not an integer").isTrue();
        assertThat(written.path("docsPerSecond").isDouble()).as("docsPerSecond is a decimal").isTrue();
    }

    /** What `./portex run --client pooled --port-range 40000-40099 --docs 160 --json` printed at 2a09534 + this change. */
    static final String WITH_VERSIONS = "/scenario-result/pooled-100-ports-versions.json";
    /** What `./portex run --client python-post --docs 50 --json` printed then. */
    static final String PYTHON_WITH_VERSIONS = "/scenario-result/python-post-versions.json";

    static String read(String resource) throws IOException {
        try (InputStream in = ScenarioResultJsonTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    @DisplayName("of a run that names its versions: 'versions' after esClientVersion, with node, java and debian for a Java "
            + "client, written back to the letter")
    void versionsOfAJavaRun() throws IOException {
        String printed = read(WITH_VERSIONS);
        ScenarioResult r = JSON.readValue(printed, ScenarioResult.class);
        JsonNode written = JSON.readTree(JSON.writeValueAsString(r));
        List<String> keys = new ArrayList<>();
        written.fields().forEachRemaining(e -> keys.add(e.getKey() + ":" + e.getValue().getNodeType()));
        List<String> versionKeys = new ArrayList<>();
        written.path("versions").fields().forEachRemaining(e -> versionKeys.add(e.getKey() + ":" + e.getValue().getNodeType()));

        assertThat(JSON.writeValueAsString(r)).as("JSON written from the result read from %s", WITH_VERSIONS).isEqualTo(printed);
        assertThat(keys.subList(0, 7)).as("the first keys of the result: the versions beside Elasticsearch's")
                .containsExactly("runId:STRING", "client:STRING", "esClient:STRING", "elasticsearchVersion:STRING",
                        "esClientVersion:STRING", "versions:OBJECT", "portRange:OBJECT");
        assertThat(versionKeys).as("key:type in 'versions' of a pooled run")
                .containsExactly("node:STRING", "java:STRING", "debian:STRING");
        assertThat(r.setup().versions()).as("the versions the real run named")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", "25.0.5+8-1-deb13u1-Debian", null, null, null, null, null, null, null, null, null, "13.8"));
    }

    @Test
    @DisplayName("of a Python client's run: python, requests and urllib3 instead of java")
    void versionsOfAPythonRun() throws IOException {
        ScenarioResult r = JSON.readValue(read(PYTHON_WITH_VERSIONS), ScenarioResult.class);
        List<String> versionKeys = new ArrayList<>();
        JSON.readTree(JSON.writeValueAsString(r)).path("versions").fields()
                .forEachRemaining(e -> versionKeys.add(e.getKey() + ":" + e.getValue().getNodeType()));

        assertThat(versionKeys).as("key:type in 'versions' of a python-post run")
                .containsExactly("node:STRING", "python:STRING", "requests:STRING", "urllib3:STRING", "debian:STRING");
        assertThat(r.setup().describeVersions()).as("the versions in one line, as the summary and the report show them")
                .isEqualTo("Elasticsearch 9.5.4, @elastic/elasticsearch 9.5.1, Node.js 24.21.0, Python 3.13.5, "
                        + "requests 2.32.3, urllib3 2.3.0, Debian 13.8");
    }

    @Test
    @DisplayName("reads into typed parts: the client kind, the modes, and the numbers in their parts")
    void readsIntoParts() throws IOException {
        ScenarioResult r = JSON.readValue(pinned(), ScenarioResult.class);

        assertThat(r.setup().client()).as("client").isEqualTo(ClientKind.PER_REQUEST);
        assertThat(r.setup().esClient()).as("esClient").isEqualTo(EsClientMode.POOLED);
        assertThat(r.setup().mitigation()).as("mitigation").isEqualTo(Mitigation.NONE);
        assertThat(r.setup().portRange()).as("portRange").isEqualTo(new ScenarioResult.Range(40000, 40099, 100));
        assertThat(r.clientSide()).as("what the client saw").isEqualTo(new ScenarioResult.ClientSide(100, 60, 101, 100,
                new Failure("java.net.BindException", "Cannot assign requested address")));
        assertThat(r.serverSide()).as("what Node and Elasticsearch counted")
                .isEqualTo(new ScenarioResult.ServerSide(100, 100, 0, 1, 1, 0));
        assertThat(r.sockets().clientTimeWait()).as("TIME_WAIT after the run").isEqualTo(100);
        assertThat(r.integrity()).as("nothing lost").isEqualTo(new ScenarioResult.Integrity(0, 0));
        assertThat(r.timing().samples()).as("samples of the 200 ms series").hasSize(11);
        assertThat(r.verdict()).as("the verdict of the real run").isEqualTo(new Verdict.ClientPortsExhausted(100, 100, 1, 0));
    }

    @Test
    @DisplayName("behind a NAT: a nat object with the router's figures, its keys in their order, read back the same; absent without a NAT")
    void natObject() throws IOException {
        ResultBuilder b = new ResultBuilder();
        b.client = ClientKind.POOLED;
        b.serverConnections = 4L;
        b.nat = new ScenarioResult.NatSide("40000-40003", 4, 2, false, null, "172.18.0.5", 4L, 2, 4, 7, 7, 4, 0);
        ScenarioResult r = b.build();

        JsonNode written = JSON.readTree(JSON.writeValueAsString(r));
        List<String> keysAndTypes = new ArrayList<>();
        written.path("nat").fields().forEachRemaining(e -> keysAndTypes.add(e.getKey() + ":" + e.getValue().getNodeType()));

        assertThat(keysAndTypes).as("key:type of every field of nat (idleTimeoutSeconds absent: the kernel's)").containsExactly(
                "ports:STRING", "portCount:NUMBER", "behind:NUMBER", "randomFully:BOOLEAN", "routerAddress:STRING",
                "connectionsWhileFull:NUMBER", "connectsUnanswered:NUMBER", "synRetransmits:NUMBER",
                "conntrackInsertFailed:NUMBER", "conntrackDrop:NUMBER", "conntrackEntries:NUMBER", "routerResetsSent:NUMBER");
        assertThat(JSON.readValue(JSON.writeValueAsString(r), ScenarioResult.class)).as("the result read back from its JSON")
                .isEqualTo(r);
        assertThat(JSON.readTree(pinned()).has("nat")).as("the pinned run without a NAT has no nat key").isFalse();
        assertThat(JSON.readTree(JSON.writeValueAsString(JSON.readValue(pinned(), ScenarioResult.class))).has("nat"))
                .as("nor does its JSON written again").isFalse();
    }
}
