package dev.portex.internal.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * {@code jdk-shared}: one {@code java.net.http.HttpClient} for the whole run, as its Javadoc
 * recommends: its pool keeps the connection alive and reuses it for the next document, so it does not
 * exhaust.
 */
public final class JdkShared implements DocumentClient {
    static final String NAME = "jdk-shared";

    private final HttpClient client = JdkHttp.newClient();

    @Override
    public Response post(URI target, byte[] json) throws IOException {
        return JdkHttp.send(client, target, json);
    }

    @Override
    public void close() {
        // Java 17's HttpClient has no close(): its connections end with the JVM.
    }
}
