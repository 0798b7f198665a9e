package dev.portex.internal.harness;

import dev.portex.api.PortexException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Small JSON-over-HTTP calls from the host to the stack's mapped (127.0.0.1) ports, with the JDK's
 * {@link HttpURLConnection} (connections kept alive by the JDK between calls). Not {@code java.net.http.HttpClient}:
 * its selector thread waits in native code for the JVM's whole life, and the JVM's exit waits 0.3 s for such a thread
 * before it gives up on it.
 */
final class HttpJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private HttpJson() {
    }

    static JsonNode get(String url) {
        return send("GET", url, null);
    }

    static JsonNode post(String url, String json) {
        return send("POST", url, json);
    }

    static JsonNode put(String url, String json) {
        return send("PUT", url, json);
    }

    static JsonNode delete(String url) {
        return send("DELETE", url, null);
    }

    private static JsonNode send(String method, String url, String json) {
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) URI.create(url).toURL().openConnection();
            http.setRequestMethod(method);
            http.setConnectTimeout(CONNECT_TIMEOUT_MS);
            http.setReadTimeout(READ_TIMEOUT_MS);
            if (json != null) {
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                http.setDoOutput(true);
                http.setFixedLengthStreamingMode(body.length);
                http.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = http.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = http.getResponseCode();
            String answer = readFully(status >= 400 ? http.getErrorStream() : http.getInputStream());
            if (status >= 300) {
                throw new PortexException("HTTP " + status + " from " + url + ": " + answer);
            }
            return JSON.readTree(answer);
        } catch (IOException e) {
            if (http != null) {
                http.disconnect();
            }
            throw new PortexException("cannot reach " + url + ": " + e);
        }
    }

    /** The whole body (read to its end, so that the connection can be reused); "" for none. */
    private static String readFully(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
