package dev.portex.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A rate at or below ports / TIME_WAIT never exhausts the range; above it, a long enough run does. */
@DisplayName("The sustainable rate (ports / TIME_WAIT)")
class SustainableRateTest {

    @ParameterizedTest(name = "the incident range at {0} docs/s for 360,000 docs exhausts: {1}")
    @CsvSource({
            "100,    false",
            "400,    false",
            "470,    false",
            "470.53, false",
            "470.54, true",
            "800,    true",
            "0,      true",
    })
    void survivesAtOrBelowTheSustainableRate(double rate, boolean exhausts) {
        Prediction p = PortBudget.builder().portRange("32768-60999").rate(rate).docs(360_000).predict();

        assertThat(p.exhausts())
                .as("rate %s x 60 s = %s ports in TIME_WAIT at once, against 28,232 in the range (0 = full speed)",
                        rate, rate * 60)
                .isEqualTo(exhausts);
    }

    @Test
    @DisplayName("exactly ports / TIME_WAIT survives: the oldest port frees as the next document needs one")
    void exactlyTheSustainableRateSurvives() {
        Prediction p = PortBudget.builder().portRange("40000-40119").rate(2).docs(100_000).predict();

        assertThat(p.sustainableRate()).as("120 ports / 60 s").isCloseTo(2.0, within(1e-12));
        assertThat(p.peakPortsInUse()).as("2/s x 60 s ports coexist").isEqualTo(120);
        assertThat(p.exhausts()).as("120 needed, 120 available: fits").isFalse();
    }

    @Test
    @DisplayName("a rate below the sustainable rate survives and reports its peak use")
    void belowTheSustainableRateSurvives() {
        Prediction p = PortBudget.builder().portRange("40000-40099").rate(1).docs(10_000).predict();

        assertThat(p.sustainableRate()).as("100 ports / 60 s").isCloseTo(1.667, within(0.001));
        assertThat(p.exhausts()).as("1 doc/s keeps at most 60 ports in TIME_WAIT, fewer than 100").isFalse();
        assertThat(p.peakPortsInUse()).as("1/s x 60 s").isEqualTo(60);
        assertThat(p.documentsBeforeFailure()).as("every document gets through").isEqualTo(10_000);
    }

    @Test
    @DisplayName("a shorter TIME_WAIT raises the sustainable rate in proportion")
    void shorterTimeWaitRaisesTheRate() {
        Prediction p = PortBudget.builder().portRange("40000-40099").timeWaitSeconds(30).rate(3).docs(10_000)
                .predict();

        assertThat(p.sustainableRate()).as("100 ports / 30 s").isCloseTo(3.333, within(0.001));
        assertThat(p.exhausts()).as("3/s x 30 s = 90 ports, fewer than 100").isFalse();
    }
}
