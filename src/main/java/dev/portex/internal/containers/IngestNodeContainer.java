package dev.portex.internal.containers;

import dev.portex.model.Scenario;
import dev.portex.model.EsClientMode;
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
    public static final int HTTP_PORT = Scenario.NODE_PORT;
    /** Where Node serves HTTPS when {@linkplain #withTls given a certificate}; HTTP stays on {@link #HTTP_PORT} (the harness's /stats). */
    public static final int TLS_PORT = Scenario.NODE_TLS_PORT;
    private static final String TLS_DIR = "/etc/portex/tls/";
    private boolean tls;

    private String alias = NETWORK_ALIAS_PREFIX + INSTANCES.incrementAndGet();
    private EsClientMode esClient = EsClientMode.POOLED;
    private int listeningPorts = 1;

    public IngestNodeContainer() {
        this(PortexImages.ingestNode());
    }

    public IngestNodeContainer(String image) {
        super(image);
        withNetworkAliases(alias);
        withEnv("ES_URL", "http://" + ElasticsearchNodeContainer.NETWORK_ALIAS + ":" + ElasticsearchNodeContainer.HTTP_PORT);
        withEsClient(EsClientMode.POOLED);
        withExposedPorts(HTTP_PORT);
        waitingFor(Wait.forHttp("/health").forPort(HTTP_PORT).forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(1)));
    }

    /**
     * Serves HTTPS on {@link #TLS_PORT} as well, with {@code server}'s certificate chain and key (PEM, copied into the
     * container before it starts; readable by Node's user, as the container is this run's only).
     */
    public IngestNodeContainer withTls(dev.portex.internal.tls.StackCa.Issued server) {
        this.tls = true;
        withCopyToContainer(org.testcontainers.images.builder.Transferable.of(
                server.certificateChainPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0644), TLS_DIR + "server.pem");
        withCopyToContainer(org.testcontainers.images.builder.Transferable.of(
                server.privateKeyPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0644), TLS_DIR + "server-key.pem");
        withEnv("TLS_PORT", String.valueOf(TLS_PORT));
        withEnv("TLS_CERT_FILE", TLS_DIR + "server.pem");
        return withEnv("TLS_KEY_FILE", TLS_DIR + "server-key.pem");
    }

    public IngestNodeContainer withEsClient(EsClientMode client) {
        this.esClient = client;
        return withEnv("ES_CLIENT", client.cliName());
    }

    /** Node's {@code server.keepAliveTimeout}: a kept-alive connection idle this long is closed (Node's default: 5000). */
    public IngestNodeContainer withKeepAliveTimeout(int millis) {
        return withEnv("KEEP_ALIVE_TIMEOUT_MS", String.valueOf(millis));
    }

    /** The index Node writes documents into (its {@code INDEX}; default {@code docs}). */
    public IngestNodeContainer withIndex(String index) {
        return withEnv("INDEX", index);
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

    /**
     * A Node server of the warm stack: it keeps an alias of its own ({@code ingest-node-warm-<role>}), so that the
     * numbered aliases of the servers one run starts beside it on the same network never collide with it.
     */
    @Override
    public IngestNodeContainer asWarm(String role) {
        List<String> aliases = getNetworkAliases();
        aliases.remove(alias);
        alias = NETWORK_ALIAS_PREFIX + "warm-" + role.replaceAll("[^A-Za-z0-9-]", "-");
        aliases.add(alias);
        setNetworkAliases(aliases);
        return super.asWarm(role);
    }

    /** Stands for a warm Node server another JVM started; its alias is read from the container. */
    @Override
    public IngestNodeContainer attachTo(String containerId) {
        super.attachTo(containerId);
        getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .flatMap(n -> n.getAliases() == null ? java.util.stream.Stream.<String>empty() : n.getAliases().stream())
                .filter(a -> a.startsWith(NETWORK_ALIAS_PREFIX)).findFirst()
                .ifPresent(a -> alias = a);
        return this;
    }

    public String getNetworkAlias() {
        return alias;
    }

    public EsClientMode getEsClient() {
        return esClient;
    }

    public String getBaseUrl() {
        return "http://" + getHost() + ":" + getMappedPort(HTTP_PORT);
    }

    /** The HTTPS documents URL as seen from other containers on the stack's network ({@link #withTls}). */
    public String getInternalTlsDocsUrl() {
        if (!tls) {
            throw new IllegalStateException("this Node server serves no HTTPS: start it withTls(...)");
        }
        return "https://" + alias + ":" + TLS_PORT + "/docs";
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
