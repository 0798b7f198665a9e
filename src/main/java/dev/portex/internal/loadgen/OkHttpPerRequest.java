package dev.portex.internal.loadgen;

import java.io.IOException;
import java.net.URI;

/**
 * {@code okhttp-per-request}: a new {@code OkHttpClient} for every document (OkHttp's documentation:
 * "create a single OkHttpClient instance and reuse it"). The response is read and closed as it
 * should be, so the connection goes back into that client's own pool, which keeps it open for
 * five minutes, and no later document ever asks that pool again: exhausts a range at its size, and the
 * ports stay taken for those five minutes.
 */
public final class OkHttpPerRequest implements DocumentClient {
    static final String NAME = "okhttp-per-request";

    @Override
    public Response post(URI target, byte[] json) throws IOException {
        return OkHttp.send(OkHttp.newClient(), target, json);
    }

    @Override
    public void close() {
    }
}
