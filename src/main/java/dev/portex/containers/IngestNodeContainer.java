package dev.portex.containers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The incident's Node.js/Express server: {@code POST /docs} indexes one document into Elasticsearch
 * and answers 201 once Elasticsearch acknowledged it; {@code GET /stats}, {@code GET /health}.
 */
public class IngestNodeContainer extends PortexContainer<IngestNodeContainer> {
    /** Each Node gets its own alias (ingest-node-1, -2, ...): several may share a network, and one alias would round-robin. */
    public static final String NETWORK_ALIAS_PREFIX = "ingest-node-";
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();
    public static final int HTTP_PORT = 8080;

    /** How Node talks to Elasticsearch. */
    public enum EsClient {
        /** The official client's defaults: a keep-alive connection pool. */
        POOLED("pooled"),
        /** A new TCP connection for every Elasticsearch request, closed by Node afterwards. */
        PER_REQUEST("per-request"),
        /**
         * The documented "disable keep-alive": {@code HttpConnection} with {@code agent: false}, which
         * falls back to Node's global agent: keep-alive off on Node 18 ({@code Connection: close}, one connection
         * per request), on since Node 19 (connections reused).
         */
        AGENT_FALSE("agent-false");

        private final String id;

        EsClient(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static EsClient of(String id) {
            for (EsClient c : values()) {
                if (c.id.equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown Elasticsearch client mode '" + id
                    + "': use pooled, per-request or agent-false");
        }
    }

    private final String alias = NETWORK_ALIAS_PREFIX + INSTANCES.incrementAndGet();
    private EsClient esClient = EsClient.POOLED;
    private int listeningPorts = 1;

    public IngestNodeContainer() {
        this(PortexImages.ingestNode());
    }

    public IngestNodeContainer(String image) {
        super(image);
        withNetworkAliases(alias);
        withEnv("ES_URL", "http://" + ElasticsearchContainer.NETWORK_ALIAS + ":" + ElasticsearchContainer.HTTP_PORT);
        withEsClient(EsClient.POOLED);
        withExposedPorts(HTTP_PORT);
        waitingFor(Wait.forHttp("/health").forPort(HTTP_PORT).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(1)));
    }

    public IngestNodeContainer withEsClient(EsClient client) {
        this.esClient = client;
        return withEnv("ES_CLIENT", client.id());
    }

    public IngestNodeContainer withElasticsearchUrl(String url) {
        return withEnv("ES_URL", url);
    }

    /**
     * Listens on {@code count} ports (8080, 8081, ...): each is a separate destination, and the
     * ephemeral-port limit holds per destination.
     */
    public IngestNodeContainer withListeningPorts(int count) {
        this.listeningPorts = count;
        List<Integer> extra = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            extra.add(HTTP_PORT + i);
        }
        if (!extra.isEmpty()) {
            withEnv("EXTRA_PORTS", extra.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return self();
    }

    public String getNetworkAlias() {
        return alias;
    }

    public EsClient getEsClient() {
        return esClient;
    }

    public String getBaseUrl() {
        return "http://" + getHost() + ":" + getMappedPort(HTTP_PORT);
    }

    /** The documents URLs as seen from other containers on the stack's network, one per listening port. */
    public List<String> getInternalDocsUrls() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < listeningPorts; i++) {
            urls.add("http://" + alias + ":" + (HTTP_PORT + i) + "/docs");
        }
        return urls;
    }
}
