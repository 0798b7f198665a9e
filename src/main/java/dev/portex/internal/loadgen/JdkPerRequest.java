package dev.portex.internal.loadgen;

import java.io.IOException;
import java.net.URI;

/**
 * {@code jdk-per-request}: a new {@code java.net.http.HttpClient} for every document, the pattern that
 * ran the JDK's own tests out of ephemeral ports (openjdk/jdk#10794). Each client has its own
 * connection pool and selector thread; Java 17's HttpClient has no {@code close()}, so the
 * keep-alive connection stays open in a client nobody uses again, until the server closes it (Node
 * after 5 s idle). At full speed that is too late: exhausts a range at its size, and the JDK reports it
 * as a {@code ConnectException}.
 */
public final class JdkPerRequest implements DocumentClient {
    static final String NAME = "jdk-per-request";

    @Override
    public Response post(URI target, byte[] json) throws IOException {
        return JdkHttp.send(JdkHttp.newClient(), target, json);
    }

    @Override
    public void close() {
    }
}
