package dev.portex.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One way of sending a document over HTTP. The two clients of the incident use Apache HttpClient 5
 * with its defaults: keep-alive, graceful close (the client sends FIN first and so keeps the
 * TIME_WAIT), no {@code Connection: close}, no SO_LINGER. The close modes other than
 * {@code graceful} are the mitigations; each hides the failure in its own way.
 */
public interface DocumentClient extends AutoCloseable {

    /** The HTTP answer to one document. */
    record Response(int status, String body) {
    }

    Response post(URI target, byte[] json) throws IOException;

    @Override
    void close() throws IOException;

    static DocumentClient named(String name, int concurrency, String closeMode) {
        if ("server-closes-first".equals(closeMode)) {
            return new ServerClosesFirst();
        }
        boolean lingerZero = "so-linger-zero".equals(closeMode);
        return switch (name) {
            case "per-request" -> new PerRequest(lingerZero);
            case "pooled" -> new Pooled(concurrency, lingerZero);
            default -> dev.portex.loadgen.clients.JavaClientCatalogue.create(name, concurrency);
        };
    }

    /** Plain http only: no TLS context to build for every per-request client. */
    Lookup<TlsSocketStrategy> NO_TLS = RegistryBuilder.<TlsSocketStrategy>create().build();

    ConnectionConfig CONNECTION_CONFIG = ConnectionConfig.custom()
            .setConnectTimeout(5, TimeUnit.SECONDS)
            .setSocketTimeout(30, TimeUnit.SECONDS)
            .build();
    /** close() then aborts the connection with RST: no TIME_WAIT anywhere, at the price of a reset. */
    SocketConfig LINGER_ZERO = SocketConfig.custom().setSoLinger(TimeValue.ZERO_MILLISECONDS).build();

    private static CloseableHttpClient newHttpClient(HttpClientConnectionManager manager) {
        return HttpClients.custom()
                .setConnectionManager(manager)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(30))
                        .build())
                // A POST is not retried anyway; say so, so that one attempt is one document.
                .disableAutomaticRetries()
                .build();
    }

    private static PoolingHttpClientConnectionManager manager(int connections, boolean lingerZero) {
        PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(CONNECTION_CONFIG);
        if (lingerZero) {
            builder.setDefaultSocketConfig(LINGER_ZERO);
        }
        return builder.build();
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
        private final boolean lingerZero;

        PerRequest(boolean lingerZero) {
            this.lingerZero = lingerZero;
        }

        @Override
        public Response post(URI target, byte[] json) throws IOException {
            // A basic (single-connection) manager without TLS set-up: the lightest client that still
            // opens, and gracefully closes, its own connection.
            BasicHttpClientConnectionManager manager = BasicHttpClientConnectionManager.create(NO_TLS);
            manager.setConnectionConfig(CONNECTION_CONFIG);
            if (lingerZero) {
                manager.setSocketConfig(LINGER_ZERO);
            }
            try (CloseableHttpClient client = newHttpClient(manager)) {
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

        Pooled(int concurrency, boolean lingerZero) {
            this.client = newHttpClient(manager(concurrency, lingerZero));
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

    /**
     * A new connection per document that lets the server close first: the request says
     * {@code Connection: close}, the client reads to end-of-stream (the server's FIN) and only then
     * closes. The TIME_WAIT lands on the server's side. A raw socket, because HttpClient 5 resets
     * such a connection itself instead of waiting for the server's FIN.
     */
    final class ServerClosesFirst implements DocumentClient {
        @Override
        public Response post(URI target, byte[] json) throws IOException {
            int port = target.getPort() == -1 ? 80 : target.getPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(target.getHost(), port), 5000);
                socket.setSoTimeout(30_000);
                String head = "POST " + target.getRawPath() + " HTTP/1.1\r\n"
                        + "Host: " + target.getHost() + ":" + port + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: " + json.length + "\r\n"
                        + "Connection: close\r\n\r\n";
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(json);
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                in.transferTo(answer); // until the server's FIN
                String text = answer.toString(StandardCharsets.UTF_8);
                int firstSpace = text.indexOf(' ');
                if (!text.startsWith("HTTP/1.") || firstSpace < 0 || text.length() < firstSpace + 4) {
                    throw new IOException("not an HTTP answer: " + text.substring(0, Math.min(80, text.length())));
                }
                int status = Integer.parseInt(text.substring(firstSpace + 1, firstSpace + 4));
                int bodyStart = text.indexOf("\r\n\r\n");
                return new Response(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
            }
        }

        @Override
        public void close() {
        }
    }
}
