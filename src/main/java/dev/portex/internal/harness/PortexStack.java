package dev.portex.internal.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portex.internal.containers.ElasticsearchNodeContainer;
import dev.portex.internal.infra.HostLog;
import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.containers.PortexImages;
import dev.portex.internal.containers.PortexLabels;
import dev.portex.api.PortexException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    /** The warm stack's lock while this run uses it; null for a fresh stack. */
    private final AutoCloseable warmLease;
    /** The warm stack's Node servers by key (es client/targets), found running; they stay when the run ends. */
    private final Map<String, IngestNodeContainer> warmNodes = new HashMap<>();
    /** The Node servers runs share, one per key ({@code <es client>/<targets>}), whichever runner started them. */
    private final Map<String, IngestNodeContainer> sharedNodes = new HashMap<>();

    /** The warm stack's spare load generator, found running and not claimed yet; null if none. */
    private volatile String spareId;
    /** The spare this run started for the next one, while it is being created; done at once when none is. */
    private volatile CompletableFuture<LoadGeneratorContainer> nextSpare =
            CompletableFuture.completedFuture(null);
    /** Spares earlier runs used, being removed while this run goes on; {@link #close} waits for them. */
    private final List<CompletableFuture<Void>> usedSpareRemovals = new ArrayList<>();

    private PortexStack(Network network, ElasticsearchNodeContainer elasticsearch, AutoCloseable warmLease) {
        this.network = network;
        this.elasticsearch = elasticsearch;
        this.warmLease = warmLease;
    }

    /**
     * The stack a run uses: the warm one ({@code ./portex up}) or a fresh one, as {@code use} says (see
     * {@link WarmStack.Use}). On the warm stack the index is empty when a run starts (each run empties it when it ends,
     * and one that finds it otherwise empties it first), so that one run's documents never mix with
     * another's.
     */
    public static PortexStack open(WarmStack.Use use) {
        if (use == WarmStack.Use.FRESH) {
            return start();
        }
        HostSetup.ensureReady();
        PortexImages.checkStack();
        Optional<WarmStack.Parts> parts = WarmStack.find();
        String why = parts.isEmpty() ? "no warm stack is up (./portex up starts one)"
                : parts.get().mismatch(PortexImages.elasticsearch());
        Optional<AutoCloseable> lease = why == null ? WarmStack.tryLease() : Optional.empty();
        if (why == null && lease.isEmpty()) {
            why = WarmStack.inUse().getMessage();
        }
        if (why != null) {
            if (use == WarmStack.Use.WARM) {
                throw new PortexException(WarmStack.STACK_ENV + "=warm, but " + why);
            }
            if (parts.isPresent()) {
                HostLog.info(why + ": using a fresh stack");
            }
            return start();
        }
        return attach(parts.get(), lease.get());
    }

    private static PortexStack attach(WarmStack.Parts parts, AutoCloseable lease) {
        long t0 = System.nanoTime();
        PortexStack stack = null;
        try {
            ElasticsearchNodeContainer elasticsearch = new ElasticsearchNodeContainer().attachTo(parts.elasticsearch().getId());
            stack = new PortexStack(WarmStack.existing(parts.networkId()), elasticsearch, lease);
            String nodeImage = PortexImages.ingestNode();
            for (var node : parts.nodes().entrySet()) {
                if (node.getValue().getImage().equals(nodeImage)) {
                    stack.warmNodes.put(node.getKey(), new IngestNodeContainer().attachTo(node.getValue().getId()));
                }
            }
            String loadgenImage = PortexImages.loadgenJava();
            for (var spare : parts.spares()) {
                if (stack.spareId == null && spare.getImage().equals(loadgenImage)) {
                    stack.spareId = spare.getId();
                } else {
                    // another build's, or one too many: never claimed, so it goes
                    quietly(() -> Cleanup.removeContainer(spare.getId()));
                }
            }
            // The spares earlier runs used (a run leaves the one it used to the next, to be removed while that one
            // runs: its namespace is never used again), or claimed by a run that died: removed in the background.
            for (var used : parts.usedSpares()) {
                stack.usedSpareRemovals.add(CompletableFuture.runAsync(() -> Cleanup.removeContainer(used.getId())));
            }
            // Each run empties the index when it ends (close), so that the next finds it ready: checked here while the
            // run starts its load generator, and emptied here only if a run ended without (killed, or an older build).
            PortexStack attached = stack;
            stack.indexReady = CompletableFuture.runAsync(() -> {
                if (!attached.indexEmptyAsCreated()) {
                    attached.emptyIndex();
                }
            });
            HostLog.info(String.format("using the warm stack (./portex down removes it; its index is empty for this run and emptied after it), "
                    + "found in %.1f s", (System.nanoTime() - t0) / 1e9));
            return stack;
        } catch (RuntimeException | Error e) {
            if (stack != null) {
                stack.close();
            } else {
                quietly(() -> {
                    try {
                        lease.close();
                    } catch (Exception ignored) {
                        // the lock goes with the JVM anyway
                    }
                });
            }
            throw new PortexException("cannot use the warm stack: " + e.getMessage()
                    + " (./portex down, then ./portex up, starts it again; or " + WarmStack.STACK_ENV + "=fresh)");
        }
    }

    /** Done once the index is there and empty: at once on a fresh stack, in the background on the warm one. */
    private volatile CompletableFuture<Void> indexReady =
            CompletableFuture.completedFuture(null);

    /** Waits until the index is ready for documents (the warm stack's is emptied in the background). */
    public void awaitIndex() {
        try {
            indexReady.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The warm stack's spare load generator ({@link WarmStack#SPARE_RANGE}, its JVM on standby), for this run to use
     * instead of starting one, at most once per spare: the one found running, else the one an earlier scenario of this
     * run started. The caller removes it after its run, and calls {@link #replaceSpare} for the next one.
     */
    Optional<LoadGeneratorContainer> claimSpare() {
        String id = spareId;
        spareId = null;
        if (id == null && warmLease != null) {
            // the spare an earlier scenario of this run started (compare runs several)
            var next = quietlyJoin(nextSpare);
            nextSpare = CompletableFuture.completedFuture(null);
            id = next == null ? null : next.getContainerId();
        }
        if (id == null) {
            return Optional.empty();
        }
        String claimed = id;
        try {
            // Whether Docker's DNS listener holds a port of its range, its load generator checked when it started (the
            // claim reports it); its creator made it again in that case already (WarmStack.startSpare).
            // marked as used before anything else: a run that dies now leaves it to be removed, not taken again
            org.testcontainers.DockerClientFactory.instance().client().renameContainerCmd(claimed)
                    .withName(WarmStack.USED_PREFIX + claimed.substring(0, 12)).exec();
            return Optional.of(new LoadGeneratorContainer(PortexImages.loadgenJava())
                    .attachToSpare(claimed, WarmStack.SPARE_RANGE));
        } catch (RuntimeException e) {
            HostLog.info("the warm stack's spare load generator cannot be used (" + e.getMessage() + "): starting one");
            quietly(() -> Cleanup.removeContainer(claimed));
            return Optional.empty();
        }
    }

    /**
     * Starts the next spare's container in the background, unless one is there still unclaimed or on its way; its JVM
     * starts when this run closes, so that it takes no CPU from the load being measured.
     */
    void replaceSpare() {
        if (warmLease == null || spareId != null || !nextSpare.isDone() || nextSpare.getNow(null) != null) {
            return;
        }
        String networkId = network.getId();
        nextSpare = CompletableFuture.supplyAsync(() -> {
            var spare = WarmStack.startSpare(networkId, false);
            HostLog.debug("next spare load generator's container started");
            return spare;
        });
    }

    /** The spare {@code future} started, or null if it could not (it says why). */
    private static LoadGeneratorContainer quietlyJoin(
            CompletableFuture<LoadGeneratorContainer> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            HostLog.info("the next spare load generator did not start: " + e.getCause().getMessage());
            return null;
        }
    }

    /** True when this run uses the warm stack ({@code ./portex up}). */
    public boolean warm() {
        return warmLease != null;
    }

    /** The warm stack's Node server for {@code key} ({@code <es client>/<targets>}), if this run uses the warm stack and it has one. */
    Optional<IngestNodeContainer> warmNode(String key) {
        synchronized (ingestNodes) {
            return Optional.ofNullable(warmNodes.get(key));
        }
    }

    /** Prepares the host if needed, then starts the network and Elasticsearch. */
    public static PortexStack start() {
        PortexImages.checkStack();
        HostSetup.ensureReady();
        Network network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(PortexLabels.all()))
                .build();
        ElasticsearchNodeContainer elasticsearch = new ElasticsearchNodeContainer().withNetwork(network);
        PortexStack stack = new PortexStack(network, elasticsearch, null);
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
        createIndex(INDEX);
    }

    /** Creates the index {@code name} with the settings and mappings of the documents index. */
    void createIndex(String name) {
        HttpJson.put(elasticsearch.getBaseUrl() + "/" + name, """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "translog": {"durability": "async"}},
                 "mappings": {"properties": {
                   "id": {"type": "keyword"}, "runId": {"type": "keyword"}, "seq": {"type": "integer"},
                   "client": {"type": "keyword"}, "message": {"type": "text"}}}}""");
    }

    /** Deletes the index and creates it again, as {@link #createIndex} makes it. */
    private void emptyIndex() {
        HttpJson.delete(elasticsearch.getBaseUrl() + "/" + INDEX + "?ignore_unavailable=true");
        createIndex();
    }

    /**
     * True if the index is there, holds no document once refreshed, and has the durability {@link #createIndex} gives it
     * (a run may have changed it): then it is as {@link #emptyIndex} leaves it, without the half second that takes.
     */
    private boolean indexEmptyAsCreated() {
        if (!indexExists()) {
            return false;
        }
        JsonNode settings = HttpJson.get(elasticsearch.getBaseUrl() + "/" + INDEX + "/_settings?flat_settings=true");
        String durability = settings.path(INDEX).path("settings").path("index.translog.durability").asText("");
        if (!durability.equals(dev.portex.model.Durability.ASYNC.cliName())) {
            return false;
        }
        HttpJson.post(elasticsearch.getBaseUrl() + "/" + INDEX + "/_refresh", "");
        return HttpJson.get(elasticsearch.getBaseUrl() + "/" + INDEX + "/_count").path("count").asLong(-1) == 0;
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
    private dev.portex.internal.tls.StackCa ca;

    /**
     * This stack's CA, made at its first HTTPS run (in memory: its key is never written anywhere): it signs the
     * certificate of each Node server an HTTPS run starts, and the run's load generator trusts it.
     */
    public synchronized dev.portex.internal.tls.StackCa ca() {
        if (ca == null) {
            ca = dev.portex.internal.tls.StackCa.create();
            dev.portex.internal.infra.HostLog.debug("TLS: made the stack's CA, " + ca.subject());
        }
        return ca;
    }

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

    /**
     * The Node server that runs of one configuration share ({@code key}: {@code <es client>/<targets>}, and {@code /tls}
     * after it for the one that serves HTTPS too): the warm stack's if it has one, else the one an earlier run on this
     * stack started, else one {@code start} starts now.
     */
    IngestNodeContainer sharedNode(String key, java.util.function.Supplier<IngestNodeContainer> start) {
        synchronized (sharedNodes) {
            IngestNodeContainer node = sharedNodes.get(key);
            if (node == null) {
                node = warmNode(key).orElseGet(start);
                sharedNodes.put(key, node);
            }
            return node;
        }
    }

    /** Drops the shared Node servers (but {@code current}, which its run removes itself): they held connections to a killed node. */
    void forgetSharedNodes(IngestNodeContainer current) {
        synchronized (sharedNodes) {
            sharedNodes.values().stream().filter(n -> n != current).forEach(this::remove);
            sharedNodes.clear();
        }
    }

    public List<IngestNodeContainer> ingestNodes() {
        synchronized (ingestNodes) {
            return List.copyOf(ingestNodes);
        }
    }

    public void remove(IngestNodeContainer node) {
        synchronized (ingestNodes) {
            ingestNodes.remove(node);
            warmNodes.values().remove(node);
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

    /**
     * The documents in the index {@code name} (made by {@link #createIndex(String)}), after refresh: a user's image writes
     * documents portex did not number into an index of its run's own ({@link #imageIndex}), so that runs beside it do not count.
     */
    long countIn(String name) {
        HttpJson.post(elasticsearch.getBaseUrl() + "/" + name + "/_refresh", "");
        return HttpJson.post(elasticsearch.getBaseUrl() + "/" + name + "/_count", "{}").path("count").asLong();
    }

    /** Removes the index {@code name}, if it exists. */
    void deleteIndex(String name) {
        HttpJson.delete(elasticsearch.getBaseUrl() + "/" + name + "?ignore_unavailable=true");
    }

    /** The index a user's image writes into during run {@code runId}: its own, so that only its documents are counted. */
    static String imageIndex(String runId) {
        return INDEX + "-image-" + runId.toLowerCase(java.util.Locale.ROOT);
    }

    /** Every document in the index, after refresh. */
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

    /**
     * The HTTP connections Elasticsearch has accepted from {@code address} (a Node server's address on the stack's network)
     * and still lists, open or recently closed ({@code _nodes/stats/http}'s {@code clients}, each with an id of its own):
     * what a run's Node opened is the ids listed after the run and not before it, whatever other Node servers opened at
     * the same time.
     */
    public java.util.Set<Long> elasticsearchConnectionsFrom(String address) {
        JsonNode nodes = HttpJson.get(elasticsearch.getBaseUrl()
                + "/_nodes/stats/http?filter_path=nodes.*.http.clients.id,nodes.*.http.clients.remote_address").path("nodes");
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (JsonNode node : nodes) {
            for (JsonNode client : node.path("http").path("clients")) {
                if (client.path("remote_address").asText("").startsWith(address + ":")) {
                    ids.add(client.path("id").asLong());
                }
            }
        }
        return ids;
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

    /**
     * Node's counters of the connections from {@code clientAddress} only ({@code GET /stats?client=}): a run's load
     * generator has an address of its own, so a run reads its own requests even while other runs share the server.
     */
    public static JsonNode nodeStats(IngestNodeContainer node, String clientAddress) {
        return HttpJson.get(node.getBaseUrl() + "/stats?client=" + java.net.URLEncoder.encode(clientAddress,
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * How long {@link #settledNodeStats} waits for Node to finish the requests it had in flight: past the Elasticsearch
     * client's own 30 s request time-out, after which every request has its answer.
     */
    public static final java.time.Duration IN_FLIGHT_LIMIT = java.time.Duration.ofSeconds(35);

    /**
     * Node's counters of {@code clientAddress} once no request of it is in flight ({@link #inFlight}), read every 50 ms
     * for at most {@code limit} (then as they are). A load generator killed mid-run leaves requests that Node still
     * indexes and acknowledges to nobody: read at once, its count would miss documents Elasticsearch then holds.
     */
    public static JsonNode settledNodeStats(IngestNodeContainer node, String clientAddress, java.time.Duration limit) {
        long giveUpAt = System.nanoTime() + limit.toNanos();
        JsonNode stats = nodeStats(node, clientAddress);
        while (inFlight(stats) > 0 && System.nanoTime() < giveUpAt) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            stats = nodeStats(node, clientAddress);
        }
        return stats;
    }

    /**
     * Requests Node received whose outcome is not decided yet: every request is counted as received when it arrives
     * and later as exactly one of indexed, failed (503) or rejected (4xx).
     */
    static long inFlight(JsonNode stats) {
        return stats.path("received").asLong() - stats.path("indexed").asLong() - stats.path("failed").asLong()
                - stats.path("rejected").asLong();
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
        if (warmLease != null) {
            // the warm stack's Elasticsearch, Node servers and network stay for the next run, its index emptied by now
            quietly(this::awaitIndex);
            // emptied now for the next run, while the rest of the clean-up goes on: this run's counts are taken
            CompletableFuture<Void> emptied = CompletableFuture.runAsync(this::emptyIndex);
            usedSpareRemovals.forEach(removal -> quietly(() -> {
                try {
                    removal.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }));
            quietly(() -> {
                var spare = quietlyJoin(nextSpare);
                if (spare != null) {
                    spare.startStandby(); // its JVM, now that this run's loads are done
                }
            });
            quietly(() -> {
                try {
                    emptied.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            });
            quietly(() -> {
                try {
                    warmLease.close();
                } catch (Exception e) {
                    throw new IllegalStateException("releasing the warm stack's lock: " + e.getMessage(), e);
                }
            });
            return;
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
