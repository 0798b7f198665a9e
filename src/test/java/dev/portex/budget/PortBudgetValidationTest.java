package dev.portex.budget;

import dev.portex.model.PortRange;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input is rejected at once, with a message that names the problem and the fix. */
@DisplayName("PortBudget input validation")
class PortBudgetValidationTest {

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("a reversed range", b -> b.portRange(new PortRange(60999, 32768)),
                        "port range 60999-32768 is reversed: give LOW-HIGH with LOW <= HIGH"),
                bad("a range below 1024", b -> b.portRange("80-1000"),
                        "port range must lie within 1024..65535, got 80-1000"),
                bad("a one-port range", b -> b.portRange("40000-40000"),
                        "a port range needs at least 2 ports, got 40000-40000"),
                bad("a missing range", b -> b.portRange((PortRange) null),
                        "a port range is required: give LOW-HIGH, e.g. 32768-60999"),
                bad("a negative rate", b -> b.rate(-5),
                        "rate must be >= 0 docs/s (0 = as fast as possible), got -5"),
                bad("a rate that is not a number", b -> b.rate(Double.NaN),
                        "rate must be >= 0 docs/s (0 = as fast as possible), got NaN"),
                bad("an infinite rate", b -> b.rate(Double.POSITIVE_INFINITY),
                        "rate must be >= 0 docs/s (0 = as fast as possible), got Infinity"),
                bad("zero documents", b -> b.docs(0),
                        "docs must be >= 1 (the number of documents to send), got 0"),
                bad("tcp_tw_reuse=3", b -> b.tcpTwReuse(3),
                        "tcp_tw_reuse must be 0, 1 or 2 (0 = off, 1 = on, 2 = loopback only, the kernel default), got 3"),
                bad("tcp_tw_reuse=-1", b -> b.tcpTwReuse(-1),
                        "tcp_tw_reuse must be 0, 1 or 2 (0 = off, 1 = on, 2 = loopback only, the kernel default), got -1"),
                bad("a zero reuse delay", b -> b.reuseDelayMillis(0),
                        "tcp_tw_reuse_delay must be >= 1 ms (kernel default 1000), got 0"),
                bad("a zero TIME_WAIT", b -> b.timeWaitSeconds(0),
                        "TIME_WAIT must be >= 1 s (Linux uses 60), got 0"),
                bad("zero destinations", b -> b.destinations(0),
                        "destinations must be >= 1 (distinct dst addr:port pairs), got 0"));
    }

    private static Arguments bad(String what, UnaryOperator<PortBudget.Builder> change, String message) {
        return Arguments.of(what, change, message);
    }

    @ParameterizedTest(name = "{0} is rejected with: {2}")
    @MethodSource("badInputs")
    void rejectsBadInputNamingProblemAndFix(String what, UnaryOperator<PortBudget.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(PortBudget.builder().docs(100)).build())
                .as("%s must be refused with a message that says what is wrong and how to fix it", what)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    @DisplayName("documents must be given: the builder has no default")
    void docsAreRequired() {
        assertThatThrownBy(() -> PortBudget.builder().rate(800).build())
                .as("a budget without a document count cannot predict anything")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("docs must be >= 1");
    }

    @Test
    @DisplayName("the defaults (Linux range, 60 s TIME_WAIT, full speed, no reuse, one destination) are valid")
    void defaultsAreValid() {
        assertThatCode(() -> PortBudget.builder().docs(1).predict())
                .as("only the document count is required")
                .doesNotThrowAnyException();
    }
}
