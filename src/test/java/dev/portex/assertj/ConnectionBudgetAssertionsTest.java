package dev.portex.assertj;

import static dev.portex.assertj.PortexAssertions.assertThat;
import static dev.portex.assertj.PortexAssertions.assertThatThrownBy;

import dev.portex.model.PortRange;
import dev.portex.model.ResultBuilder;
import dev.portex.model.Sample;
import dev.portex.model.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The connection budget in a test's assertions: each holds at its bound and fails one past it, saying why. */
@DisplayName("The connection-budget assertions")
class ConnectionBudgetAssertionsTest {

    /** A run that opened {@code opened} connections for {@code docs} documents, all acknowledged, with {@code workers}. */
    static ScenarioResult run(long opened, int docs, int workers) {
        ResultBuilder b = new ResultBuilder();
        b.docs = docs;
        b.acknowledged = docs;
        b.synsSent = opened;
        b.concurrency = workers;
        return b.build();
    }

    @Test
    @DisplayName("opensAtMostConnections(4) holds for 4 and fails for 5")
    void opensAtMost() {
        assertThat(run(4, 400, 4)).opensAtMostConnections(4);
        assertThatThrownBy(() -> assertThat(run(5, 400, 4)).opensAtMostConnections(4))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected the sender to open at most 4 connection(s), but it opened 5 for 400 documents.");
    }

    @Test
    @DisplayName("connectionsPerDocumentAtMost(0.01) holds for 3 of 300 and fails for 4")
    void perDocument() {
        assertThat(run(3, 300, 1)).connectionsPerDocumentAtMost(0.01);
        assertThatThrownBy(() -> assertThat(run(4, 300, 1)).connectionsPerDocumentAtMost(0.01))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected at most 0.01 new connections per document, but the sender opened 4 for 300 "
                        + "documents (0.01 per document).");
    }

    @Test
    @DisplayName("neverRanOutOfPorts() fails for a run that got every document through after its range ran out")
    void neverRanOut() {
        ResultBuilder b = new ResultBuilder();
        b.range = new PortRange(41000, 41055);
        b.docs = 90;
        b.acknowledged = 90;
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 7; i++) {
            samples.add(new Sample(i * 200L, i * 8, 0, i * 8, -1));
        }
        samples.add(new Sample(61_200, 57, 0, 56, -1));
        samples.add(new Sample(65_000, 90, 0, 34, 0));
        b.samples = samples;

        assertThat(run(1, 300, 1)).neverRanOutOfPorts();
        assertThatThrownBy(() -> assertThat(b.build()).neverRanOutOfPorts())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected the sender never to run out of ports, but PORTS RAN OUT, RETRIES HID IT: all 90 "
                        + "documents acknowledged, but every one of the 56 ports was taken (TIME_WAIT or open) at 1.4 s;");
    }

    @Test
    @DisplayName("survives(470, 32768, 60999) holds for a connection per document, survives(471, ...) fails")
    void survives() {
        assertThat(run(300, 300, 1)).survives(470, 32768, 60999);
        assertThatThrownBy(() -> assertThat(run(300, 300, 1)).survives(471, 32768, 60999))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected the sender to survive 471.0 docs/s on 32768-60999, but at 471 docs/s on "
                        + "32768-60999 (28,232 ports): RUNS OUT after 59.9 s, at document 28,233");
        assertThat(run(1, 300, 1)).as("a pool of one").survives(1_000_000, 32768, 60999);
    }
}
