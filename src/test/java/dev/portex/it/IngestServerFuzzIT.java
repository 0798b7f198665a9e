package dev.portex.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.it.IngestRequestFuzzer.Request;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Thousands of malformed and random requests at the real ingest server (its own Node container on the shared stack,
 * writing into an index of its own), made by {@link IngestRequestFuzzer} from a seed ({@code -Dportex.fuzz.seed=N} for
 * another; {@code -Dportex.fuzz.requests=N} for more). Each answer is checked as it comes: a 2xx only for a document
 * (or a read of /stats and /health), a 4xx for anything else, a 503 only for a document Elasticsearch refused, never any
 * other status, never silence on a complete request. After them: Node still runs and answers, its counters add up,
 * Elasticsearch holds exactly the documents Node acknowledged (by id), and a good document is indexed.
 */
@PortexStackTest
class IngestServerFuzzIT {
    static final long SEED = Long.getLong("portex.fuzz.seed", 20261202L);
    static final int REQUESTS = Integer.getInteger("portex.fuzz.requests", 3_000);
    /** A complete request Node neither answers nor closes within this is a hang, and a failure. */
    static final int READ_TIMEOUT_MS = 10_000;
    static final RestAssuredBounded HTTP = new RestAssuredBounded();

    @Test
    @DisplayName("Node survives thousands of malformed and random requests, answers each as the contract says, and indexes "
            + "exactly what it acknowledged")
    void survivesRandomAndMalformedRequests(Incident incident) throws IOException {
        String runId = "fuzz-" + SEED;
        String index = "docs-fuzz-" + SEED + "-" + Long.toHexString(System.nanoTime());
        String es = incident.stack().elasticsearch().getBaseUrl();
        HTTP.put(es + "/" + index, "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0}}");
        IngestNodeContainer node = incident.stack().startIngestNode(n -> n.withIndex(index));
        long started = System.nanoTime();
        try {
            InetSocketAddress server = new InetSocketAddress(node.getHost(), node.getMappedPort(IngestNodeContainer.HTTP_PORT));
            IngestRequestFuzzer fuzzer = new IngestRequestFuzzer(SEED, runId);
            Set<String> acknowledged = new HashSet<>();
            Map<IngestRequestFuzzer.Kind, Integer> kinds = new EnumMap<>(IngestRequestFuzzer.Kind.class);
            Map<String, Integer> answers = new TreeMap<>();
            List<String> broken = new ArrayList<>();
            System.out.printf(Locale.ROOT, "IngestServerFuzzIT: seed %d, %d requests (-Dportex.fuzz.seed=%d to repeat them)%n",
                    SEED, REQUESTS, SEED);
            for (int i = 0; i < REQUESTS; i++) {
                Request request = fuzzer.next();
                kinds.merge(request.kind(), 1, Integer::sum);
                Answer answer = send(server, request);
                answers.merge(answer.toString(), 1, Integer::sum);
                try {
                    check(request, answer, index, acknowledged);
                } catch (AssertionError e) {
                    broken.add(e.getMessage().strip());
                }
                if (i % 500 == 499 && !node.isRunning()) {
                    fail("Node's container stopped after %s (seed %d); its log:%n%s", request.describe(), SEED, tail(node.getLogs()));
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "IngestServerFuzzIT: seed %d, %d requests in %.1f s; kinds %s; answers %s; "
                    + "%d documents acknowledged%n", SEED, REQUESTS, seconds, kinds, answers, acknowledged.size());

            assertThat(broken.size()).as("requests Node answered against its contract, of %d (seed %d); the first 10:%n%s",
                    REQUESTS, SEED, String.join("\n", broken.subList(0, Math.min(10, broken.size())))).isZero();
            assertThat(node.isRunning()).as("Node's container after %d requests of seed %d (log:%n%s)", REQUESTS, SEED,
                    tail(node.getLogs())).isTrue();
            JsonPath stats = HTTP.getJson(node.getBaseUrl() + "/stats");
            assertThat(stats.getLong("received"))
                    .as("Node's received = indexed + failed + rejected after the fuzzing (/stats: %s)", stats.prettify())
                    .isEqualTo(stats.getLong("indexed") + stats.getLong("failed") + stats.getLong("rejected"));
            assertThat(node.getLogs()).as("Node's log after the fuzzing: no unhandled rejection or error of its own")
                    .doesNotContain("unhandled rejection").doesNotContain("Error:");

            assertThat(indexedIds(es, index)).as("ids of the documents Elasticsearch holds in %s, against those Node "
                    + "acknowledged (201) during the fuzzing of seed %d", index, SEED)
                    .containsExactlyInAnyOrderElementsOf(acknowledged);

            Response good = HTTP.postJson(node.getBaseUrl() + "/docs", "{\"runId\":\"" + runId + "\",\"seq\":-1}");
            assertThat(good.statusCode()).as("status of a good document after the fuzzing (body: %s)", good.asString())
                    .isEqualTo(201);
            acknowledged.add(good.jsonPath().getString("id"));
            assertThat(indexedIds(es, index)).as("ids in %s after the good document", index)
                    .containsExactlyInAnyOrderElementsOf(acknowledged);
        } finally {
            incident.stack().remove(node);
            HTTP.delete(es + "/" + index);
        }
    }

    /** What came back for one request: a status (the first final one), or nothing, and why. */
    record Answer(int status, String body, String silence) {
        /** For the histogram: the status, a 503 with Elasticsearch's error type (code), or the silence. */
        @Override
        public String toString() {
            if (silence != null) {
                return silence;
            }
            if (status == 503) {
                try {
                    return "503 " + IngestRequestFuzzer.JSON.readTree(body).path("code").asText("?");
                } catch (IOException e) {
                    return "503 (no JSON)";
                }
            }
            return String.valueOf(status);
        }
    }

    /** The contract, for one request and its answer; a 201 adds the document's id to {@code acknowledged}. */
    static void check(Request request, Answer answer, String index, Set<String> acknowledged) {
        String what = request.describe() + " (seed " + SEED + ")";
        if (answer.silence() != null) {
            assertThat(answer.silence()).as("what Node did with %s: it neither answered nor closed within %d ms", what,
                    READ_TIMEOUT_MS).isNotEqualTo("timeout");
            // A server that answers before it has read the whole request (a 413, a 431, a 415 before the body) and then
            // closes sends a reset for the bytes it left unread, which can overtake its answer: TCP's doing, not Node's.
            // A document is read whole before it is answered: it is always answered.
            assertThat(request.endsEarly() || answer.silence().equals("reset") && !request.mustBeIndexed())
                    .as("Node left %s without an answer (%s): only a request the client cut short may go unanswered, or one"
                            + " Node refused before reading it all", what, answer.silence())
                    .isTrue();
            return;
        }
        int status = answer.status();
        if (status >= 200 && status < 300) {
            assertThat(request.carriesADocument() || request.isARead())
                    .as("Node answered %d to %s, which is neither a document nor a read of /stats or /health (body: %s)",
                            status, what, answer.body())
                    .isTrue();
            if (request.carriesADocument()) {
                assertThat(status).as("status of the document %s", what).isEqualTo(201);
                JsonNode body = json(answer.body(), what);
                assertThat(body.path("index").asText()).as("the index Node says it wrote %s to", what).isEqualTo(index);
                assertThat(body.path("result").asText()).as("Elasticsearch's result for %s", what).isIn("created", "updated");
                acknowledged.add(body.path("id").asText());
            }
            return;
        }
        if (status == 503) {
            assertThat(request.carriesADocument()).as("Node answered 503 (Elasticsearch refused or unavailable) to %s, which "
                    + "is not a document (body: %s)", what, answer.body()).isTrue();
            return;
        }
        assertThat(status).as("status Node answered to %s (body: %s): a 4xx for a request it refuses", what, answer.body())
                .isBetween(400, 499);
        assertThat(request.mustBeIndexed()).as("Node refused with %d the document %s (body: %s)", status, what, answer.body())
                .isFalse();
    }

    /** Sends the request's bytes on a connection of its own and reads the first final answer, or why there was none. */
    static Answer send(InetSocketAddress server, Request request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 5_000);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            try {
                out.write(request.wire());
                out.flush();
                if (request.endsEarly()) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // Node may answer and close before it has read everything (a body over its limit, a header block too large)
            }
            try {
                return readAnswer(in);
            } catch (SocketTimeoutException e) {
                return new Answer(0, null, "timeout");
            } catch (IOException e) {
                return new Answer(0, null, "reset");
            }
        }
    }

    /** The first response that is not 1xx: its status and body (by Content-Length, chunks, or up to the end). */
    static Answer readAnswer(InputStream in) throws IOException {
        while (true) {
            String statusLine = line(in);
            if (statusLine == null) {
                return new Answer(0, null, "closed without an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                fail("Node's answer does not start with a status line: '%s'", statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue: the final answer follows
            }
            byte[] body = chunked ? chunks(in) : length >= 0 ? in.readNBytes((int) length) : new byte[0];
            return new Answer(status, new String(body, StandardCharsets.UTF_8), null);
        }
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String size = line(in); size != null && !size.isEmpty(); size = line(in)) {
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                break;
            }
            body.writeBytes(in.readNBytes(n));
            line(in);
        }
        return body.toByteArray();
    }

    /** One CRLF-ended line (ISO-8859-1), without its end; null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The ids of every document in {@code index}, after a refresh (at most 10,000: the fuzzing indexes fewer). */
    static List<String> indexedIds(String es, String index) {
        HTTP.postJson(es + "/" + index + "/_refresh", "");
        JsonPath hits = HTTP.postJson(es + "/" + index + "/_search", "{\"size\":10000,\"_source\":false}").jsonPath();
        assertThat(hits.getInt("hits.total.value")).as("documents in %s: fewer than one search returns", index)
                .isLessThan(10_000);
        return new ArrayList<>(hits.getList("hits.hits._id", String.class));
    }

    private static JsonNode json(String body, String what) {
        try {
            return IngestRequestFuzzer.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("Node's 201 answer to " + what + " is not JSON: " + body, e);
        }
    }

    private static String tail(String log) {
        return log.length() > 4_000 ? "..." + log.substring(log.length() - 4_000) : log;
    }

    /** RestAssured with the bounds of IngestServerRejectsBadInputIT, for Node's /stats and Elasticsearch's API. */
    static final class RestAssuredBounded {
        Response postJson(String url, String body) {
            return given().config(IngestServerRejectsBadInputIT.BOUNDED).contentType("application/json").body(body).post(url);
        }

        void put(String url, String body) {
            Response r = given().config(IngestServerRejectsBadInputIT.BOUNDED).contentType("application/json").body(body).put(url);
            assertThat(r.statusCode()).as("status of PUT %s (body: %s)", url, r.asString()).isEqualTo(200);
        }

        void delete(String url) {
            given().config(IngestServerRejectsBadInputIT.BOUNDED).delete(url);
        }

        JsonPath getJson(String url) {
            Response r = given().config(IngestServerRejectsBadInputIT.BOUNDED).get(url);
            assertThat(r.statusCode()).as("status of GET %s", url).isEqualTo(200);
            return r.jsonPath();
        }
    }
}
