package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.ClientKind;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which Node server of the stack a run goes to: the HTTPS runs share one of their own, beside the plain-HTTP one. */
class SharedNodeKeyTest {
    static final Scenario PLAIN = Scenario.of(ClientKind.PER_REQUEST, new PortRange(40000, 40099), 160);

    @Test
    @DisplayName("a plain run goes to the stack's pooled Node server on one port, an HTTPS run to the shared one that serves HTTPS")
    void httpsRunsShareTheirOwnNode() {
        assertThat(ScenarioRunner.sharedNodeKey(PLAIN)).as("the key of a plain-HTTP run").isEqualTo("pooled/1");
        assertThat(ScenarioRunner.sharedNodeKey(PLAIN.withTls()))
                .as("the key of a --tls run: not the plain server, which has no certificate").isEqualTo("pooled/1/tls");
        assertThat(PLAIN.withTls().needsOwnNode())
                .as("an HTTPS run starts no Node server of its own (each run's counts are its own by its address)").isFalse();
    }
}
