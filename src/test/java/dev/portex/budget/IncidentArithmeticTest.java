package dev.portex.budget;

import dev.portex.model.PortRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The incident: ip_local_port_range 32768-60999, 800 new connections/s, 360,000 documents, one new
 * connection per document, TIME_WAIT 60 s, tcp_tw_reuse off.
 */
@DisplayName("The incident's numbers (32768-60999, 800 docs/s, 360,000 docs)")
class IncidentArithmeticTest {

    private final Prediction incident = PortBudget.builder()
            .portRange("32768-60999").rate(800).docs(360_000).predict();

    @Test
    @DisplayName("the inclusive range 32768-60999 holds 28,232 ports, not the write-up's 28,231")
    void rangeHolds28232Ports() {
        assertThat(incident.rangeSize())
                .as("32768..60999 counts both ends: 60999 - 32768 + 1; the write-up's 28,231 forgot the +1")
                .isEqualTo(28_232);
        assertThat(incident.capacity()).as("one destination: the capacity is the range size").isEqualTo(28_232);
    }

    @Test
    @DisplayName("800 new connections per second need 48,000 ports per minute")
    void needs48000PortsPerMinute() {
        assertThat(incident.portsNeededPerMinute())
                .as("800/s x 60 s: every port stays in TIME_WAIT for a minute")
                .hasValue(48_000.0);
        assertThat(incident.peakPortsInUse())
                .as("ports that must coexist within one 60 s TIME_WAIT window: min(360,000 docs, 800 x 60)")
                .isEqualTo(48_000);
    }

    @Test
    @DisplayName("the run exhausts the range: document 28,233 fails after 35.29 s")
    void document28233FailsAfter35Seconds() {
        assertThat(incident.exhausts()).as("48,000 ports needed > 28,232 available").isTrue();
        assertThat(incident.firstFailingDocument())
                .as("28,232 ports serve documents 1..28,232; document 28,233 finds none free")
                .hasValue(28_233);
        assertThat(incident.firstFailureSeconds().orElseThrow())
                .as("document 28,233 starts (28,233 - 1) / 800 s into the run")
                .isCloseTo(35.29, within(1e-9));
        assertThat(incident.documentsBeforeFailure())
                .as("documents that get through before the first EADDRNOTAVAIL")
                .isEqualTo(28_232);
        assertThat(incident.recoveryAfterFailureSeconds().orElseThrow())
                .as("the first port leaves TIME_WAIT 60 s after the first connection, 24.71 s after the failure")
                .isCloseTo(24.71, within(1e-9));
    }

    @Test
    @DisplayName("the range sustains about 470.5 new connections per second")
    void sustains470PerSecond() {
        assertThat(incident.sustainableRate())
                .as("28,232 ports / 60 s TIME_WAIT")
                .isCloseTo(470.533, within(0.001));
        assertThat(incident.advice().maxWholeRate())
                .as("the largest whole rate that would have survived with this range")
                .isEqualTo(470);
    }

    @Test
    @DisplayName("a range of 48,000 ports would have survived, and 1024-65535 (64,512) holds that")
    void widestRangeWouldHaveSurvived() {
        Advice advice = incident.advice();
        assertThat(advice.neededRangeSize())
                .as("smallest range that survives 800/s: 800 x 60 ports")
                .isEqualTo(48_000);
        assertThat(advice.widestRangeSuffices())
                .as("48,000 <= 64,512, the size of the widest allowed range 1024-65535")
                .isTrue();
        assertThat(advice.widestRange().size()).as("1024-65535 holds 65535 - 1024 + 1 ports").isEqualTo(64_512);

        Prediction widened = PortBudget.builder().portRange(PortRange.WIDEST).rate(800).docs(360_000).predict();
        assertThat(widened.exhausts())
                .as("re-running the incident with 1024-65535 should survive, as the advice claims")
                .isFalse();
    }

    @Test
    @DisplayName("the prediction serialises to JSON with Jackson for --json")
    void serialisesToJson() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(incident));

        assertThat(json.path("portRange").asText()).as("range as LOW-HIGH text").isEqualTo("32768-60999");
        assertThat(json.path("rangeSize").asInt()).as("inclusive size").isEqualTo(28_232);
        assertThat(json.path("portsNeededPerMinute").asDouble()).as("800 x 60").isEqualTo(48_000.0);
        assertThat(json.path("exhausts").asBoolean()).as("verdict").isTrue();
        assertThat(json.path("firstFailingDocument").asLong()).as("first failing ordinal").isEqualTo(28_233);
        assertThat(json.path("firstFailureSeconds").asDouble()).as("time of first failure").isEqualTo(35.29);
        assertThat(json.path("advice").path("neededRangeSize").asLong()).as("advised range size").isEqualTo(48_000);
        assertThat(json.path("advice").path("widestRangeSuffices").asBoolean())
                .as("whether 1024-65535 would do").isTrue();
    }
}
