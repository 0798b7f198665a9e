package dev.portex.it.senders;

import dev.portex.api.DocumentSender;
import java.net.URI;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The fix of {@link OkHttpSslSocketFactoryPerCall}: the factory made once, in {@code open()}. Each call still derives
 * a client with {@code newBuilder().sslSocketFactory(...)}, now with the same factory: an equal {@code Address}, so the
 * shared pool's connection is reused.
 */
public class OkHttpSslSocketFactoryOnce implements DocumentSender {
    private final OkHttpClient base = new OkHttpClient();
    private SSLSocketFactory factory;
    private X509TrustManager trust;

    @Override
    public void open() throws Exception {
        factory = StackTlsFiles.newContext(false).getSocketFactory();
        trust = StackTlsFiles.trustManager();
    }

    @Override
    public int send(URI target, byte[] json) throws Exception {
        return OkHttpSslSocketFactoryPerCall.post(base.newBuilder().sslSocketFactory(factory, trust).build(), target, json);
    }

    @Override
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
