package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.model.ClientKind;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which runs get bench's JIT warm-up: built-in Java clients that reuse connections, nothing else. */
@DisplayName("The JIT warm-up a run gets")
class JitWarmUpForTest {

    private final ScenarioRunner runner = new ScenarioRunner(null).withJitWarmUp(40000);

    @ParameterizedTest(name = "{0}: {1} requests")
    @CsvSource({"pooled, 40000", "jdk-shared, 40000", "per-request, 0", "jdk-per-request, 0", "python-session, 0",
            "python-post, 0"})
    @DisplayName("a client that reuses connections in the Java load generator gets it; one that opens a connection per"
            + " request or runs in Python does not")
    void byClient(String client, int requests) {
        assertThat(runner.jitWarmUpFor(Scenario.of(ClientKind.byName(client), new PortRange(20000, 60000), 1000)))
                .as("warm-up requests of a " + client + " run when bench asks for 40000").isEqualTo(requests);
    }

    @Test
    @DisplayName("is none unless asked for, and a negative count is refused")
    void noneByDefault() {
        assertThat(new ScenarioRunner(null).jitWarmUpFor(Scenario.of(ClientKind.POOLED, new PortRange(20000, 60000), 1000)))
                .as("a runner's default").isZero();
        assertThatThrownBy(() -> new ScenarioRunner(null).withJitWarmUp(-1))
                .hasMessage("--jit-warm-up must be from 0 (none) to 1000000 requests, got -1");
    }
}
