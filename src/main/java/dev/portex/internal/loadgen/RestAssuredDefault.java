package dev.portex.internal.loadgen;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.net.URI;

/**
 * {@code restassured-default}: REST Assured as most test suites use it,
 * {@code given().body(..).post(..)} with the default configuration. By default REST Assured builds a
 * new Apache HttpClient 4 ({@code DefaultHttpClient}) for every request
 * ({@link HttpClientConfig#isConfiguredToReuseTheSameHttpClientInstance()} is false) and never shuts it
 * down, so every document opens its own connection, which stays open in a client nobody references any
 * more until a garbage collection finalizes it (HttpClient 4's connection manager shuts down in its
 * finalizer) and the close leaves the port in TIME_WAIT: one port per document, held either way.
 * Exhausts a range at its size. Only the connect and read time-outs are set (HttpClient 4's {@code http.connection.timeout} and
 * {@code http.socket.timeout} parameters; REST Assured's default is to wait forever).
 */
public final class RestAssuredDefault implements DocumentClient {
    static final String NAME = "restassured-default";

    private final RestAssuredConfig config = RestAssuredConfig.config().httpClient(withTimeouts(HttpClientConfig.httpClientConfig()));

    static HttpClientConfig withTimeouts(HttpClientConfig httpClient) {
        return httpClient
                .setParam("http.connection.timeout", (int) Timeouts.CONNECT.toMillis())
                .setParam("http.socket.timeout", (int) Timeouts.RESPONSE.toMillis());
    }

    @Override
    public Response post(URI target, byte[] json) {
        io.restassured.response.Response response = RestAssured.given().config(config)
                .contentType(ContentType.JSON).body(json)
                .post(target);
        return new Response(response.statusCode(), response.asString());
    }

    @Override
    public void close() {
    }
}
