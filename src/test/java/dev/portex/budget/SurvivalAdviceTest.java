package dev.portex.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The advice: the largest surviving rate, and the smallest surviving range at the given rate. */
@DisplayName("What would have survived")
class SurvivalAdviceTest {

    @ParameterizedTest(name = "at {0} docs/s for {1} docs, a range needs {2} ports; 1024-65535 suffices: {3}")
    @CsvSource({
            "800,  360000, 48000,  true",
            "1075, 360000, 64500,  true",
            "1076, 360000, 64560,  false",
            "2000, 360000, 120000, false",
            "0,    50000,  50000,  true",
            "0,    360000, 360000, false",
            "800,  30000,  30000,  true",
    })
    void neededRangeIsRateTimesTimeWaitCappedByDocs(double rate, long docs, long needed, boolean widestSuffices) {
        Advice advice = PortBudget.builder().portRange("32768-60999").rate(rate).docs(docs).predict().advice();

        assertThat(advice.neededRangeSize())
                .as("the run needs min(docs, rate x 60 s) ports at once (full speed: one per document)")
                .isEqualTo(needed);
        assertThat(advice.widestRangeSuffices())
                .as("whether %d ports fit in 1024-65535 (64,512 ports)", needed)
                .isEqualTo(widestSuffices);
    }

    @Test
    @DisplayName("the advised range size actually survives, and one port fewer does not")
    void advisedRangeIsTheSmallestThatSurvives() {
        long needed = PortBudget.builder().portRange("32768-60999").rate(800).docs(360_000).predict()
                .advice().neededRangeSize();

        Prediction exact = PortBudget.builder().portRange(10_000, (int) (10_000 + needed - 1)).rate(800)
                .docs(360_000).predict();
        Prediction oneShort = PortBudget.builder().portRange(10_000, (int) (10_000 + needed - 2)).rate(800)
                .docs(360_000).predict();

        assertThat(exact.exhausts()).as("a range of exactly the advised %d ports should survive", needed).isFalse();
        assertThat(oneShort.exhausts()).as("a range one port smaller than advised should exhaust").isTrue();
    }

    @Test
    @DisplayName("the advised rate actually survives")
    void advisedRateSurvives() {
        Advice advice = PortBudget.builder().portRange("32768-60999").rate(800).docs(360_000).predict().advice();

        Prediction atAdvisedRate = PortBudget.builder().portRange("32768-60999").rate(advice.maxWholeRate())
                .docs(360_000).predict();
        Prediction oneFaster = PortBudget.builder().portRange("32768-60999").rate(advice.maxWholeRate() + 1)
                .docs(360_000).predict();

        assertThat(atAdvisedRate.exhausts()).as("%d docs/s should survive", advice.maxWholeRate()).isFalse();
        assertThat(oneFaster.exhausts()).as("one doc/s more than advised should exhaust").isTrue();
    }

    @Test
    @DisplayName("with several destinations the advised range is per destination")
    void neededRangeIsPerDestination() {
        Advice advice = PortBudget.builder().portRange("40000-40099").destinations(2).docs(400).predict().advice();

        assertThat(advice.neededRangeSize())
                .as("400 documents at full speed over 2 destinations: 200 ports each")
                .isEqualTo(200);
    }

    @Test
    @DisplayName("the advised range is never below the 2-port minimum of a range")
    void neededRangeIsAtLeastTwo() {
        Advice advice = PortBudget.builder().portRange("40000-40099").docs(1).predict().advice();

        assertThat(advice.neededRangeSize()).as("one document needs one port, but a range has at least 2").isEqualTo(2);
    }
}
