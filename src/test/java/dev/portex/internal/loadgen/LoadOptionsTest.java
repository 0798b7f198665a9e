package dev.portex.internal.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.model.ConnectionReuse;
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
    void portexsIngestServerAcknowledgesWith201AndYourOwnServiceWithAny2xx() {
        LoadOptions ingest = LoadOptions.parse("--client", "pooled", "--target", "http://ingest-node:8080/docs");
        LoadOptions own = LoadOptions.parse("--client", "pooled", "--target", "http://target-service:8080/orders",
                "--acknowledge", "2xx");
        assertThat(ingest.acknowledges(201)).as("Node's 201, by default").isTrue();
        assertThat(ingest.acknowledges(200)).as("a 200 from portex's ingest server (it answers 201 for a document)").isFalse();
        assertThat(own.acknowledges(200)).as("a 200 with --acknowledge 2xx").isTrue();
        assertThat(own.acknowledges(299)).as("a 299 with --acknowledge 2xx").isTrue();
        assertThat(own.acknowledges(302)).as("a redirect with --acknowledge 2xx").isFalse();
        assertThatThrownBy(() -> LoadOptions.parse("--client", "pooled", "--target", "http://x:1/docs", "--acknowledge", "any"))
                .hasMessage("--acknowledge must be 201 (portex's ingest server) or 2xx (your own service), got 'any'");
    }

    @Test
    void refusesAnUnknownClientNamingTheChoices() {
        assertThatThrownBy(() -> LoadOptions.parse("--client", "curl", "--target", "http://x:1/docs"))
                .hasMessageContaining("per-request, pooled");
    }

    @Test
    void refusesANonHttpTarget() {
        assertThatThrownBy(() -> LoadOptions.parse("--client", "pooled", "--target", "ftp://x/docs"))
                .hasMessageContaining("--target must be http or https URLs");
    }

    @Test
    void anIdleGapAndAReuseModeAreReadForThePooledClient() {
        LoadOptions o = LoadOptions.parse("--client", "pooled", "--docs", "6", "--idle-gap-ms", "6500",
                "--reuse", "retry-with-id", "--target", "http://ingest-node:8080/docs");
        assertThat(o.idleGapMs()).as("--idle-gap-ms 6500").isEqualTo(6500);
        assertThat(o.reuse()).as("--reuse retry-with-id").isEqualTo(ConnectionReuse.RETRY_WITH_ID);
        assertThat(o.reuse().documentsCarryTheirId()).as("retry-with-id sends each document with its own id").isTrue();
    }

    @Test
    void withoutThemThereIsNoGapAndTheLibrarysReuse() {
        LoadOptions o = LoadOptions.parse("--client", "pooled", "--target", "http://ingest-node:8080/docs");
        assertThat(o.idleGapMs()).as("idle gap by default").isZero();
        assertThat(o.reuse()).as("reuse by default").isEqualTo(ConnectionReuse.DEFAULT);
    }

    @Test
    void refusesAReuseModeForTheClientWithoutAPool() {
        assertThatThrownBy(() -> LoadOptions.parse("--client", "per-request", "--reuse", "unchecked",
                "--target", "http://x:1/docs"))
                .hasMessage("--reuse unchecked configures the pooled client: use --client pooled");
    }

    @Test
    void refusesAnUnknownReuseModeNamingTheChoices() {
        assertThatThrownBy(() -> LoadOptions.parse("--client", "pooled", "--reuse", "never", "--target", "http://x:1/docs"))
                .hasMessage("--reuse must be one of default, stale-check, unchecked, idle-timeout, retry-with-id, tcp-keep-alive, got 'never'");
    }

    @Test
    void refusesAnIdleGapTogetherWithARate() {
        assertThatThrownBy(() -> LoadOptions.parse("--client", "pooled", "--rate", "800", "--idle-gap-ms", "6000",
                "--target", "http://x:1/docs"))
                .hasMessage("--idle-gap-ms and --rate both pace the documents: drop one of them");
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
