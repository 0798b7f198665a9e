package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.ClientKind;
import dev.portex.model.CloseMode;
import dev.portex.model.ConnectionReuse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a load with a JIT warm-up is started: its option, a JVM with C2, and never the spare's C1-only JVM. */
@DisplayName("A load with a JIT warm-up")
class JitWarmUpLoadTest {

    private static LoadGeneratorContainer.Load pooled(int jitWarmUp) {
        return new LoadGeneratorContainer.Load(ClientKind.POOLED, 15000, 0, 8, List.of("http://ingest-node:8080/docs"), "r1", 300,
                CloseMode.GRACEFUL, null, 0, ConnectionReuse.DEFAULT, 0, jitWarmUp);
    }

    @Test
    @DisplayName("passes --jit-warm-up to the load generator and runs a JVM with C2 as well")
    void withWarmUp() {
        LoadGeneratorContainer.Load load = pooled(40000);
        assertThat(load.toArgs()).as("the load generator's options").containsSequence("--jit-warm-up", "40000");
        assertThat(load.entryPoint(null)).as("the JVM's options: full tiered compilation, no stop at C1")
                .contains("java", "-jar").doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(load.fitsStandby(null, false)).as("the spare's JVM runs C1 only: this load needs a JVM of its own").isFalse();
    }

    @Test
    @DisplayName("without one, the load is what it was: no option, C1 only, the spare may run it")
    void withoutWarmUp() {
        LoadGeneratorContainer.Load load = pooled(0);
        assertThat(load.toArgs()).as("the load generator's options").doesNotContain("--jit-warm-up");
        assertThat(load.entryPoint(null)).as("the JVM's options").contains("-XX:TieredStopAtLevel=1");
        assertThat(load.fitsStandby(null, false)).as("a spare on standby may run it").isTrue();
    }
}
