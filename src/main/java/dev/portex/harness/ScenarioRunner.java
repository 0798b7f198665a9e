package dev.portex.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portex.containers.ElasticsearchContainer;
import dev.portex.containers.IngestNodeContainer;
import dev.portex.containers.LoadGeneratorContainer;
import dev.portex.loadgen.LoadResult;
import dev.portex.loadgen.SeqRanges;
import dev.portex.sockets.TcpSocketTable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs scenarios on a {@link PortexStack}: a fresh load-generator namespace per run, and a Node
 * server per Elasticsearch-client configuration (a fresh one whenever Node's own range is
 * narrowed, since a run may exhaust it). Reads Node's and Elasticsearch's counters before and
 * after, and checks that every acknowledged document, and nothing else, was indexed.
 */
public final class ScenarioRunner {
    private final PortexStack stack;
    private final Map<String, IngestNodeContainer> sharedNodes = new HashMap<>();

    public ScenarioRunner(PortexStack stack) {
        this.stack = stack;
    }

    public ScenarioResult run(Scenario scenario) {
        return run(scenario, loadgen -> { });
    }

    /**
     * Runs {@code scenario}; {@code afterRun} sees the load generator's container while its
     * namespace (and its TIME_WAIT sockets) still exists.
     */
    public ScenarioResult run(Scenario scenario, Consumer<LoadGeneratorContainer> afterRun) {
        IngestNodeContainer node = nodeFor(scenario);
        try (LoadGeneratorContainer loadgen = LoadGeneratorContainer.forClient(scenario.client())
                .withNetwork(stack.network())
                .withPortRange(scenario.portRange())) {
            loadgen.start();
            JsonNode nodeBefore = PortexStack.nodeStats(node);
            long esOpenedBefore = stack.elasticsearchConnectionsOpened();
            String runId = UUID.randomUUID().toString();
            LoadResult load = loadgen.run(new LoadGeneratorContainer.Load(scenario.client(), scenario.docs(),
                    scenario.rate(), scenario.concurrency(),
                    node.getInternalDocsUrls().subList(0, scenario.targets()), runId, scenario.maxSeconds()));
            long esOpened = stack.elasticsearchConnectionsOpened() - esOpenedBefore;
            JsonNode nodeAfter = PortexStack.nodeStats(node);
            // The client's sockets towards Node (the container's own DNS listener is not one of them).
            TcpSocketTable clientSockets = loadgen.socketTable().filter(s -> isNodePort(s.remotePort(), scenario));
            TcpSocketTable serverSockets = scenario.serverPortRange() == null ? null
                    : node.socketTable().toRemotePort(ElasticsearchContainer.HTTP_PORT);
            afterRun.accept(loadgen);

            long indexed = stack.indexedCount(runId);
            BitSet acked = SeqRanges.toBitSet(load.acknowledgedSeqs());
            int missing;
            int unexpected;
            if (scenario.docs() <= 10_000) {
                BitSet present = stack.indexedSeqs(runId, scenario.docs());
                BitSet missingSet = (BitSet) acked.clone();
                missingSet.andNot(present);
                BitSet unexpectedSet = (BitSet) present.clone();
                unexpectedSet.andNot(acked);
                missing = missingSet.cardinality();
                unexpected = unexpectedSet.cardinality();
            } else {
                missing = (int) Math.max(0, load.acknowledged() - indexed);
                unexpected = (int) Math.max(0, indexed - load.acknowledged());
            }
            return new ScenarioResult(runId, scenario.client(), scenario.esClient().id(),
                    ScenarioResult.Range.of(scenario.portRange()), ScenarioResult.Range.of(scenario.serverPortRange()),
                    scenario.targets(), scenario.docs(), scenario.rate(), scenario.concurrency(),
                    load.acknowledged(), load.failed(), load.firstFailureAt(), load.error(),
                    indexed,
                    delta(nodeBefore, nodeAfter, "received"),
                    delta(nodeBefore, nodeAfter, "failed"),
                    esOpened,
                    delta(nodeBefore, nodeAfter, "esConnectionsOpened"),
                    clientSockets.distinctLocalPortCount(),
                    clientSockets.count("TIME_WAIT"),
                    clientSockets.stateHistogram(),
                    serverSockets == null ? null : serverSockets.count("TIME_WAIT"),
                    serverSockets == null ? null : serverSockets.stateHistogram(),
                    missing, unexpected,
                    load.durationMs(), load.docsPerSecond(), load.stoppedBy(), load.samples());
        } finally {
            if (scenario.serverPortRange() != null) {
                stack.remove(node);
            }
        }
    }

    public PortexStack stack() {
        return stack;
    }

    private IngestNodeContainer nodeFor(Scenario scenario) {
        if (scenario.serverPortRange() != null) {
            return stack.startIngestNode(node -> node.withEsClient(scenario.esClient())
                    .withListeningPorts(scenario.targets())
                    .withPortRange(scenario.serverPortRange()));
        }
        String key = scenario.esClient().id() + "/" + scenario.targets();
        synchronized (sharedNodes) {
            return sharedNodes.computeIfAbsent(key, k -> stack.startIngestNode(node -> node
                    .withEsClient(scenario.esClient())
                    .withListeningPorts(scenario.targets())));
        }
    }

    private static boolean isNodePort(int port, Scenario scenario) {
        return port >= IngestNodeContainer.HTTP_PORT && port < IngestNodeContainer.HTTP_PORT + scenario.targets();
    }

    private static long delta(JsonNode before, JsonNode after, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }
}
