package dev.portex.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which document is the first to get EADDRNOTAVAIL, and when: ordinal = ports x destinations + 1. */
@DisplayName("The first failing document")
class FirstFailingDocumentTest {

    @ParameterizedTest(name = "at full speed, a range {0} of {1} ports lets {1} documents through and document {2} fails")
    @CsvSource({
            "40000-40099, 100, 101",
            "40000-40136, 137, 138",
            "40000-40090,  91,  92",
            "32768-60999, 28232, 28233",
    })
    void firstFailureIsOnePastTheRange(String range, int size, long firstFailing) {
        Prediction p = PortBudget.builder().portRange(range).docs(1_000_000).predict();

        assertThat(p.rangeSize()).as("size of the inclusive range " + range).isEqualTo(size);
        assertThat(p.exhausts()).as("a million documents at full speed cannot fit in " + size + " ports").isTrue();
        assertThat(p.firstFailingDocument())
                .as("each of the first %d documents takes one port; the next finds none free", size)
                .hasValue(firstFailing);
        assertThat(p.firstFailureSeconds())
                .as("at full speed there is no failure time to compute: it fails immediately")
                .isEmpty();
    }

    @ParameterizedTest(name = "with {0} destinations of 100 ports each, document {1} is the first to fail")
    @CsvSource({"1, 101", "2, 201", "3, 301"})
    void eachDestinationHasItsOwnPorts(int destinations, long firstFailing) {
        Prediction p = PortBudget.builder().portRange("40000-40099").destinations(destinations).docs(10_000)
                .predict();

        assertThat(p.capacity())
                .as("a port is unique per (src, dst addr, dst port): %d destinations x 100 ports", destinations)
                .isEqualTo(100L * destinations);
        assertThat(p.firstFailingDocument())
                .as("the ceiling is destinations x range size, so the next document after it fails")
                .hasValue(firstFailing);
    }

    @ParameterizedTest(name = "100 ports at {0} docs/s: document 101 fails after {1} s")
    @CsvSource({"10, 10.0", "50, 2.0", "800, 0.125", "2.5, 40.0"})
    void failureTimeIsPortsDividedByRate(double rate, double seconds) {
        Prediction p = PortBudget.builder().portRange("40000-40099").rate(rate).docs(10_000).predict();

        assertThat(p.firstFailingDocument()).as("100 ports, so document 101 fails").hasValue(101);
        assertThat(p.firstFailureSeconds().orElseThrow())
                .as("document 101 starts (101 - 1) / %s s into the run", rate)
                .isCloseTo(seconds, within(1e-9));
    }

    @Test
    @DisplayName("a run with fewer documents than ports never fails, whatever the rate")
    void fewDocumentsNeverFail() {
        Prediction p = PortBudget.builder().portRange("40000-40099").docs(100).predict();

        assertThat(p.exhausts()).as("100 documents fit in 100 ports even at full speed").isFalse();
        assertThat(p.firstFailingDocument()).as("no document fails").isEmpty();
        assertThat(p.firstFailureSeconds()).as("no failure, no failure time").isEmpty();
        assertThat(p.recoveryAfterFailureSeconds()).as("no failure, nothing to recover from").isEmpty();
        assertThat(p.documentsBeforeFailure()).as("all 100 documents get through").isEqualTo(100);
    }
}
