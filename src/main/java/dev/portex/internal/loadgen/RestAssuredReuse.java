package dev.portex.internal.loadgen;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.net.URI;

/**
 * {@code restassured-reuse}: REST Assured configured the documented way to reuse one HTTP client
 * instance, {@code RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig().reuseHttpClientInstance())}
 * (REST Assured's "HTTP Client Config"; rest-assured/rest-assured#990 and #1392 are about what it
 * does). REST Assured keeps the client it built in the {@code HttpClientConfig} object, so this works only
 * while the same configuration is used for every request (here one field; in a test suite
 * {@code RestAssured.config = ...}). One Apache HttpClient 4 then serves every document over its one
 * keep-alive connection, because the body is read ({@code asString()}): does not exhaust. The same
 * time-outs as {@link RestAssuredDefault}.
 */
public final class RestAssuredReuse implements DocumentClient {
    static final String NAME = "restassured-reuse";

    private final RestAssuredConfig config = RestAssuredConfig.config()
            .httpClient(RestAssuredDefault.withTimeouts(HttpClientConfig.httpClientConfig().reuseHttpClientInstance()));

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
