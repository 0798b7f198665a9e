package dev.portex.it.senders;

import dev.portex.api.DocumentSender;
import java.net.URI;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One {@code OkHttpClient}, and per call a client derived from it with {@code newBuilder().sslSocketFactory(...)} whose
 * factory is made for that call: the derived clients share the base client's pool, but the factory is part of OkHttp's
 * {@code Address}, so no call finds a pooled connection it may reuse.
 */
public class OkHttpSslSocketFactoryPerCall implements DocumentSender {
    static final MediaType JSON = MediaType.get("application/json");
    private final OkHttpClient base = new OkHttpClient();

    @Override
    public int send(URI target, byte[] json) throws Exception {
        OkHttpClient client = base.newBuilder()
                .sslSocketFactory(StackTlsFiles.newContext(false).getSocketFactory(), StackTlsFiles.trustManager()).build();
        return post(client, target, json);
    }

    static int post(OkHttpClient client, URI target, byte[] json) throws Exception {
        Request request = new Request.Builder().url(target.toString()).post(RequestBody.create(json, JSON)).build();
        try (okhttp3.Response response = client.newCall(request).execute()) {
            response.body().string();
            return response.code();
        }
    }

    @Override
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
