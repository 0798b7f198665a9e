package dev.portex.loadgen;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * One way of sending a document over HTTP. Both implementations use Apache HttpClient 5 with
 * its defaults: keep-alive, graceful close (the client sends FIN first and so keeps the
 * TIME_WAIT), no {@code Connection: close}, no SO_LINGER; each of those would hide the failure.
 */
public interface DocumentClient extends AutoCloseable {

    /** The HTTP answer to one document. */
    record Response(int status, String body) {
    }

    Response post(URI target, byte[] json) throws IOException;

    @Override
    void close() throws IOException;

    static DocumentClient named(String name, int concurrency) {
        return switch (name) {
            case "per-request" -> new PerRequest();
            case "pooled" -> new Pooled(concurrency);
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
    }

    private static CloseableHttpClient newHttpClient(PoolingHttpClientConnectionManager manager) {
        return HttpClients.custom()
                .setConnectionManager(manager)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(30))
                        .build())
                // A POST is not retried anyway; say so, so that one attempt is one document.
                .disableAutomaticRetries()
                .build();
    }

    private static PoolingHttpClientConnectionManager manager(int connections) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(5, TimeUnit.SECONDS)
                        .setSocketTimeout(30, TimeUnit.SECONDS)
                        .build())
                .build();
    }

    private static Response execute(CloseableHttpClient client, URI target, byte[] json) throws IOException {
        HttpPost post = new HttpPost(target);
        post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return client.execute(post, response -> new Response(
                response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
    }

    /** What {@code requests.post(...)} does: a new client, so a new connection and port, per document. */
    final class PerRequest implements DocumentClient {
        @Override
        public Response post(URI target, byte[] json) throws IOException {
            try (CloseableHttpClient client = newHttpClient(manager(1))) {
                return execute(client, target, json);
            }
        }

        @Override
        public void close() {
        }
    }

    /** What {@code requests.Session()} does: one client whose pooled connections are reused. */
    final class Pooled implements DocumentClient {
        private final CloseableHttpClient client;

        Pooled(int concurrency) {
            this.client = newHttpClient(manager(concurrency));
        }

        @Override
        public Response post(URI target, byte[] json) throws IOException {
            return execute(client, target, json);
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }
}
