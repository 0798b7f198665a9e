package dev.portex.internal.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each document's body is, byte for byte, what Jackson wrote for the document's map before the pieces were cached. */
@DisplayName("Document bodies")
class DocumentBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] SEQS = {1, 9, 10, 99, 100, 12_345, 999_999, 1_000_000, Integer.MAX_VALUE};

    /** The body as the load generator built it before: a map, serialised by Jackson for every document. */
    private static byte[] asJacksonWroteIt(String runId, String client, int docs, boolean withId, int seq) throws Exception {
        Map<String, Object> document = new LinkedHashMap<>();
        if (withId) {
            document.put("id", runId + "-" + seq);
        }
        document.put("runId", runId);
        document.put("seq", seq);
        document.put("client", client);
        document.put("message", "document " + seq + " of " + docs);
        return JSON.writeValueAsBytes(document);
    }

    @ParameterizedTest(name = "run id \"{0}\"")
    @ValueSource(strings = {"3f1c2a9e-0b7d-4c55-9a2e-6d0f1b2c3d4e", "r", "quote\" and back\\slash", "tab\tnewline\ncr\r",
            "control\u0001\u001f and del\u007f", "ünïcödé 日本", "emoji \uD83D\uDE00", "slash / and <html>"})
    void sameBytesAsJackson(String runId) throws Exception {
        for (boolean withId : new boolean[] {false, true}) {
            DocumentBodies bodies = new DocumentBodies(runId, "pooled", 360_000, withId);
            for (int seq : SEQS) {
                byte[] expected = asJacksonWroteIt(runId, "pooled", 360_000, withId, seq);

                assertThat(new String(bodies.of(seq), StandardCharsets.UTF_8))
                        .as("document %d of run id %s, with its own id: %s", seq, runId, withId)
                        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
                assertThat(bodies.of(seq)).as("the bytes of document %d (with id: %s)", seq, withId).isEqualTo(expected);
            }
        }
    }

    @Test
    @DisplayName("the fields Node reads come back as sent: id, runId, seq, client, message")
    void parsesBack() throws Exception {
        JsonNode document = JSON.readTree(new DocumentBodies("run-7", "sender", 300, true).of(42));

        assertThat(document.get("id").asText()).as("the document's own id").isEqualTo("run-7-42");
        assertThat(document.get("runId").asText()).as("runId").isEqualTo("run-7");
        assertThat(document.get("seq").isInt()).as("seq is a JSON number, not a string").isTrue();
        assertThat(document.get("seq").asInt()).as("seq").isEqualTo(42);
        assertThat(document.get("client").asText()).as("client").isEqualTo("sender");
        assertThat(document.get("message").asText()).as("message").isEqualTo("document 42 of 300");
    }

    @Test
    @DisplayName("document numbers start at 1")
    void refusesNonPositiveNumbers() {
        DocumentBodies bodies = new DocumentBodies("run", "pooled", 10, false);

        assertThatThrownBy(() -> bodies.of(0)).as("document 0 does not exist")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start at 1");
    }
}
