package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bench's CPU arithmetic: microseconds per document, and the rate that the cores allow at that cost. */
@DisplayName("CPU per document")
class BenchCpuTest {

    @Test
    @DisplayName("2 s of CPU over 10,000 documents is 200 µs each; unknown readings stay unknown")
    void perDocument() {
        assertThat(Bench.perDocument(1_000_000_000L, 3_000_000_000L, 10_000)).as("2e9 ns / 10,000 documents in µs")
                .isEqualTo(200.0);
        assertThat(Bench.perDocument(-1, 3_000_000_000L, 10_000)).as("no reading before the run").isEqualTo(-1);
        assertThat(Bench.perDocument(0, 3_000_000_000L, 0)).as("no document").isEqualTo(-1);
    }

    @Test
    @DisplayName("at 200 + 150 + 150 µs a document, 2 cores carry at most 4,000 documents/s; one unknown part, no ceiling")
    void ceiling() {
        assertThat(new Bench.CpuPerDocument(200, 150, 150).ceiling(2)).as("2 cores x 1e6 µs / 500 µs").isCloseTo(4000, within(1e-9));
        assertThat(new Bench.CpuPerDocument(200, -1, 150).ceiling(2)).as("Node's CPU unknown").isEqualTo(-1);
    }
}
