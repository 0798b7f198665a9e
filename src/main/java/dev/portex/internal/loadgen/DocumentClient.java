package dev.portex.internal.loadgen;

import dev.portex.api.DocumentSender;
import dev.portex.model.ClientKind;
import dev.portex.model.CloseMode;
import dev.portex.model.ConnectionReuse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
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

    /** Sends this client repeated after an I/O failure (only {@link ConnectionReuse#RETRY_WITH_ID} retries). */
    default int retries() {
        return 0;
    }

    /** The Java client {@code kind}, closing its connections the {@code closeMode} way. */
    static DocumentClient of(ClientKind kind, int concurrency, CloseMode closeMode) {
        return of(kind, concurrency, closeMode, ConnectionReuse.DEFAULT);
    }

    /** The same, with the pooled client reusing idle connections the {@code reuse} way (the keep-alive race). */
    static DocumentClient of(ClientKind kind, int concurrency, CloseMode closeMode, ConnectionReuse reuse) {
        if (kind.runtime() != ClientKind.Runtime.JAVA) {
            throw new IllegalArgumentException(kind + " is not a Java client: the Java load generator runs "
                    + ClientKind.builtIns().stream().filter(c -> c.runtime() == ClientKind.Runtime.JAVA).toList());
        }
        if (closeMode == CloseMode.SERVER_CLOSES_FIRST) {
            return new ServerClosesFirst();
        }
        boolean lingerZero = closeMode == CloseMode.SO_LINGER_ZERO;
        return switch (kind) {
            case PER_REQUEST -> new PerRequest(lingerZero);
            case POOLED -> new Pooled(concurrency, lingerZero, reuse);
            case PER_REQUEST_RETRY -> new RetriesConnect(new PerRequest(lingerZero));
            case POOLED_RETRY -> new RetriesConnect(new Pooled(concurrency, lingerZero, reuse));
            case RESTASSURED_DEFAULT, RESTASSURED_REUSE, JDK_PER_REQUEST, JDK_SHARED, OKHTTP_PER_REQUEST, OKHTTP_SHARED,
                 URLCONNECTION, URLCONNECTION_UNREAD, HTTPCLIENT5_UNCONSUMED ->
                    dev.portex.internal.loadgen.JavaClientCatalogue.create(kind, concurrency);
            case OKHTTP_TLS_FACTORY_PER_CALL, OKHTTP_TLS_FACTORY_ONCE, HTTPCLIENT5_MTLS_CONTEXT_PER_REQUEST,
                 HTTPCLIENT5_MTLS_ONE_CONTEXT -> TlsTraps.create(kind);
            case PYTHON_POST, PYTHON_SESSION, PYTHON_RETRY, PYTHON_RETRY_SESSION, HTTPX_POST, HTTPX_CLIENT, AIOHTTP_SESSION_PER_REQUEST,
                 AIOHTTP_SESSION, PYTHON_SESSION_THREADS, PYTHON_SESSION_THREADS_POOL, GO_POST_UNCLOSED, GO_POST_UNREAD, GO_POST,
                 GO_SHARED_DEFAULT, GO_SHARED_IDLE, NODE_FETCH, NODE_FETCH_RESET, NODE_AXIOS, NODE18_AXIOS, NODE18_AXIOS_KEEPALIVE,
                 SENDER, COMMAND, IMAGE -> throw new IllegalStateException("not a built-in Java client: " + kind);
        };
    }

    /**
     * The user's own {@link DocumentSender}, created with its public no-argument constructor and opened.
     *
     * @throws SenderException naming the class and what is wrong with it
     */
    static DocumentClient ofSender(String className) {
        DocumentSender sender = SenderException.instantiate(className);
        return new DocumentClient() {
            @Override
            public Response post(URI target, byte[] json) throws IOException {
                try {
                    return new Response(sender.send(target, json), "");
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e.getClass().getName() + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    sender.close();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        };
    }

    /** Plain http only: no TLS context to build for every per-request client. */
    Lookup<TlsSocketStrategy> NO_TLS = RegistryBuilder.<TlsSocketStrategy>create().build();

    ConnectionConfig CONNECTION_CONFIG = ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(Timeouts.CONNECT))
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
        return client.execute(post, response -> {
            if (response.getEntity() == null) {
                return new Response(response.getCode(), "");
            }
            if (response.getCode() == 201) {
                // Read to its end, so the connection goes back to the pool as before, but not decoded: only a
                // failure's body is reported, and a String per acknowledgement was CPU taken from the stack.
                EntityUtils.consume(response.getEntity());
                return new Response(201, "");
            }
            return new Response(response.getCode(), EntityUtils.toString(response.getEntity()));
        });
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
            // opens, and gracefully closes, its own connection. Over https, HttpClient's default TLS (the JVM's trust).
            BasicHttpClientConnectionManager manager = BasicHttpClientConnectionManager.create(
                    "https".equals(target.getScheme()) ? DefaultTls.REGISTRY : NO_TLS);
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

        /**
         * HttpClient's default TLS strategy, made at the first https request (after {@code --trust-store} set the JVM's
         * trust) and shared by the per-request clients: each still opens its own connection and handshake.
         */
        private static final class DefaultTls {
            static final Lookup<TlsSocketStrategy> REGISTRY = RegistryBuilder.<TlsSocketStrategy>create()
                    .register("https", org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy.createDefault()).build();
        }
    }

    /**
     * What {@code requests.Session()} does: one client whose pooled connections are reused. {@code reuse} says when an
     * idle connection may be reused: HttpClient's defaults, or one of the keep-alive race's shapes and cures.
     */
    final class Pooled implements DocumentClient {
        /** HttpClient's keep-alive when a response has no {@code Keep-Alive: timeout} header (RequestConfig's default). */
        static final TimeValue KEEP_ALIVE_WITHOUT_HEADER = TimeValue.ofMinutes(3);

        private final CloseableHttpClient client;
        private final AtomicInteger retries = new AtomicInteger();

        Pooled(int concurrency, boolean lingerZero, ConnectionReuse reuse) {
            PoolingHttpClientConnectionManager manager = manager(concurrency, lingerZero);
            if (reuse == ConnectionReuse.DEFAULT || reuse == ConnectionReuse.TCP_KEEP_ALIVE) {
                if (reuse == ConnectionReuse.TCP_KEEP_ALIVE) {
                    manager.setDefaultSocketConfig(SocketConfig.custom().setSoKeepAlive(true)
                            .setTcpKeepIdle(ConnectionReuse.TCP_KEEP_IDLE_SECONDS).setTcpKeepInterval(1).setTcpKeepCount(3)
                            .build());
                }
                this.client = newHttpClient(manager);
                return;
            }
            ConnectionConfig.Builder config = ConnectionConfig.copy(CONNECTION_CONFIG);
            if (reuse != ConnectionReuse.STALE_CHECK) {
                // negative: never check a pooled connection before reusing it
                config.setValidateAfterInactivity(TimeValue.NEG_ONE_MILLISECOND);
            }
            if (reuse == ConnectionReuse.IDLE_TIMEOUT) {
                // a connection idle this long is closed when leased, instead of reused
                config.setIdleTimeout(Timeout.ofMilliseconds(ConnectionReuse.IDLE_TIMEOUT_MS));
            }
            manager.setDefaultConnectionConfig(config.build());
            HttpClientBuilder builder = HttpClients.custom()
                    .setConnectionManager(manager)
                    .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(30)).build())
                    // the server's Keep-Alive: timeout=5 ignored, as against a server that sends none
                    .setKeepAliveStrategy((response, context) -> KEEP_ALIVE_WITHOUT_HEADER);
            if (reuse == ConnectionReuse.RETRY_WITH_ID) {
                builder.setRetryStrategy(new RetryDocumentsWithTheirId(retries));
            } else {
                builder.disableAutomaticRetries();
            }
            this.client = builder.build();
        }

        @Override
        public Response post(URI target, byte[] json) throws IOException {
            return execute(client, target, json);
        }

        @Override
        public int retries() {
            return retries.get();
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /**
     * Retries a send once after an I/O failure, POST included: HttpClient refuses to repeat a POST (it is not
     * idempotent: the first attempt may have been processed), but a document that carries its own id is
     * idempotent here, since Node indexes it under that id and a second copy overwrites the first. Error answers
     * (503, 429) are not retried: only a send whose answer never came.
     */
    final class RetryDocumentsWithTheirId extends DefaultHttpRequestRetryStrategy {
        private final AtomicInteger retries;

        RetryDocumentsWithTheirId(AtomicInteger retries) {
            super(1, TimeValue.ZERO_MILLISECONDS);
            this.retries = retries;
        }

        @Override
        protected boolean handleAsIdempotent(HttpRequest request) {
            return true; // every document this client sends carries its id
        }

        @Override
        public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            boolean retry = super.retryRequest(request, exception, execCount, context);
            if (retry) {
                retries.incrementAndGet();
            }
            return retry;
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
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
