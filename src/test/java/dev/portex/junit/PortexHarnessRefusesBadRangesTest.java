package dev.portex.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.api.DocumentSender;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fluent set-up refuses what would make a sender's count inexact or impossible, before any container starts. */
@DisplayName("PortexHarness.sender(...).onPorts")
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port-range 8000-8099 overlaps the ingest server's listening port 8080: choose a range above it, "
                        + "e.g. 40000-40136");
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
