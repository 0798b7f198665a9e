package dev.portex.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portex.model.ScenarioResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the report explains where the first failure came")
class ReportExplainsThePortCountTest {

    private static ScenarioResult exhausted(int low, int high, int taken, int acknowledged, int firstFailureAt) {
        return exhausted(low, high, taken, acknowledged, firstFailureAt, firstFailureAt - 1, 1);
    }

    private static ScenarioResult exhausted(int low, int high, int taken, int acknowledged, int firstFailureAt,
            int acknowledgedBeforeFirstFailure, int concurrency) {
        ObjectNode r = ReportFixtures.JSON.valueToTree(ReportFixtures.perRequest());
        ObjectNode range = r.putObject("portRange");
        range.put("low", low).put("high", high).put("size", high - low + 1);
        r.put("portsTakenInRange", taken);
        r.put("acknowledged", acknowledged);
        // a per-request client: one connection, and one request Node received, per acknowledged document
        r.put("clientConnectionsOpened", acknowledged);
        r.put("serverReceived", acknowledged);
        r.put("indexed", acknowledged);
        r.put("firstFailureAt", firstFailureAt);
        r.put("acknowledgedBeforeFirstFailure", acknowledgedBeforeFirstFailure);
        r.put("concurrency", concurrency);
        return ReportFixtures.JSON.convertValue(r, ScenarioResult.class);
    }

    /**
     * The incident's range, Docker's DNS listener in it, and the given failure point, as
     * ./portex replay-incident measured it with 32 threads (documents finish out of order).
     */
    private static ScenarioResult fullScaleReplay(int acknowledged, int firstFailureAt, int acknowledgedBeforeFirstFailure) {
        return exhausted(32768, 60999, 1, acknowledged, firstFailureAt, acknowledgedBeforeFirstFailure, 32);
    }

    /** The first full replay: the lowest failing number (28,222) is below the 28,232nd document, the first without a port. */
    private static final ScenarioResult FIRST_REPLAY = fullScaleReplay(321_028, 28_222, 28_231);

    @Test
    @DisplayName("a clean namespace: the range's size, and the first failure one document later")
    void cleanNamespace() {
        String text = ReportHtml.portCount(exhausted(40000, 40137, 0, 138, 139));

        assertThat(text).as("the note for a namespace with nothing bound in its range")
                .contains("the range has 138 ports and nothing else held one")
                .contains("first failure at document 139")
                .doesNotContain("write-up");
    }

    @Test
    @DisplayName("the incident's range with Docker's DNS listener in it: 28,231 fit, as in the write-up")
    void theIncidentsOffByOne() {
        String text = ReportHtml.portCount(FIRST_REPLAY);

        assertThat(text).as("the note for the full-scale replay")
                .contains("the range has 28,232 ports, but 1 was already bound")
                .contains("127.0.0.11")
                .contains("28,231 connections fit")
                .contains("first failure at document 28,232, not 28,233")
                .contains("the incident write-up's 28,231")
                .contains("ports that left TIME_WAIT were used again");
    }

    @Test
    @DisplayName("with several threads the caption names the n-th failing document and the lowest failing number")
    void outOfOrderThreads() {
        String caption = ReportHtml.caption(FIRST_REPLAY);

        assertThat(caption).as("caption of the replay's per-request scenario")
                .contains("first failure at document 28,232 (32 threads finish out of order: the lowest failing document number is 28,222)");
    }

    @Test
    @DisplayName("a client slower than the range refills fails later than the range's size, and the note says why")
    void slowerThanTheRefill() {
        // The second full-scale replay here: 32 threads managed only ~400 connections/s once the range filled.
        String text = ReportHtml.portCount(fullScaleReplay(328_112, 132_050, 132_080));

        assertThat(text).as("the note when the first failure came long after 28,231 documents")
                .contains("But 132,080 documents got through before the first failure")
                .contains("28,231 ports / 60 s = 471 per second")
                .contains("walks occupied ports");
    }

    @Test
    @DisplayName("a run that never failed gets no note")
    void noFailureNoNote() {
        assertThat(ReportHtml.portCount(ReportFixtures.pooled())).as("note for the pooled fixture").isEmpty();
    }
}
