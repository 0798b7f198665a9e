package dev.portex.internal.loadgen;

import dev.portex.model.ClientKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The reuse traps only HTTPS shows, each beside its fix ({@link ClientKind.Group#TLS}), built from the stack's trust
 * store ({@code --trust-store}) and the client certificate beside it ({@link StackTrust#CLIENT_KEY_STORE_FILE}), as
 * production code builds its TLS from configured files.
 */
final class TlsTraps {
    private TlsTraps() {
    }

    static DocumentClient create(ClientKind kind) {
        return switch (kind) {
            case OKHTTP_TLS_FACTORY_PER_CALL -> new OkHttpDerived(false);
            case OKHTTP_TLS_FACTORY_ONCE -> new OkHttpDerived(true);
            case HTTPCLIENT5_MTLS_CONTEXT_PER_REQUEST -> new HttpClient5MutualTls(false);
            case HTTPCLIENT5_MTLS_ONE_CONTEXT -> new HttpClient5MutualTls(true);
            default -> throw new IllegalArgumentException("not a TLS trap: " + kind);
        };
    }

    /**
     * OkHttp derived per call with {@code newBuilder().sslSocketFactory(...)}: with a factory (and trust manager) made
     * for each call, as the trap does, or made once, the fix.
     */
    static final class OkHttpDerived implements DocumentClient {
        private final OkHttpClient base = OkHttp.newClient();
        private final SSLSocketFactory factory;
        private final X509TrustManager trust;

        OkHttpDerived(boolean oneFactory) {
            this.factory = oneFactory ? context(false).getSocketFactory() : null;
            this.trust = oneFactory ? trustManager() : null;
        }

        @Override
        public Response post(URI target, byte[] json) throws IOException {
            OkHttpClient client = factory != null ? base.newBuilder().sslSocketFactory(factory, trust).build()
                    : base.newBuilder().sslSocketFactory(context(false).getSocketFactory(), trustManager()).build();
            return OkHttp.send(client, target, json);
        }

        @Override
        public void close() {
            base.dispatcher().executorService().shutdown();
            base.connectionPool().evictAll();
        }
    }

    /** One pooled HttpClient 5 presenting a client certificate: a context per request, or one for all. */
    static final class HttpClient5MutualTls implements DocumentClient {
        private final CloseableHttpClient client;
        private final HttpClientContext shared;

        HttpClient5MutualTls(boolean oneContext) {
            this.client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(CONNECTION_CONFIG)
                    .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(context(true)).buildClassic())
                    .build()).build();
            this.shared = oneContext ? HttpClientContext.create() : null;
        }

        @Override
        public Response post(URI target, byte[] json) throws IOException {
            HttpPost post = new HttpPost(target);
            post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
            return client.execute(post, shared != null ? shared : HttpClientContext.create(),
                    response -> new Response(response.getCode(), EntityUtils.toString(response.getEntity())));
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    private static KeyStore store(Path path) {
        try {
            return StackTrust.load(path);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(path + " cannot be read as the stack's PKCS#12 store (run with --tls): " + e.getMessage(), e);
        }
    }

    private static Path trustStore() {
        String path = System.getProperty("javax.net.ssl.trustStore");
        if (path == null) {
            throw new IllegalStateException("a TLS trap needs the stack's trust store: run it with --tls");
        }
        return Path.of(path);
    }

    static X509TrustManager trustManager() {
        try {
            return (X509TrustManager) StackTrust.trustManagers(store(trustStore()))[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new SSLContext trusting the stack's CA; with {@code clientCertificate}, presenting the client's certificate. */
    static SSLContext context(boolean clientCertificate) {
        try {
            KeyManagerFactory keys = null;
            if (clientCertificate) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store(trustStore().resolveSibling(StackTrust.CLIENT_KEY_STORE_FILE)), StackTrust.PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), new javax.net.ssl.TrustManager[] {trustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
