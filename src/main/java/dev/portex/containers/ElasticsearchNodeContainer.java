package dev.portex.containers;

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

    /** host:port of the HTTP API, bound to 127.0.0.1 on the host. */
    public String getHttpHostAddress() {
        return getHost() + ":" + getMappedPort(HTTP_PORT);
    }

    public String getBaseUrl() {
        return "http://" + getHttpHostAddress();
    }

    /** The URL other containers on the stack's network use. */
    public String getInternalUrl() {
        return "http://" + NETWORK_ALIAS + ":" + HTTP_PORT;
    }
}
