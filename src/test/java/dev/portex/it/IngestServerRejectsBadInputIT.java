package dev.portex.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.internal.containers.IngestNodeContainer;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
                      boolean countsAsRejected, byte[] raw) {
        /** A request whose body is {@code body} in UTF-8. */
        BadRequest(String method, String path, String contentType, String body, int status, String code,
                   boolean countsAsRejected) {
            this(method, path, contentType, body, status, code, countsAsRejected, null);
        }

        /** The body's bytes: {@code raw} when given (bytes that are not UTF-8), else {@code body} in UTF-8. */
        byte[] bytes() {
            return raw != null ? raw : body.getBytes(StandardCharsets.UTF_8);
        }

        String describe() {
            String shownBody = raw != null ? body : body.length() > 60 ? body.length() + " bytes of JSON" : "'" + body + "'";
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
                        new BadRequest("POST", "/doc", "application/json", doc, 404, null, false)),
                // IngestServerFuzzIT, seed 20261202, request #6: Node indexed it with U+FFFD for the bytes, and said 201
                Arguments.of("a document whose bytes are not UTF-8 (JSON text must be) is answered 400 Bad Request, not "
                                + "indexed with U+FFFD in their place",
                        new BadRequest("POST", "/docs", "application/json", "'{\"ru\\xc4nId\":\"" + RUN_ID
                                + "-not-utf8\"}' (\\xc4 then 'n' is no UTF-8 sequence)", 400, "entity.parse.failed", true,
                                notUtf8Document())));
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
                .body(bad.bytes())
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

    /** IngestServerFuzzIT, seed 20261202, request #251: Node closed a CONNECT without a word (no 'connect' listener). */
    @Test
    @DisplayName("CONNECT, a proxy's method, is answered 405 Method Not Allowed with a JSON error, not a closed connection")
    void connectIsRefused() throws IOException {
        try (Socket socket = new Socket(node.getHost(), node.getMappedPort(IngestNodeContainer.HTTP_PORT))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("CONNECT /docs HTTP/1.1\r\nHost: ingest-node\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            IngestServerFuzzIT.Answer answer = IngestServerFuzzIT.readAnswer(socket.getInputStream());

            assertThat(answer.silence()).as("what Node did with CONNECT /docs: an answer, not %s", answer.silence()).isNull();
            assertThat(answer.status()).as("status Node answered to CONNECT /docs (body: %s)", answer.body()).isEqualTo(405);
            assertThat(JsonPath.from(answer.body()).getString("error")).as("the 'error' of its JSON answer")
                    .isEqualTo("Method not allowed");
        }
    }

    static JsonPath stats() {
        Response stats = given().config(BOUNDED).get(node.getBaseUrl() + "/stats");
        assertThat(stats.statusCode()).as("HTTP status of Node's GET /stats").isEqualTo(200);
        return stats.jsonPath();
    }

    /** A document with the byte 0xC4 (which starts a two-byte UTF-8 sequence) before an ASCII letter in a field name. */
    static byte[] notUtf8Document() {
        byte[] doc = ("{\"ru?nId\":\"" + RUN_ID + "-not-utf8\"}").getBytes(StandardCharsets.US_ASCII);
        doc[4] = (byte) 0xc4;
        return doc;
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
