package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Node's requests in flight, from its {@code /stats} counters: what a run killed mid-load waits for before it counts
 * Node's acknowledgements (each request is received first, then exactly one of indexed, failed or rejected).
 */
class NodeRequestsInFlightTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "received {0}, indexed {1}, failed {2}, rejected {3}: {4} in flight")
    @CsvSource({
            "0,   0,   0, 0, 0",
            "120, 120, 0, 0, 0",
            "120, 117, 0, 0, 3",
            "120, 100, 15, 5, 0",
            "120, 100, 15, 2, 3"
    })
    void receivedLessTheDecided(long received, long indexed, long failed, long rejected, long inFlight) throws Exception {
        var stats = JSON.readTree("{\"received\":" + received + ",\"indexed\":" + indexed + ",\"failed\":" + failed
                + ",\"rejected\":" + rejected + ",\"esClient\":\"pooled\"}");

        assertThat(PortexStack.inFlight(stats))
                .as("requests Node received and has neither indexed, failed (503) nor rejected (4xx) yet")
                .isEqualTo(inFlight);
    }
}
