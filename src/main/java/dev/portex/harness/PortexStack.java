package dev.portex.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portex.containers.ElasticsearchNodeContainer;
import dev.portex.infra.HostLog;
import dev.portex.containers.IngestNodeContainer;
import dev.portex.containers.PortexImages;
import dev.portex.containers.PortexLabels;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Network;

/**
 * The incident's system on one Docker network: Elasticsearch, and Node ingest servers started on
 * demand (one per Elasticsearch-client configuration). Load generators join the same network and
 * talk to Node over it, never over loopback or a mapped port. Close it to remove everything.
 */
public final class PortexStack implements AutoCloseable {
    /** The index Node writes every document into. */
    public static final String INDEX = "docs";

    private final Network network;
    private final ElasticsearchNodeContainer elasticsearch;
    private final List<IngestNodeContainer> ingestNodes = new ArrayList<>();

    private PortexStack(Network network, ElasticsearchNodeContainer elasticsearch) {
        this.network = network;
        this.elasticsearch = elasticsearch;
    }

    /** Prepares the host if needed, then starts the network and Elasticsearch. */
    public static PortexStack start() {
        PortexImages.checkStack();
        HostSetup.ensureReady();
        Network network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(PortexLabels.all()))
                .build();
        ElasticsearchNodeContainer elasticsearch = new ElasticsearchNodeContainer().withNetwork(network);
        PortexStack stack = new PortexStack(network, elasticsearch);
        try {
            long t0 = System.nanoTime();
            elasticsearch.start();
            stack.createIndex();
            HostLog.info(String.format("elasticsearch ready in %.1f s", (System.nanoTime() - t0) / 1e9));
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /**
     * Creates the documents index up front: otherwise the first document of the first run pays
     * for index creation (about a second here), which would distort rates and time series.
     * One shard, no replica (a single node), and keyword/integer fields the checks query ({@code id}: the document's
     * own id, sent by clients that retry).
     */
    private void createIndex() {
        HttpJson.put(elasticsearch.getBaseUrl() + "/" + INDEX, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "translog": {"durability": "async"}},
                 "mappings": {"properties": {
                   "id": {"type": "keyword"}, "runId": {"type": "keyword"}, "seq": {"type": "integer"},
                   "client": {"type": "keyword"}, "message": {"type": "text"}}}}""");
    }

    /** The index's translog durability now: the index is created with async. */
    private dev.portex.model.Durability durability = dev.portex.model.Durability.ASYNC;

    /**
     * Sets the index's translog durability ({@code index.translog.durability}, a dynamic setting) for the next run,
     * if it differs from the current one.
     */
    public synchronized void useDurability(dev.portex.model.Durability wanted) {
        if (wanted != durability) {
            HttpJson.put(elasticsearch.getBaseUrl() + "/" + INDEX + "/_settings",
                    "{\"index\": {\"translog\": {\"durability\": \"" + wanted.cliName() + "\"}}}");
            durability = wanted;
        }
    }

    public Network network() {
        return network;
    }

    public ElasticsearchNodeContainer elasticsearch() {
        return elasticsearch;
    }

    /** Starts a Node ingest server configured by {@code settings}; it is stopped with the stack, or by {@link #remove}. */
    public IngestNodeContainer startIngestNode(java.util.function.UnaryOperator<IngestNodeContainer> settings) {
        IngestNodeContainer node = settings.apply(new IngestNodeContainer()).withNetwork(network);
        synchronized (ingestNodes) {
            ingestNodes.add(node);
        }
        long t0 = System.nanoTime();
        node.start();
        HostLog.info(String.format("ingest-node (es client: %s) ready in %.1f s", node.getEsClient(),
                (System.nanoTime() - t0) / 1e9));
        return node;
    }

    public List<IngestNodeContainer> ingestNodes() {
        synchronized (ingestNodes) {
            return List.copyOf(ingestNodes);
        }
    }

    public void remove(IngestNodeContainer node) {
        synchronized (ingestNodes) {
            ingestNodes.remove(node);
        }
        node.stop();
    }

    /** Makes every indexed document visible to search, then counts the documents of one run. */
    public long indexedCount(String runId) {
        HttpJson.post(elasticsearch.getBaseUrl() + "/docs/_refresh?ignore_unavailable=true", "");
        if (!indexExists()) {
            return 0;
        }
        JsonNode count = HttpJson.post(elasticsearch.getBaseUrl() + "/docs/_count",
                "{\"query\":{\"term\":{\"runId\":" + HttpJson.JSON.valueToTree(runId) + "}}}");
        return count.path("count").asLong();
    }

    /** Every document in the index, after refresh: a user's image writes documents portex did not number. */
    public long indexedTotal() {
        HttpJson.post(elasticsearch.getBaseUrl() + "/docs/_refresh?ignore_unavailable=true", "");
        return indexExists() ? HttpJson.post(elasticsearch.getBaseUrl() + "/docs/_count", "{}").path("count").asLong() : 0;
    }

    /** The seq numbers of one run's indexed documents (at most 10,000; use {@link #indexedCount} beyond). */
    public java.util.BitSet indexedSeqs(String runId, int max) {
        java.util.BitSet seqs = new java.util.BitSet();
        if (!indexExists()) {
            return seqs;
        }
        JsonNode hits = HttpJson.post(elasticsearch.getBaseUrl() + "/docs/_search",
                "{\"size\":" + Math.min(max, 10_000) + ",\"_source\":[\"seq\"],"
                        + "\"query\":{\"term\":{\"runId\":" + HttpJson.JSON.valueToTree(runId) + "}}}");
        for (JsonNode hit : hits.path("hits").path("hits")) {
            seqs.set(hit.path("_source").path("seq").asInt());
        }
        return seqs;
    }

    private boolean indexExists() {
        JsonNode indices = HttpJson.get(elasticsearch.getBaseUrl() + "/_cat/indices?format=json");
        for (JsonNode index : indices) {
            if ("docs".equals(index.path("index").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Elasticsearch's own count of HTTP connections opened since it started ({@code _nodes/stats/http}). */
    public long elasticsearchConnectionsOpened() {
        JsonNode nodes = HttpJson.get(elasticsearch.getBaseUrl() + "/_nodes/stats/http").path("nodes");
        long total = 0;
        for (JsonNode node : nodes) {
            total += node.path("http").path("total_opened").asLong();
        }
        return total;
    }

    public static JsonNode nodeStats(IngestNodeContainer node) {
        return HttpJson.get(node.getBaseUrl() + "/stats");
    }

    @Override
    public void close() {
        List<IngestNodeContainer> nodes;
        synchronized (ingestNodes) {
            nodes = new ArrayList<>(ingestNodes);
            ingestNodes.clear();
        }
        for (IngestNodeContainer node : nodes) {
            quietly(node::stop);
        }
        quietly(elasticsearch::stop);
        quietly(network::close);
    }

    static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            HostLog.info("clean-up: " + e.getMessage());
        }
    }
}
