package dev.portex.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.internal.containers.LoadGeneratorContainer.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Live progress: documents, rate, TIME_WAIT and ETA; a bar on a terminal, sparse plain lines in CI logs. */
class ProgressLineTest {

    @Test
    void lineShowsDocumentsRateTimeWaitAndEta() {
        String line = ProgressPrinter.line(new Progress(4_000, 1_000, 200, 1_137, 1, 3_000));
        assertThat(line).as("progress after 4 s: 1,200 of 3,000 handled at 300/s")
                .isEqualTo("1,200/3,000 documents (1,000 acknowledged, 200 failed), 300 docs/s, TIME_WAIT 1,137, ETA 6 s");
    }

    @Test
    void barFillsInProportion() {
        assertThat(ProgressPrinter.bar(new Progress(3_000, 150, 0, 0, 1, 300)))
                .as("half of the documents done: half of the 30-character bar")
                .startsWith("[" + "#".repeat(15) + ".".repeat(15) + "] ");
    }

    @Test
    void plainOutputStaysQuietAtFirstThenPrintsEveryFiveSeconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "pooled");
        for (long t = 0; t <= 12_000; t += 200) {
            printer.accept(new Progress(t, (int) t / 10, 0, -1, 1, 2_000));
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .as("plain lines at 2 s, 7 s and 12 s (nothing in the first 2 s, then every 5 s)")
                .hasSize(3)
                .allSatisfy(l -> assertThat(l).startsWith("portex: pooled: ").contains("TIME_WAIT ?"));
    }
}
