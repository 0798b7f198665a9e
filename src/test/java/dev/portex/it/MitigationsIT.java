package dev.portex.it;

import dev.portex.model.ClientKind;
import dev.portex.model.Mitigation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.budget.PortBudget;
import dev.portex.docs.DocsPage;
import dev.portex.model.PortRange;
import dev.portex.budget.Prediction;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The advice found online for errno 99, each tried for real and checked against the port budget's
 * prediction. Each case also renders its row of the MITIGATIONS table in docs/clients.md from the measured
 * result and checks the page still says exactly that, so the table cannot drift from the code.
 */
@PortexStackTest
@Order(2) // starts early: it waits long (see the Failsafe configuration)
class MitigationsIT {

    /** One piece of advice: the scenario that tries it, and what must hold of the result. */
    record Case(String row, Scenario scenario, Consumer<ScenarioResult> check) {
        @Override
        public String toString() {
            return row;
        }
    }

    static Stream<Arguments> mitigations() {
        return Stream.of(
                Arguments.of("without mitigation, 100 ports: the budget predicts the failure at document 101, and there it is",
                        new Case("no mitigation", perRequest(47000, 47099, 200, 0), r -> {
                            assertExactlyAsPredicted(r);
                            assertThat(r.sockets().clientTimeWait()).as("TIME_WAIT sockets on the client").isEqualTo(100);
                        })),
                Arguments.of("widening the range to 250 ports moves predicted and measured failure together, to document 251",
                        new Case("wider range", perRequest(47200, 47449, 300, 0), MitigationsIT::assertExactlyAsPredicted)),
                Arguments.of("tcp_tw_reuse=1 on 20 ports at 8 docs/s (below 20/s = 20 ports / 1 s reuse delay): every document gets through",
                        new Case("tcp_tw_reuse=1, below the reuse rate", perRequest(47500, 47519, 80, 1).withRate(8), r -> {
                            assertVerdictAsPredicted(r, false);
                            assertThat(r.sockets().clientConnectionsOpened())
                                    .as("connections opened (SYNs): one per document, 80 on 20 ports, so ports were reused")
                                    .isEqualTo(80);
                        })),
                Arguments.of("tcp_tw_reuse=1 on 20 ports at full speed (above 20/s): ports younger than 1 s cannot be reused, it still fails",
                        new Case("tcp_tw_reuse=1, full speed", perRequest(47600, 47619, 100, 1), r -> {
                            assertVerdictAsPredicted(r, true);
                            assertThat(r.clientSide().firstFailureAt())
                                    .as("the first failure: 20 connections take well under the 1 s reuse delay, so document 21 finds "
                                            + "every port in TIME_WAIT and none old enough to reuse")
                                    .isEqualTo(21);
                        })),
                Arguments.of("SO_LINGER 0: 300 documents on 100 ports, no TIME_WAIT anywhere, at the cost of one RST per connection",
                        new Case("SO_LINGER 0", perRequest(47700, 47799, 300, 0).withMitigation(Mitigation.SO_LINGER_ZERO), r -> {
                            assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
                            assertThat(r.sockets().clientTimeWait()).as("TIME_WAIT sockets on the client").isZero();
                            assertThat(r.sockets().clientResetsSent()).as("resets (RST) the client sent: its cost").isEqualTo(300);
                        })),
                Arguments.of("the server closes first: 300 documents on 100 ports, the TIME_WAIT moves into Node's namespace",
                        new Case("server closes first", perRequest(47800, 47899, 300, 0).withMitigation(Mitigation.SERVER_CLOSES_FIRST), r -> {
                            assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
                            assertThat(r.sockets().clientTimeWait()).as("TIME_WAIT sockets on the client").isZero();
                            assertThat(r.sockets().serverTimeWait()).as("TIME_WAIT sockets in Node's namespace: where it went").isPositive();
                            assertThat(r.sockets().clientResetsSent()).as("resets the client sent").isZero();
                        })),
                Arguments.of("reusing connections (one pooled client): 300 documents on 100 ports over a single local port",
                        new Case("connection reuse", Scenario.of(ClientKind.POOLED, new PortRange(47900, 47999), 300), r -> {
                            assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
                            assertThat(r.sockets().localPortsUsed()).as("distinct local ports").isEqualTo(1);
                        })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mitigations")
    void eachMitigationDoesWhatTheTableSays(String claim, Case c, Incident incident) {
        ScenarioResult r = needsTheMachine(c.scenario()) ? incident.runAlone(c.scenario()) : incident.run(c.scenario());
        c.check().accept(r);
        String row = MitigationsTable.measuredCell(c.row(), r);
        assertThat(DocsPage.read(DocsPage.CLIENTS))
                .as("%s's MITIGATIONS table must show what was measured; update the row '%s' to:%n%s", DocsPage.CLIENTS, c.row(), row)
                .contains(row);
    }

    /**
     * Alone (see {@link Incident#runAlone}), so that the runs of other test classes beside it cannot change what it counts:
     * tcp_tw_reuse=1 at full speed fails because 20 connections take well under its 1 s reuse delay, and the resets of
     * SO_LINGER 0 (one per connection) and of the server closing first (none) are exact only while no FIN is
     * retransmitted to a socket already gone, which a starved peer does (measured: 1 reset where 0 were asserted).
     */
    static boolean needsTheMachine(Scenario scenario) {
        return scenario.tcpTwReuse() == 1 && scenario.rate() == 0 || scenario.mitigation() != Mitigation.NONE;
    }

    private static Scenario perRequest(int low, int high, int docs, int twReuse) {
        return Scenario.of(ClientKind.PER_REQUEST, new PortRange(low, high), docs).withTcpTwReuse(twReuse);
    }

    static Prediction predict(ScenarioResult r) {
        return PortBudget.builder()
                .portRange(r.setup().portRange().low(), r.setup().portRange().high())
                .rate(r.setup().rate())
                .docs(r.setup().docs())
                .tcpTwReuse(r.setup().tcpTwReuse())
                .destinations(r.setup().targets())
                .predict();
    }

    /**
     * The budget's prediction: one document per port, the next fails. A port freed early (a connection that left no
     * TIME_WAIT, or a TIME_WAIT the kernel ended early, counted by {@link PortsFreedEarly}) carries one more: allowed as
     * counted, never more.
     */
    private static void assertExactlyAsPredicted(ScenarioResult r) {
        Prediction p = predict(r);
        assertThat(p.exhausts()).as("the budget predicts exhaustion").isTrue();
        PortsFreedEarly early = PortsFreedEarly.of(r);
        long acknowledged = r.clientSide().acknowledged();
        assertThat(acknowledged).as("documents through before the failure, vs the prediction (%d): %s",
                        p.documentsBeforeFailure(), early.explain(r))
                .isBetween(p.documentsBeforeFailure(), p.documentsBeforeFailure() + early.total());
        assertThat(r.clientSide().firstFailureAt()).as("measured first failure: the document after the last one through "
                        + "(predicted: %d)", p.firstFailingDocument().getAsLong())
                .isEqualTo((int) acknowledged + 1);
        assertThat(r.sockets().clientConnectionsOpened()).as("connections opened: one per document through")
                .isEqualTo(acknowledged);
    }

    private static void assertVerdictAsPredicted(ScenarioResult r, boolean exhausts) {
        Prediction p = predict(r);
        assertThat(p.exhausts()).as("the budget's verdict").isEqualTo(exhausts);
        assertThat(r.clientSide().failed() > 0).as("measured verdict (failed %d, first error %s) vs the budget's", r.clientSide().failed(), r.clientSide().error())
                .isEqualTo(exhausts);
    }
}
