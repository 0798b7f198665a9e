package dev.portex.internal.loadgen;

import java.io.IOException;
import java.net.URI;

/**
 * {@code urlconnection-unread}: the same {@code HttpURLConnection} request, but only the status is
 * looked at: the response body is never read and its stream never closed. The JDK cannot hand such
 * a connection back to its keep-alive cache (unread bytes are still on it), so every document
 * opens a new one, and the old one stays open until a garbage collection finds its socket: exhausts a
 * range at its size.
 */
public final class UrlConnectionUnread implements DocumentClient {
    static final String NAME = "urlconnection-unread";

    @Override
    public Response post(URI target, byte[] json) throws IOException {
        return new Response(UrlConnections.send(target, json).getResponseCode(), "");
    }

    @Override
    public void close() {
    }
}
