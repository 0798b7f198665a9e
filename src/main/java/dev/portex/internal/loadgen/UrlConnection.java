package dev.portex.internal.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code urlconnection}: {@code HttpURLConnection} used as its documentation asks: the response body
 * (or the error stream) read to the end and closed. Only then does the JDK hand the connection back
 * to its keep-alive cache ({@code http.keepAlive}, {@code http.maxConnections}=5), and the next
 * {@code openConnection()} to the same server reuses it: does not exhaust.
 */
public final class UrlConnection implements DocumentClient {
    static final String NAME = "urlconnection";

    @Override
    public Response post(URI target, byte[] json) throws IOException {
        HttpURLConnection connection = UrlConnections.send(target, json);
        int status = connection.getResponseCode();
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (stream == null) {
            return new Response(status, "");
        }
        try (InputStream in = stream) {
            return new Response(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
    }
}
