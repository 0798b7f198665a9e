package dev.portex.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator's options and its compact list of acknowledged documents. */
class LoadOptionsTest {

    @Test
    void documentsGoRoundRobinOverSeveralTargets() {
        LoadOptions o = LoadOptions.parse("--client", "per-request", "--docs", "4",
                "--target", "http://ingest-node:8080/docs,http://ingest-node:8081/docs");
        assertThat(o.targetFor(1).getPort()).as("document 1 goes to the first target").isEqualTo(8080);
        assertThat(o.targetFor(2).getPort()).as("document 2 goes to the second target").isEqualTo(8081);
        assertThat(o.targetFor(3).getPort()).as("document 3 wraps around to the first").isEqualTo(8080);
    }

    @Test
    void refusesAnUnknownClientNamingTheChoices() {
        assertThatThrownBy(() -> LoadOptions.parse("--client", "curl", "--target", "http://x:1/docs"))
                .hasMessageContaining("per-request, pooled");
    }

    @Test
    void refusesANonHttpTarget() {
        assertThatThrownBy(() -> LoadOptions.parse("--client", "pooled", "--target", "ftp://x/docs"))
                .hasMessageContaining("--target must be http URLs");
    }

    @Test
    void acknowledgedDocumentsAreListedAsMergedRanges() {
        BitSet seqs = new BitSet();
        seqs.set(1, 138);
        seqs.set(140);
        List<int[]> ranges = SeqRanges.of(seqs);
        assertThat(ranges).as("ranges of 1..137 and 140")
                .containsExactly(new int[] {1, 137}, new int[] {140, 140});
        assertThat(SeqRanges.toBitSet(ranges)).as("round trip").isEqualTo(seqs);
    }
}
