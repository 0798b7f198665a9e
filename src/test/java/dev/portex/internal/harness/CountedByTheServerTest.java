package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.internal.loadgen.LoadResult;
import dev.portex.model.Failure;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A command's or an image's documents count as acknowledged when Node answered 201, whatever the program thought. */
@DisplayName("Results of your own command or image")
class CountedByTheServerTest {

    private static LoadResult commandResult(int exitedZero, Integer firstFailureAt, Failure error) {
        return new LoadResult("command", 160, 1, 0, 160, exitedZero, 160 - exitedZero, firstFailureAt, error,
                firstFailureAt == null ? null : firstFailureAt - 1, null, List.of(new int[] {1, exitedZero}), 2000, 50.0,
                "completed", List.of(), null, null);
    }

    @Test
    @DisplayName("take Node's 201s as acknowledged, and keep the program's first failure and its text")
    void nodeCountsTheAcknowledged() {
        Failure curl = new Failure("exit 7", "curl: (7) Failed to connect");

        LoadResult r = ScenarioRunner.countedByTheServer(commandResult(100, 101, curl), 100);

        assertThat(r.acknowledged()).as("Node's 201s").isEqualTo(100);
        assertThat(r.failed()).as("the rest of the 160 documents").isEqualTo(60);
        assertThat(r.firstFailureAt()).as("the program's first failing document").isEqualTo(101);
        assertThat(r.acknowledgedBeforeFirstFailure()).as("documents before it").isEqualTo(100);
        assertThat(r.error()).as("the program's own words").isEqualTo(curl);
        assertThat(r.acknowledgedSeqs()).as("which documents: not known one by one, so counts are compared").isNull();
        assertThat(r.docsPerSecond()).as("Node's 201s per second of the run").isEqualTo(50.0);
    }

    @Test
    @DisplayName("say so when the program reported no failure but Node acknowledged fewer (curl without -f on a 503)")
    void programSaidAllWentWell() {
        LoadResult r = ScenarioRunner.countedByTheServer(commandResult(160, null, null), 150);

        assertThat(r.acknowledged()).isEqualTo(150);
        assertThat(r.failed()).isEqualTo(10);
        assertThat(r.error()).as("the failure portex names itself").isEqualTo(new Failure("not acknowledged",
                "10 of 160 documents were not acknowledged by the server (HTTP 201); the program reported no failure"));
    }
}
