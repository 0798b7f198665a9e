package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.it.IngestRequestFuzzer.Kind;
import dev.portex.it.IngestRequestFuzzer.Request;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fuzzer of IngestServerFuzzIT on its own: reproducible from its seed, every kind made, its oracle's routes. */
@DisplayName("The ingest server's fuzzer")
class IngestRequestFuzzerTest {
    @Test
    @DisplayName("makes the same requests, byte for byte, from the same seed, and others from another")
    void reproducible() {
        List<Request> first = new IngestRequestFuzzer(7, "fuzz-7").next(500);
        List<Request> again = new IngestRequestFuzzer(7, "fuzz-7").next(500);
        List<Request> other = new IngestRequestFuzzer(8, "fuzz-7").next(500);

        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).wire()).as("bytes of request #%d of seed 7, made twice", i + 1).isEqualTo(first.get(i).wire());
        }
        assertThat(other.stream().map(r -> new String(r.wire(), StandardCharsets.ISO_8859_1)).toList())
                .as("the requests of seed 8").isNotEqualTo(first.stream()
                        .map(r -> new String(r.wire(), StandardCharsets.ISO_8859_1)).toList());
    }

    @Test
    @DisplayName("makes every kind of request within 1,000, and its documents are documents")
    void everyKind() {
        EnumSet<Kind> seen = EnumSet.noneOf(Kind.class);
        for (Request r : new IngestRequestFuzzer(20261202L, "fuzz-x").next(1_000)) {
            seen.add(r.kind());
            if (r.mustBeIndexed()) {
                assertThat(r.carriesADocument()).as("%s is a document Node must index", r.describe()).isTrue();
            }
        }
        assertThat(seen).as("kinds of request among the first 1,000 of seed 20261202").isEqualTo(EnumSet.allOf(Kind.class));
    }

    @Test
    @DisplayName("matches paths to routes as Express does: absolute form, query, case and one trailing slash aside")
    void routes() {
        assertThat(IngestRequestFuzzer.route("/DOCS/")).as("route of /DOCS/").isEqualTo("/docs");
        assertThat(IngestRequestFuzzer.route("http://example/docs?x=%")).as("route of an absolute-form URL").isEqualTo("/docs");
        assertThat(IngestRequestFuzzer.route("//docs")).as("route of //docs").isEqualTo("//docs");
        assertThat(IngestRequestFuzzer.route("/stats?client=1.2.3.4")).as("route with a query").isEqualTo("/stats");
        assertThat(IngestRequestFuzzer.route("*")).as("route of *").isEqualTo("*");
    }
}
