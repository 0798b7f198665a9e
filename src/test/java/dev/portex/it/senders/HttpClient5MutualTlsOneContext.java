package dev.portex.it.senders;

import java.net.URI;
import org.apache.hc.client5.http.protocol.HttpClientContext;

/**
 * The fix of {@link HttpClient5MutualTls}: one context for every request (one thread), which keeps the principal the
 * first handshake set, so the pool hands back the connection with that state. ({@code disableConnectionState()} on
 * the builder is the other fix, where connections need not be told apart by their client certificate.)
 */
public class HttpClient5MutualTlsOneContext extends HttpClient5MutualTls {
    private final HttpClientContext context = HttpClientContext.create();

    @Override
    public int send(URI target, byte[] json) throws Exception {
        return post(target, json, context);
    }
}
