package dev.portex.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.internal.containers.IngestNodeContainer;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Node/Express ingest server refuses bad requests with the right 4xx status and a JSON error
 * ({@code {"error", "cause", "code"}}, see containers/ingest-node/README.md), counts them as
 * rejected without touching Elasticsearch, and keeps indexing good documents afterwards.
 */
@PortexStackTest
class IngestServerRejectsBadInputIT {
    static final String RUN_ID = "bad-input-check";
    /** Node's default BODY_LIMIT is 100kb; this document is ten times that. */
    static final int ONE_MEGABYTE = 1024 * 1024;

    static final RestAssuredConfig BOUNDED = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000)
            .setParam("http.socket.timeout", 30_000));

    private static final AtomicInteger goodDocuments = new AtomicInteger();
    private static IngestNodeContainer node;

    /** One bad request: what is sent, and what Node must answer. */
    record BadRequest(String method, String path, String contentType, String body, int status, String code,
                      boolean countsAsRejected) {
        String describe() {
            String shownBody = body.length() > 60 ? body.length() + " bytes of JSON" : "'" + body + "'";
            return method + " " + path + " (Content-Type " + contentType + ", body " + shownBody + ")";
        }
    }

    static Stream<Arguments> badRequests() {
        String doc = "{\"runId\":\"" + RUN_ID + "-rejected\",\"seq\":0}";
        return Stream.of(
                Arguments.of("a body that is not JSON is answered 400 Bad Request",
                        new BadRequest("POST", "/docs", "application/json", "{\"runId\": not json", 400,
                                "entity.parse.failed", true)),
                Arguments.of("an empty body is answered 400 Bad Request",
                        new BadRequest("POST", "/docs", "application/json", "", 400, null, true)),
                Arguments.of("a JSON array instead of one document is answered 400 Bad Request",
                        new BadRequest("POST", "/docs", "application/json", "[" + doc + "," + doc + "]", 400, null, true)),
                Arguments.of("a 1 MB document, ten times Node's 100kb body limit, is answered 413 Payload Too Large",
                        new BadRequest("POST", "/docs", "application/json", oneMegabyteDocument(), 413,
                                "entity.too.large", true)),
                Arguments.of("a document sent as text/plain is answered 415 Unsupported Media Type",
                        new BadRequest("POST", "/docs", "text/plain", doc, 415, null, true)),
                Arguments.of("a document posted to /doc, a route that does not exist, is answered 404 Not Found",
                        new BadRequest("POST", "/doc", "application/json", doc, 404, null, false)));
    }

    @BeforeAll
    static void startIngestServer(Incident incident) {
        node = incident.stack().startIngestNode(n -> n);
    }

    @AfterAll
    static void stopIngestServer(Incident incident) {
        if (node != null) {
            incident.stack().remove(node);
        }
    }

    @ParameterizedTest(name = "{0}, with a JSON error body, and the next good document is still indexed")
    @MethodSource("badRequests")
    void rejectsBadInputAndKeepsIndexing(String story, BadRequest bad) {
        JsonPath statsBefore = stats();

        Response response = given().config(BOUNDED)
                .contentType(bad.contentType())
                .body(bad.body())
                .request(bad.method(), node.getBaseUrl() + bad.path());

        assertThat(response.statusCode())
                .as("HTTP status Node answered to %s; body: %s", bad.describe(), abbreviated(response.asString()))
                .isEqualTo(bad.status());
        assertThat(response.contentType())
                .as("Content-Type of Node's %d answer: errors are JSON, so clients can log them", bad.status())
                .startsWith("application/json");
        JsonPath error = response.jsonPath();
        assertThat(error.getString("error"))
                .as("the 'error' sentence of Node's %d answer to %s", bad.status(), bad.describe())
                .isNotBlank();
        assertThat(error.getString("code"))
                .as("the 'code' of Node's %d answer (containers/ingest-node/README.md lists one per status)", bad.status())
                .isEqualTo(bad.code());

        JsonPath statsAfter = stats();
        assertThat(statsAfter.getLong("rejected") - statsBefore.getLong("rejected"))
                .as("Node's /stats 'rejected' counter after %s: it counts refused POST /docs requests only",
                        bad.describe())
                .isEqualTo(bad.countsAsRejected() ? 1 : 0);
        assertThat(statsAfter.getLong("failed") - statsBefore.getLong("failed"))
                .as("Node's /stats 'failed' counter after %s: a refused request never reaches Elasticsearch",
                        bad.describe())
                .isZero();

        int seq = goodDocuments.incrementAndGet();
        Response good = given().config(BOUNDED)
                .contentType("application/json")
                .body("{\"runId\":\"" + RUN_ID + "\",\"seq\":" + seq + "}")
                .post(node.getBaseUrl() + "/docs");
        assertThat(good.statusCode())
                .as("HTTP status of a good document (seq %d) right after %s: the server must keep indexing; body: %s",
                        seq, bad.describe(), abbreviated(good.asString()))
                .isEqualTo(201);
        assertThat(good.jsonPath().getString("result"))
                .as("Elasticsearch's result for the good document, as Node reports it")
                .isEqualTo("created");
    }

    static JsonPath stats() {
        Response stats = given().config(BOUNDED).get(node.getBaseUrl() + "/stats");
        assertThat(stats.statusCode()).as("HTTP status of Node's GET /stats").isEqualTo(200);
        return stats.jsonPath();
    }

    static String oneMegabyteDocument() {
        String head = "{\"runId\":\"" + RUN_ID + "-too-large\",\"padding\":\"";
        String tail = "\"}";
        return head + "x".repeat(ONE_MEGABYTE - head.length() - tail.length()) + tail;
    }

    static String abbreviated(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }
}
