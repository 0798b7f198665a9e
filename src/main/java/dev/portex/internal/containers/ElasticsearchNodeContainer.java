package dev.portex.internal.containers;

import java.time.Duration;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * portex's Elasticsearch node, built from containers/elasticsearch (named apart from Testcontainers' own
 * {@code ElasticsearchContainer}, which pulls an image). Elasticsearch (9.5, or 8.19 / 7.17 with -Delasticsearch.version;
 * the integ-test-zip from Maven Central) on Debian 13's JRE 21: single node,
 * security off, 512 MB heap. Reachable as {@code http://elasticsearch:9200} on the stack's network.
 */
public class ElasticsearchNodeContainer extends PortexContainer<ElasticsearchNodeContainer> {
    public static final String NETWORK_ALIAS = "elasticsearch";
    public static final int HTTP_PORT = 9200;

    public ElasticsearchNodeContainer() {
        this(PortexImages.elasticsearch());
    }

    public ElasticsearchNodeContainer(String image) {
        super(image);
        withExposedPorts(HTTP_PORT);
        withNetworkAliases(NETWORK_ALIAS);
        withHeap("512m");
        // GET / answers 405 in this distribution; cluster health is the real readiness signal.
        waitingFor(Wait.forHttp("/_cluster/health?wait_for_status=yellow&timeout=1s")
                .forPort(HTTP_PORT)
                .forStatusCode(200)
                .withStartupTimeout(Duration.ofMinutes(3)));
    }

    public ElasticsearchNodeContainer withHeap(String size) {
        return withEnv("ES_JAVA_OPTS", "-Xms" + size + " -Xmx" + size);
    }

    /** Set once the node was started again after a kill: Docker then maps its port anew. */
    private volatile Integer restartedPort;

    /** host:port of the HTTP API, bound to 127.0.0.1 on the host. */
    public String getHttpHostAddress() {
        Integer port = restartedPort;
        return getHost() + ":" + (port != null ? port : getMappedPort(HTTP_PORT));
    }

    /**
     * Starts the node again after {@link #kill()}, on its own data directory (what the translog made durable survives),
     * and waits until it answers cluster health yellow, for at most {@code limit}.
     */
    public void startAgainAndWait(Duration limit) {
        try (LoadGate.Pass pass = LoadGate.enter(false)) {
            startAgainAndWaitPast(limit);
        }
    }

    private void startAgainAndWaitPast(Duration limit) {
        startAgain();
        restartedPort = currentMappedPort(HTTP_PORT);
        long giveUpAt = System.nanoTime() + limit.toNanos();
        java.net.URI health = java.net.URI.create(getBaseUrl() + "/_cluster/health?wait_for_status=yellow&timeout=1s");
        while (System.nanoTime() < giveUpAt) {
            // HttpURLConnection, not java.net.http: no selector thread left behind for the JVM's exit to wait for
            java.net.HttpURLConnection http = null;
            try {
                http = (java.net.HttpURLConnection) health.toURL().openConnection();
                http.setConnectTimeout(2_000);
                http.setReadTimeout(5_000);
                int status = http.getResponseCode();
                try (var body = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
                    if (body != null) {
                        body.readAllBytes();
                    }
                }
                if (status == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
                if (http != null) {
                    http.disconnect();
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while Elasticsearch started again");
            }
        }
        throw new IllegalStateException("Elasticsearch did not answer cluster health yellow within " + limit.toSeconds()
                + " s of being started again; its log: " + getLogs().lines().reduce((a, b) -> b).orElse("(empty)"));
    }

    public String getBaseUrl() {
        return "http://" + getHttpHostAddress();
    }

    /** The URL other containers on the stack's network use. */
    public String getInternalUrl() {
        return "http://" + NETWORK_ALIAS + ":" + HTTP_PORT;
    }
}
