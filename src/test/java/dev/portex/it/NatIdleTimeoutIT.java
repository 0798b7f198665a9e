package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.docs.DocsPage;
import dev.portex.model.ClientKind;
import dev.portex.model.ConnectionReuse;
import dev.portex.model.Nat;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The NAT's idle timeout: the router forgets a connection that sat idle longer than its
 * {@code nf_conntrack_tcp_timeout_established} (5 s here), and answers the next packet the client sends on it with a
 * reset (as a cloud NAT gateway does). A pooled client that reuses such a connection loses the document; Node never
 * sees it. The two fixes: evict idle connections sooner, or keep them busy with TCP keep-alive probes. Each run: one
 * pooled client, 3 documents 7 s apart, Node's keep-alive timeout 20 s (so that Node never closes first).
 */
@PortexStackTest
@Execution(ExecutionMode.CONCURRENT) // each test waits out two idle gaps: side by side
@DisplayName("Behind a NAT with an idle timeout, idle pooled connections are silently dead")
class NatIdleTimeoutIT {
    static final int NAT_IDLE_SECONDS = 5;
    static final int IDLE_GAP_MS = 7000;
    static final String FAILS_ROW = "reuses without a check (`--reuse unchecked`)";
    static final String EVICTS_ROW = "evict connections idle 4 s (`--reuse idle-timeout`)";
    static final String KEEP_ALIVE_ROW = "TCP keep-alive after 2 s idle (`--reuse tcp-keep-alive`)";

    private static ScenarioResult run(Incident incident, ConnectionReuse reuse) {
        Scenario scenario = Scenario.of(ClientKind.POOLED, new PortRange(42000, 42999), 3).withIdleGap(IDLE_GAP_MS)
                .withReuse(reuse).withServerKeepAlive(20_000).withMaxSeconds(60)
                .withNat(Nat.of(40000, 40003).withIdleTimeout(NAT_IDLE_SECONDS));
        ScenarioResult r = incident.runBehindNat(scenario, (router, clients, target) -> { }, (router, clients, target) -> { });
        System.out.println("NAT idle timeout, " + reuse + ": " + row(reuse.cliName(), r) + " EstabResets "
                + r.sockets().clientConnectionsReset() + " opened " + r.sockets().clientConnectionsOpened() + " verdict "
                + r.verdict().sentence());
        return r;
    }

    /** The row of docs/nat.md's idle-timeout table for {@code r}: only what is deterministic. */
    static String row(String name, ScenarioResult r) {
        return "| " + name + " | " + r.clientSide().acknowledged() + " of 3 | "
                + (r.clientSide().error() == null ? "none" : "`" + r.clientSide().error().type() + ": "
                + r.clientSide().error().message() + "`") + " | " + r.nat().routerResetsSent() + " | "
                + r.serverSide().serverConnections() + " |";
    }

    private static void assertTableHolds(String name, ScenarioResult r) {
        String row = row(name, r);
        assertThat(DocsPage.read(DocsPage.NAT)).as("%s's idle-timeout table; update the row '%s' to:%n%s", DocsPage.NAT, name,
                row).contains(row);
    }

    @Test
    @DisplayName("a pool that reuses without a check sends on the connection the NAT forgot: the second document meets the"
            + " router's reset")
    void theIdleConnectionIsDead(Incident incident) {
        ScenarioResult r = run(incident, ConnectionReuse.UNCHECKED);

        assertThat(r.clientSide().acknowledged()).as("documents acknowledged: the first, and the third on a new connection")
                .isEqualTo(2);
        assertThat(r.clientSide().firstFailureAt()).as("the failing document: the first one sent after an idle gap").isEqualTo(2);
        assertThat(r.serverSide().serverReceived()).as("requests Node received: the failed one never reached it").isEqualTo(2);
        assertThat(r.nat().routerResetsSent()).as("resets the router sent: one, for the packet of the forgotten connection")
                .isEqualTo(1);
        assertThat(r.verdict()).as("the verdict").isInstanceOf(Verdict.NatIdleTimeout.class);
        assertTableHolds(FAILS_ROW, r);
    }

    @Test
    @DisplayName("evicting connections idle 4 s, before the NAT's 5 s, opens a new connection instead: every document indexed")
    void evictingIdleConnectionsSoonerFixesIt(Incident incident) {
        ScenarioResult r = run(incident, ConnectionReuse.IDLE_TIMEOUT);

        assertThat(r.verdict()).as("the verdict").isEqualTo(new Verdict.AllIndexed(3));
        assertThat(r.serverSide().serverConnections()).as("connections that carried documents: a new one for each")
                .isEqualTo(3);
        assertThat(r.nat().routerResetsSent()).as("resets the router sent: one for each evicted connection, whose FIN the"
                + " NAT no longer knew").isEqualTo(2);
        assertTableHolds(EVICTS_ROW, r);
    }

    @Test
    @DisplayName("TCP keep-alive probes after 2 s idle keep the NAT's mapping: one connection carries every document")
    void tcpKeepAliveFixesIt(Incident incident) {
        ScenarioResult r = run(incident, ConnectionReuse.TCP_KEEP_ALIVE);

        assertThat(r.verdict()).as("the verdict").isEqualTo(new Verdict.AllIndexed(3));
        assertThat(r.serverSide().serverConnections()).as("connections that carried documents: the one, kept alive")
                .isEqualTo(1);
        assertThat(r.nat().routerResetsSent()).as("resets the router sent").isZero();
        assertTableHolds(KEEP_ALIVE_ROW, r);
    }
}
