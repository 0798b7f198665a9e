package dev.portex.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.ScenarioResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the report shows the NAT's figures")
class ReportShowsTheNatTest {

    private static ScenarioResult behindTheNat() {
        ScenarioResult pooled = ReportFixtures.pooled();
        return new ScenarioResult(pooled.runId(), pooled.setup(), pooled.clientSide(), pooled.serverSide(), pooled.sockets(),
                pooled.integrity(), pooled.timing(),
                new ScenarioResult.NatSide("40000-40003", 4, 2, true, null, "172.18.0.5", 4L, 2, 5, 7, 8, 4, 0));
    }

    @Test
    @DisplayName("a run behind a NAT: its ports, clients, router address and the router's conntrack counters, under the chart")
    void natRun() {
        String caption = ReportHtml.caption(behindTheNat());

        assertThat(caption).as("the scenario's caption names the NAT and the router's counters")
                .contains("Behind a NAT of 4 port(s) (40000-40003, --random-fully, 2 client(s) behind 172.18.0.5)")
                .contains("the router's conntrack counted insert_failed 7 and drop 8 (4 entries at the end)")
                .contains("the clients' connects unanswered: 2, SYNs retransmitted: 5.");
    }

    @Test
    @DisplayName("a run without a NAT says nothing of one")
    void noNat() {
        assertThat(ReportHtml.caption(ReportFixtures.pooled())).as("the pooled fixture's caption").doesNotContain("NAT");
    }
}
