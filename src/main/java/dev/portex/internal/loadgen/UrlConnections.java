package dev.portex.internal.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/** What both {@code urlconnection*} clients share: opening the connection and sending the document. */
final class UrlConnections {
    private UrlConnections() {
    }

    /** Sends the document and returns the connection with the response status read, the body not yet. */
    static HttpURLConnection send(URI target, byte[] json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        connection.setConnectTimeout((int) Timeouts.CONNECT.toMillis());
        connection.setReadTimeout((int) Timeouts.RESPONSE.toMillis());
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(json);
        }
        connection.getResponseCode();
        return connection;
    }
}
