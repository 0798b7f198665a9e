package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.Sample;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bench's steady-state rate: a run's rate once its first third of documents is acknowledged. */
@DisplayName("steady-state rate")
class BenchSteadyRateTest {
    private static Sample at(long tMs, int acknowledged) {
        return new Sample(tMs, acknowledged, 0, 0, -1);
    }

    @Test
    @DisplayName("6,000 documents: from the first sample past 2,000 (3,000 at 2.0 s) to the end (6,000 at 3.5 s) is 2,000/s, "
            + "not the whole run's 1,714/s")
    void fromTheFirstThirdToTheEnd() {
        List<Sample> samples = List.of(at(0, 0), at(1000, 1000), at(2000, 3000), at(3000, 5000), at(3500, 6000));

        assertThat(Bench.steadyRate(samples, 6000)).as("3,000 documents in 1.5 s").isEqualTo(2000.0);
    }

    @Test
    @DisplayName("a sample at exactly a third counts as past it")
    void exactlyAThird() {
        List<Sample> samples = List.of(at(0, 0), at(1000, 2000), at(3000, 6000));

        assertThat(Bench.steadyRate(samples, 6000)).as("4,000 documents in 2 s").isEqualTo(2000.0);
    }

    @Test
    @DisplayName("samples that never reach a third, or reach it only at the last one, give no steady rate (-1)")
    void tooShort() {
        assertThat(Bench.steadyRate(List.of(at(0, 0), at(200, 100)), 6000)).as("never a third").isEqualTo(-1);
        assertThat(Bench.steadyRate(List.of(at(0, 0), at(200, 6000)), 6000)).as("a third only at the end").isEqualTo(-1);
        assertThat(Bench.steadyRate(List.of(), 6000)).as("no samples").isEqualTo(-1);
    }
}
