package dev.portex.internal.loadgen;

import dev.portex.internal.loadgen.DocumentClient.Response;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** What both {@code okhttp-*} clients share: how a client is built and a document sent (the response always closed). */
final class OkHttp {
    private static final MediaType JSON = MediaType.get("application/json");

    private OkHttp() {
    }

    /** OkHttp's defaults (pool of 5 idle connections kept 5 minutes) with the same time-outs as every client here. */
    static OkHttpClient newClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Timeouts.CONNECT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(Timeouts.RESPONSE.toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }

    static Response send(OkHttpClient client, URI target, byte[] json) throws IOException {
        Request request = new Request.Builder().url(target.toString()).post(RequestBody.create(json, JSON)).build();
        try (okhttp3.Response response = client.newCall(request).execute()) {
            return new Response(response.code(), response.body().string());
        }
    }
}
