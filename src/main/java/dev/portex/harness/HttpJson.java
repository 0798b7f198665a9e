package dev.portex.harness;

import dev.portex.infra.PortexException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small JSON-over-HTTP calls from the host to the stack's mapped (127.0.0.1) ports. */
final class HttpJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpJson() {
    }

    static JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static JsonNode post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static JsonNode put(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static JsonNode delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new PortexException("HTTP " + response.statusCode() + " from " + response.uri() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new PortexException("cannot reach " + request.build().uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortexException("interrupted");
        }
    }
}
