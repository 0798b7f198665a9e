package dev.portex.internal.loadgen;

import dev.portex.internal.loadgen.DocumentClient.Response;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What both {@code jdk-*} clients share: how a {@link HttpClient} is built and a document sent. */
final class JdkHttp {
    private JdkHttp() {
    }

    /** The JDK's defaults (HTTP/2 preferred, so plain http asks for an h2c upgrade) plus the connect time-out. */
    static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Timeouts.CONNECT).build();
    }

    static Response send(HttpClient client, URI target, byte[] json) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Timeouts.RESPONSE)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending a document");
        }
    }
}
