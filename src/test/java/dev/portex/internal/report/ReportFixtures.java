package dev.portex.internal.report;

import dev.portex.model.Scenario;
import dev.portex.model.Failure;
import dev.portex.model.Sample;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portex.model.ScenarioResult;
import dev.portex.internal.loadgen.LoadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario results shaped like real `./portex compare` runs on the 137-port range 40000-40136:
 * the per-request client stops at 137 acknowledged documents (first failure: document 138,
 * BindException), the pooled one acknowledges all 300 over one connection.
 */
final class ReportFixtures {
    /** Results are built from their JSON, so that fields added to ScenarioResult later need no change here. */
    static final ObjectMapper JSON = new ObjectMapper();

    static final String TITLE = "portex compare: 300 documents, port range 40000-40136 (137 ports)";
    static final ScenarioResult.Range RANGE = new ScenarioResult.Range(40000, 40136, 137);
    static final Failure BIND_EXCEPTION =
            new Failure("java.net.BindException", "Cannot assign requested address");

    /**
     * A python-post failure as requests words it (with '<' and '>'), plus a query string ('&'), a URL
     * and a script tag: none of it may become markup or a link in the page.
     */
    static final Failure PYTHON_ERROR_WITH_MARKUP = new Failure(
            "requests.exceptions.ConnectionError",
            "HTTPConnectionPool(host='ingest-node', port=8080): Max retries exceeded with url: /docs?a=1&b=2 "
                    + "(Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f3a>: "
                    + "Failed to establish a new connection: [Errno 99] Cannot assign requested address')) "
                    + "while posting to http://ingest-node:8080/docs <script>alert(1)</script>");

    private ReportFixtures() {
    }

    /**
     * Per-request: one new connection per document at ~190 documents/s, so acknowledged and TIME_WAIT
     * climb together to 137; then every connect() fails at once and the curve stays flat.
     */
    static ScenarioResult perRequest() {
        List<Sample> samples = new ArrayList<>();
        for (int t = 0; t <= 700; t += 100) {
            int acked = Math.min(137, t * 137 / 720);
            samples.add(new Sample(t, acked, 0, Math.max(0, acked - 1), acked == 0 ? 0 : 1));
        }
        samples.add(new Sample(800, 137, 163, 137, 0));
        samples.add(new Sample(900, 137, 163, 137, 0));
        samples.add(new Sample(912, 137, 163, 137, 0));
        return result("per-request", 137, 163, 138, BIND_EXCEPTION, 137, 137, 137, 137,
                Map.of("TIME_WAIT", 137L), 912, 150.2, samples);
    }

    /** Pooled: one keep-alive connection carries all 300 documents; closed at the end, it leaves one TIME_WAIT. */
    static ScenarioResult pooled() {
        List<Sample> samples = new ArrayList<>();
        for (int t = 0; t <= 800; t += 100) {
            samples.add(new Sample(t, Math.min(300, t * 300 / 850), 0, 0, t == 0 ? 0 : 1));
        }
        samples.add(new Sample(861, 300, 0, 1, 0));
        return result("pooled", 300, 0, null, null, 300, 300, 1, 1, Map.of("TIME_WAIT", 1L), 861, 348.4, samples);
    }

    static ScenarioResult result(String client, int acknowledged, int failed, Integer firstFailureAt,
            Failure error, long indexed, long serverReceived, int localPortsUsed, long clientTimeWait,
            Map<String, Long> clientStates, long durationMs, double docsPerSecond, List<Sample> samples) {
        ObjectNode r = JSON.createObjectNode();
        r.put("runId", "run-" + client);
        r.put("client", client);
        r.put("esClient", "pooled");
        r.set("portRange", JSON.valueToTree(RANGE));
        r.putNull("serverPortRange");
        r.put("targets", 1);
        r.put("docs", acknowledged + failed);
        r.put("rate", 0.0);
        r.put("concurrency", 1);
        r.put("acknowledged", acknowledged);
        r.put("failed", failed);
        r.set("firstFailureAt", JSON.valueToTree(firstFailureAt));
        r.set("error", JSON.valueToTree(error));
        r.put("indexed", indexed);
        r.put("serverReceived", serverReceived);
        r.put("esConnectionsOpened", 2);
        r.put("nodeEsConnectionsOpened", 1);
        r.put("localPortsUsed", localPortsUsed);
        r.put("clientTimeWait", clientTimeWait);
        r.set("clientSocketStates", JSON.valueToTree(new LinkedHashMap<>(clientStates)));
        r.put("durationMs", durationMs);
        r.put("docsPerSecond", docsPerSecond);
        r.put("stoppedBy", "completed");
        r.set("samples", JSON.valueToTree(samples));
        return JSON.convertValue(r, ScenarioResult.class);
    }

    /** A copy of {@code r} with another client name and first error. */
    static ScenarioResult withError(ScenarioResult r, String client, Failure error) {
        ObjectNode copy = JSON.valueToTree(r);
        copy.put("client", client);
        copy.set("error", JSON.valueToTree(error));
        return JSON.convertValue(copy, ScenarioResult.class);
    }

    /** A copy of {@code r} with other samples. */
    static ScenarioResult withSamples(ScenarioResult r, List<Sample> samples) {
        ObjectNode copy = JSON.valueToTree(r);
        copy.set("samples", JSON.valueToTree(samples));
        return JSON.convertValue(copy, ScenarioResult.class);
    }
}
