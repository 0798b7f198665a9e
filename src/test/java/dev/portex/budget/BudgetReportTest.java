package dev.portex.budget;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The text {@code ./portex budget} prints. */
@DisplayName("The budget report text")
class BudgetReportTest {

    @Test
    @DisplayName("the incident's report reads exactly as documented")
    void incidentReport() {
        String report = PortBudget.builder().portRange("32768-60999").rate(800).docs(360_000).predict().render();

        assertThat(report).as("portex budget --rate 800 --port-range 32768-60999 --docs 360000").isEqualTo("""
                Port budget for one destination
                  ephemeral range      32768-60999 = 28,232 ports  (60999 - 32768 = 28,231 is the write-up's off-by-one: the range is inclusive)
                  TIME_WAIT            60 s  (tcp_tw_reuse=0)
                  sustainable rate     470.5 new connections/s  (28,232 ports / 60 s)
                  needed at 800/s      48,000 ports per minute
                  verdict              EXHAUSTS: document 28,233 fails after about 35.3 s; 28,232 documents get through
                  recovery             ports free up again 24.7 s after the first failure (60 s after the first connection)
                  would have survived  at most 470 docs/s with this range, or a range of at least 48,000 ports at 800/s (e.g. 1024-65535 holds 64,512), or connection reuse (one port per worker)
                """);
    }

    @Test
    @DisplayName("at full speed the report says the failure is immediate and when no range can help")
    void fullSpeedReport() {
        String report = PortBudget.builder().portRange("32768-60999").docs(360_000).predict().render();

        assertThat(report)
                .as("full speed: no failure time, and 360,000 ports is more than any range holds")
                .contains("  needed (full speed)  up to 360,000 ports (one per document, all opened within 60 s)\n")
                .contains("EXHAUSTS: document 28,233 fails immediately at full speed; 28,232 documents get through")
                .contains("no range at full speed (it needs 360,000 ports; even 1024-65535 holds only 64,512)");
    }

    @Test
    @DisplayName("a surviving run reports its peak and its headroom")
    void survivingReport() {
        String report = PortBudget.builder().portRange("32768-60999").rate(400).docs(360_000).predict().render();

        assertThat(report)
                .as("400/s keeps 24,000 ports in TIME_WAIT, under 28,232")
                .contains("  verdict              SURVIVES: at most 24,000 ports held at once, 28,232 available\n")
                .contains("  headroom             up to 470 docs/s with this range; 24,000 ports would do at 400/s\n")
                .doesNotContain("EXHAUSTS");
    }

    @Test
    @DisplayName("with tcp_tw_reuse=1 the report counts ports per reuse delay")
    void reuseReport() {
        String report = PortBudget.builder().portRange("40000-40099").tcpTwReuse(1).rate(40).docs(400).predict()
                .render();

        assertThat(report)
                .as("the window is the 1,000 ms reuse delay and the range is not the Linux default")
                .contains("(40099 - 40000 = 99 would be off by one: the range is inclusive)")
                .contains("60 s  (tcp_tw_reuse=1: a TIME_WAIT port is reused once it is 1,000 ms old)")
                .contains("100 new connections/s  (100 ports / 1 s reuse delay)")
                .contains("  needed at 40/s       40 ports per 1 s window (2,400 per minute)\n");
    }

    @Test
    @DisplayName("with two destinations the report shows the doubled ceiling and advises per destination")
    void twoDestinationsReport() {
        String report = PortBudget.builder().portRange("40000-40099").destinations(2).docs(400).predict().render();

        assertThat(report)
                .as("each (src, dst, dst port) has its own 100 ports")
                .startsWith("Port budget for 2 destinations")
                .contains("  destinations         2 x 100 = 200 ports in all\n")
                .contains("EXHAUSTS: document 201 fails")
                .contains("a range of at least 200 ports per destination at full speed");
    }
}
