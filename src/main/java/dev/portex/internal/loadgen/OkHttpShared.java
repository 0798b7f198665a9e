package dev.portex.internal.loadgen;

import java.io.IOException;
import java.net.URI;
import okhttp3.OkHttpClient;

/**
 * {@code okhttp-shared}: one {@code OkHttpClient} for the whole run, as OkHttp's documentation asks; its
 * pool reuses the connection, so it does not exhaust.
 */
public final class OkHttpShared implements DocumentClient {
    static final String NAME = "okhttp-shared";

    private final OkHttpClient client = OkHttp.newClient();

    @Override
    public Response post(URI target, byte[] json) throws IOException {
        return OkHttp.send(client, target, json);
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
