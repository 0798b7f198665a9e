package dev.portex.harness;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.portex.loadgen.LoadResult;
import java.util.List;
import java.util.Map;

/**
 * What a scenario did, seen from the client (acknowledged, failed, the first error), from Node
 * (requests received) and from Elasticsearch (documents indexed, connections opened). This is
 * the JSON that `./portex run --json` prints. {@code esProductChecks}: GET / requests the 7.x
 * Elasticsearch client sent of its own before its first request during the run (one more connection
 * each, and in per-request mode one more port of Node's range); always 0 with the 8.x client.
 */
@JsonPropertyOrder({"runId", "client", "esClient", "elasticsearchVersion", "esClientVersion", "portRange", "portsTakenInRange", "serverPortRange", "targets", "tcpTwReuse",
        "mitigation", "docs", "rate", "concurrency",
        "acknowledged", "failed", "firstFailureAt", "acknowledgedBeforeFirstFailure", "error", "indexed", "serverReceived", "serverFailed",
        "esConnectionsOpened", "nodeEsConnectionsOpened", "esProductChecks", "clientConnectionsOpened", "clientResetsSent",
        "localPortsUsed", "clientTimeWait",
        "clientSocketStates", "serverTimeWait", "serverSocketStates", "recoveredAfterMs", "missingAcknowledged", "unacknowledgedIndexed",
        "durationMs", "docsPerSecond", "stoppedBy", "samples"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScenarioResult(
        String runId,
        String client,
        String esClient,
        String elasticsearchVersion,
        String esClientVersion,
        Range portRange,
        int portsTakenInRange,
        Range serverPortRange,
        int targets,
        int tcpTwReuse,
        String mitigation,
        int docs,
        double rate,
        int concurrency,
        int acknowledged,
        int failed,
        Integer firstFailureAt,
        Integer acknowledgedBeforeFirstFailure,
        LoadResult.Failure error,
        long indexed,
        long serverReceived,
        long serverFailed,
        long esConnectionsOpened,
        long nodeEsConnectionsOpened,
        long esProductChecks,
        long clientConnectionsOpened,
        long clientResetsSent,
        int localPortsUsed,
        long clientTimeWait,
        Map<String, Long> clientSocketStates,
        Long serverTimeWait,
        Map<String, Long> serverSocketStates,
        Long recoveredAfterMs,
        int missingAcknowledged,
        int unacknowledgedIndexed,
        long durationMs,
        double docsPerSecond,
        String stoppedBy,
        List<LoadResult.Sample> samples) {

    /** A port range as JSON: {"low":40000,"high":40136,"size":137}. */
    public record Range(int low, int high, int size) {
        static Range of(dev.portex.budget.PortRange r) {
            return r == null ? null : new Range(r.low(), r.high(), r.size());
        }
    }

    /**
     * The n-th document was the first to fail: the documents acknowledged before any failure, plus one.
     * With one thread this is {@link #firstFailureAt()}; with several, documents finish out of order and
     * the lowest failing document number can be lower. Null when nothing failed.
     */
    public Integer firstFailureOrdinal() {
        if (firstFailureAt == null) {
            return null;
        }
        return acknowledgedBeforeFirstFailure != null ? acknowledgedBeforeFirstFailure + 1 : firstFailureAt;
    }

    /** True when every acknowledged document is in Elasticsearch and nothing else of the run is. */
    public boolean nothingLost() {
        return missingAcknowledged == 0 && unacknowledgedIndexed == 0 && indexed == acknowledged;
    }
}
