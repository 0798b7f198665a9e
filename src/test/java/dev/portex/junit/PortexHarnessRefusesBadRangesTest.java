package dev.portex.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.api.DocumentSender;
import dev.portex.model.InvalidScenarioException;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fluent set-up refuses what would make a sender's count inexact or impossible, before any container starts, in
 * the terms of the call that set it: the method, the value, and a value it takes.
 */
@DisplayName("PortexHarness.sender(...) set-ups")
class PortexHarnessRefusesBadRangesTest {

    /** A sender that is never run here. */
    public static class AnySender implements DocumentSender {
        @Override
        public int send(URI target, byte[] json) {
            return 201;
        }
    }

    private final PortexHarness portex = new PortexHarness(null);

    @Test
    @DisplayName("refuses an odd-sized range, naming an even one")
    void oddSize() {
        assertThatThrownBy(() -> portex.sender(AnySender.class).onPorts(41000, 41098))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("onPorts(41000, 41098) holds 99 ports, an odd number: the kernel then can miss the last free "
                        + "port, so counts are not exact; use an even size, e.g. onPorts(41000, 41099)");
    }

    @Test
    @DisplayName("refuses a range that holds Node's port 8080")
    void holdsNodesPort() {
        assertThatThrownBy(() -> portex.sender(AnySender.class).onPorts(8000, 8099))
                .isInstanceOf(InvalidScenarioException.class)
                .hasMessage("onPorts(8000, 8099): overlaps the ingest server's listening port 8080: choose a range above it; "
                        + "e.g. onPorts(41000, 41099)");
    }

    @Test
    @DisplayName("refuses a range the kernel cannot take, naming the call and a range it can")
    void outsideTheKernelsRange() {
        assertThatThrownBy(() -> portex.sender(AnySender.class).onPorts(60000, 70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("onPorts(60000, 70000): port range must lie within 1024..65535")
                .hasMessageEndingWith("; e.g. onPorts(41000, 41099)");
    }

    @ParameterizedTest(name = "{0} is refused: \"{1}\"")
    @MethodSource("badSetters")
    void eachSetterNamesItselfItsValueAndOneItTakes(String call, String message,
            java.util.function.Function<PortexHarness.SenderRun, PortexHarness.SenderRun> setter) {
        assertThatThrownBy(() -> setter.apply(portex.sender(AnySender.class)))
                .as("SenderRun.%s", call)
                .isInstanceOf(InvalidScenarioException.class)
                .hasMessage(message);
    }

    static java.util.stream.Stream<Arguments> badSetters() {
        return java.util.stream.Stream.of(
                Arguments.of("documents(0)", "documents(0): the documents to send must be a whole number >= 1; e.g. documents(300)",
                        (java.util.function.Function<PortexHarness.SenderRun, PortexHarness.SenderRun>) run -> run.documents(0)),
                Arguments.of("concurrency(0)", "concurrency(0): the threads (or processes) sending must be a whole number >= 1; "
                                + "e.g. concurrency(4)",
                        (java.util.function.Function<PortexHarness.SenderRun, PortexHarness.SenderRun>) run -> run.concurrency(0)),
                Arguments.of("rate(-1)", "rate(-1.0): documents per second must be a number >= 0 (0: as fast as possible); "
                                + "e.g. rate(0)",
                        (java.util.function.Function<PortexHarness.SenderRun, PortexHarness.SenderRun>) run -> run.rate(-1)),
                Arguments.of("maxSeconds(0)", "maxSeconds(0): the time limit must be a whole number of seconds >= 1; "
                                + "e.g. maxSeconds(300)",
                        (java.util.function.Function<PortexHarness.SenderRun, PortexHarness.SenderRun>) run -> run.maxSeconds(0)));
    }

    @Test
    @DisplayName("takes the boundary values: 1 document, 1 thread, rate 0, 1 s")
    void boundaries() {
        var run = portex.sender(AnySender.class).documents(1).concurrency(1).rate(0).maxSeconds(1);

        assertThat(run.scenario().docs()).as("documents").isEqualTo(1);
        assertThat(run.scenario().maxSeconds()).as("time limit").isEqualTo(1);
    }

    @Test
    @DisplayName("keeps an even range, and the sender's class and the test classpath in the scenario")
    void evenRange() {
        var run = portex.sender(AnySender.class).onPorts(41000, 41099).documents(150);

        assertThat(run.scenario().portRange().size()).as("ports").isEqualTo(100);
        assertThat(run.scenario().docs()).as("documents").isEqualTo(150);
        assertThat(run.scenario().sender().className()).as("the sender class").isEqualTo(AnySender.class.getName());
        assertThat(run.scenario().sender().classpath()).as("the test classpath, mounted into the container")
                .anyMatch(entry -> entry.endsWith("test-classes"));
    }
}
