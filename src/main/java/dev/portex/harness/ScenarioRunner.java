package dev.portex.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portex.containers.HostLog;
import dev.portex.containers.IngestNodeContainer;
import dev.portex.containers.IngestNodeContainer.EsClient;
import dev.portex.containers.LoadGeneratorContainer;
import dev.portex.loadgen.LoadResult;
import dev.portex.loadgen.SeqRanges;
import dev.portex.sockets.TcpSocketTable;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs scenarios on a {@link PortexStack}: a fresh load-generator namespace per run, and a Node
 * server per Elasticsearch-client configuration (a fresh one whenever Node's own namespace is part
 * of the story: its range is narrowed, it opens connections per request, or the TIME_WAIT is
 * expected on its side). Reads Node's,
 * Elasticsearch's and the kernel's counters before and after, and checks that every acknowledged
 * document, and nothing else, was indexed.
 */
public final class ScenarioRunner {
    /** The kernel keeps TIME_WAIT for 60 s; give up on recovery well after that. */
    public static final int RECOVERY_LIMIT_SECONDS = 120;

    private final PortexStack stack;
    private final Map<String, IngestNodeContainer> sharedNodes = new HashMap<>();
    private Consumer<LoadGeneratorContainer.Progress> progress = p -> { };

    public ScenarioRunner(PortexStack stack) {
        this.stack = stack;
    }

    /** Receives the load generator's progress samples during each run. */
    public ScenarioRunner withProgress(Consumer<LoadGeneratorContainer.Progress> listener) {
        this.progress = listener;
        return this;
    }

    public PortexStack stack() {
        return stack;
    }

    public ScenarioResult run(Scenario scenario) {
        return run(scenario, loadgen -> { });
    }

    /**
     * Runs {@code scenario}; {@code afterRun} sees the load generator's container while its
     * namespace (and its TIME_WAIT sockets) still exists.
     */
    public ScenarioResult run(Scenario scenario, Consumer<LoadGeneratorContainer> afterRun) {
        boolean freshNode = needsFreshNode(scenario);
        IngestNodeContainer node = freshNode ? startNode(scenario) : sharedNode(scenario);
        try (LoadGeneratorContainer loadgen = LoadGeneratorContainer.forClient(scenario.client())
                .withNetwork(stack.network())
                .withPortRange(scenario.portRange())
                .withTcpTwReuse(scenario.tcpTwReuse())) {
            loadgen.withProgress(progress).start();
            JsonNode nodeBefore = PortexStack.nodeStats(node);
            long esOpenedBefore = stack.elasticsearchConnectionsOpened();
            Map<String, Long> tcpBefore = loadgen.tcpCounters();
            String runId = UUID.randomUUID().toString();
            LoadGeneratorContainer.Load sent = load(scenario, node, runId, scenario.docs());
            LoadResult load = loadgen.run(sent);
            long esOpened = stack.elasticsearchConnectionsOpened() - esOpenedBefore;
            // The Java load generator recorded its namespace before it closed its client and exited (what a
            // long-lived process would hold); the Python one is read now, after it exited.
            LoadGeneratorContainer.EndOfLoadRecord endOfLoad = loadgen.endOfLoad(runId);
            Map<String, Long> tcpAfter = endOfLoad != null ? endOfLoad.tcpCounters() : loadgen.tcpCounters();
            JsonNode nodeAfter = PortexStack.nodeStats(node);
            // The client's sockets towards Node (the container's own DNS listener is not one of them).
            TcpSocketTable clientSockets = (endOfLoad != null ? endOfLoad.sockets() : loadgen.socketTable())
                    .filter(s -> isNodePort(s.remotePort(), scenario));
            TcpSocketTable serverSockets = freshNode ? node.socketTable() : null;
            Long recoveredAfterMs = !scenario.awaitRecovery() || load.failed() == 0 ? null
                    : endOfLoad != null ? endOfLoad.recoveredAfterMs() : awaitRecovery(loadgen, sent, load);
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
                    PortexHome.elasticsearchVersion(), nodeAfter.path("esClientVersion").asText(null),
                    ScenarioResult.Range.of(scenario.portRange()), loadgen.getPortsTakenAtStart().size(),
                    ScenarioResult.Range.of(scenario.serverPortRange()),
                    scenario.targets(), scenario.tcpTwReuse(), scenario.mitigation(),
                    scenario.docs(), scenario.rate(), scenario.concurrency(),
                    load.acknowledged(), load.failed(), load.firstFailureAt(), load.acknowledgedBeforeFirstFailure(),
                    load.error(),
                    indexed,
                    delta(nodeBefore, nodeAfter, "received"),
                    delta(nodeBefore, nodeAfter, "failed"),
                    esOpened,
                    delta(nodeBefore, nodeAfter, "esConnectionsOpened"),
                    delta(nodeBefore, nodeAfter, "esProductChecks"),
                    delta(tcpBefore, tcpAfter, "ActiveOpens"),
                    delta(tcpBefore, tcpAfter, "OutRsts"),
                    clientSockets.distinctLocalPortCount(),
                    clientSockets.count("TIME_WAIT"),
                    clientSockets.stateHistogram(),
                    serverSockets == null ? null : serverSockets.count("TIME_WAIT"),
                    serverSockets == null ? null : serverSockets.stateHistogram(),
                    recoveredAfterMs,
                    missing, unexpected,
                    load.durationMs(), load.docsPerSecond(), load.stoppedBy(), load.samples());
        } finally {
            if (freshNode) {
                stack.remove(node);
            }
        }
    }

    /**
     * Python load generators: sends one probe document every second from the exhausted namespace until one is acknowledged
     * (ports leave TIME_WAIT 60 s after they entered it), for at most {@link #RECOVERY_LIMIT_SECONDS}.
     * Returns the time from the first failure to the first acknowledged probe, or null if none was.
     * Probes carry their own run id, so they do not count as the run's documents.
     */
    private Long awaitRecovery(LoadGeneratorContainer loadgen, LoadGeneratorContainer.Load sent, LoadResult load) {
        long failedAt = load.firstFailureEpochMs() != null ? load.firstFailureEpochMs() : System.currentTimeMillis();
        long giveUpAt = failedAt + TimeUnit.SECONDS.toMillis(RECOVERY_LIMIT_SECONDS);
        String probeRunId = "probe-" + UUID.randomUUID();
        HostLog.info("waiting for the namespace to recover (TIME_WAIT is 60 s; giving up after "
                + RECOVERY_LIMIT_SECONDS + " s) ...");
        while (System.currentTimeMillis() < giveUpAt) {
            long sentAt = System.currentTimeMillis();
            LoadResult probe = loadgen.run(sent.probe(probeRunId));
            if (probe.acknowledged() == 1) {
                return System.currentTimeMillis() - failedAt - (System.currentTimeMillis() - sentAt) / 2;
            }
            long next = sentAt + 1000;
            while (System.currentTimeMillis() < next) {
                sleep(next - System.currentTimeMillis());
            }
        }
        HostLog.info("no recovery within " + RECOVERY_LIMIT_SECONDS + " s of the first failure");
        return null;
    }

    static LoadGeneratorContainer.Load load(Scenario scenario, IngestNodeContainer node, String runId, int docs) {
        String closeMode = Scenario.NO_MITIGATION.equals(scenario.mitigation()) || "tcp-tw-reuse".equals(scenario.mitigation())
                ? "graceful" : scenario.mitigation();
        // The Java load generator waits for recovery itself, with the same client in the same JVM, so that
        // connections it leaked are still held while it waits (see awaitRecovery for the Python one).
        int recoverySeconds = scenario.awaitRecovery() && !LoadGeneratorContainer.PYTHON_CLIENTS.contains(scenario.client())
                ? RECOVERY_LIMIT_SECONDS : 0;
        return new LoadGeneratorContainer.Load(scenario.client(), docs, scenario.rate(), scenario.concurrency(),
                node.getInternalDocsUrls().subList(0, scenario.targets()), runId, scenario.maxSeconds(), closeMode,
                recoverySeconds);
    }

    private static boolean needsFreshNode(Scenario scenario) {
        return scenario.serverPortRange() != null || scenario.esClient() != EsClient.POOLED
                || "server-closes-first".equals(scenario.mitigation());
    }

    private IngestNodeContainer startNode(Scenario scenario) {
        return stack.startIngestNode(node -> {
            node.withEsClient(scenario.esClient()).withListeningPorts(scenario.targets());
            return scenario.serverPortRange() == null ? node : node.withPortRange(scenario.serverPortRange());
        });
    }

    private IngestNodeContainer sharedNode(Scenario scenario) {
        String key = scenario.esClient().id() + "/" + scenario.targets();
        synchronized (sharedNodes) {
            return sharedNodes.computeIfAbsent(key, k -> startNode(scenario));
        }
    }

    private static boolean isNodePort(int port, Scenario scenario) {
        return port >= IngestNodeContainer.HTTP_PORT && port < IngestNodeContainer.HTTP_PORT + scenario.targets();
    }

    private static long delta(JsonNode before, JsonNode after, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String field) {
        return after.getOrDefault(field, 0L) - before.getOrDefault(field, 0L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortexException("interrupted while waiting for recovery");
        }
    }
}
