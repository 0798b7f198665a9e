package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Behind a NAT the verdict comes from the router's and the clients' numbers: documents that never reached Node,
 * connects that got no answer (SYNs sent beyond the connections Node accepted), and conntrack's insert_failed in the
 * router's namespace. Each number is taken away once, to show it decides; the figures are those of a real run: 2 pooled
 * clients of 3 connections behind a NAT of 4 ports.
 */
@DisplayName("The verdict behind a NAT")
class NatVerdictTest {
    private static final Failure TIMEOUT = new Failure("org.apache.hc.client5.http.ConnectTimeoutException",
            "Connect to http://172.19.0.2:8080 [/172.19.0.2] failed: Connect timed out");

    /** 2 clients x 3 connections over 4 NAT ports: 4 connections reached Node, the other 2 clients' connects timed out. */
    private static ResultBuilder exhausted(long connectsUnanswered, long insertFailed, long drop) {
        ResultBuilder b = new ResultBuilder();
        b.client = ClientKind.POOLED;
        b.docs = 24;
        b.acknowledged = 20;
        b.failed = 4;
        b.concurrency = 3;
        b.error = TIMEOUT;
        b.serverReceived = 20;
        b.synsSent = 8;
        b.serverConnections = 4L;
        b.nat = new ScenarioResult.NatSide("40000-40003", 4, 2, false, null, "172.18.0.5", 4L, connectsUnanswered, 2 * drop,
                insertFailed, drop, 4, 0);
        return b;
    }

    @Test
    @DisplayName("says NAT PORTS EXHAUSTED when failed documents never reached Node, connects failed and conntrack found no port")
    void natPortsExhausted() {
        Verdict v = exhausted(4, 12, 12).build().verdict();

        assertThat(v).as("4 connections held the 4 NAT ports, 4 connects timed out, conntrack insert_failed 12")
                .isEqualTo(new Verdict.NatPortsExhausted("40000-40003", 4, 2, 4, 4, 12, 12, 4, TIMEOUT));
        assertThat(v.sentence()).as("the sentence names the NAT, its counters and the symptom (no errno 99)").isEqualTo(
                "NAT PORTS EXHAUSTED: 4 connect(s) got no answer through the NAT's 4 port(s) (40000-40003, 2 client(s)"
                        + " behind it; 4 connection(s) reached Node): the router's conntrack found no port to map them to"
                        + " (insert_failed 12) and dropped their SYNs (drop 12); no errno 99, the connects time out;"
                        + " 4 documents failed: " + TIMEOUT);
    }

    @Test
    @DisplayName("one insert_failed is enough: the boundary")
    void oneInsertFailed() {
        assertThat(exhausted(1, 1, 1).build().verdict()).as("1 connect failed, conntrack insert_failed 1")
                .isInstanceOf(Verdict.NatPortsExhausted.class);
    }

    @Test
    @DisplayName("is not NAT PORTS EXHAUSTED without conntrack's insert_failed: the NAT mapped every connection")
    void noInsertFailed() {
        assertThat(exhausted(4, 0, 0).build().verdict()).as("connects failed, but conntrack never failed to map one")
                .isEqualTo(new Verdict.FailedOtherwise(4, TIMEOUT));
    }

    @Test
    @DisplayName("is not NAT PORTS EXHAUSTED when no connect failed: the dropped SYNs were sent again and got through")
    void noConnectFailed() {
        assertThat(exhausted(0, 3, 3).build().verdict()).as("insert_failed 3, but every connect was established")
                .isEqualTo(new Verdict.FailedOtherwise(4, TIMEOUT));
    }

    @Test
    @DisplayName("says all indexed when nothing failed, whatever the router dropped (a SYN retransmitted is a delay)")
    void nothingFailed() {
        ResultBuilder b = exhausted(0, 2, 2);
        b.acknowledged = 24;
        b.failed = 0;
        b.serverReceived = 24;

        assertThat(b.build().verdict()).as("24 of 24 acknowledged, 2 SYNs dropped and retransmitted")
                .isEqualTo(new Verdict.AllIndexed(24));
    }

    @Test
    @DisplayName("is not NAT PORTS EXHAUSTED when the failed documents reached Node")
    void failedAtNode() {
        ResultBuilder b = exhausted(4, 12, 12);
        b.serverReceived = 24;

        assertThat(b.build().verdict()).as("Node received all 24: the 4 failures happened after the NAT")
                .isNotInstanceOf(Verdict.NatPortsExhausted.class);
    }

    @Test
    @DisplayName("never says the client's own PORTS EXHAUSTED for a NAT's exhaustion, and never NAT without a NAT")
    void neverTheOtherOne() {
        ResultBuilder local = new ResultBuilder();
        local.acknowledged = 137;
        local.failed = 163;

        assertThat(exhausted(4, 12, 12).build().verdict()).as("behind the NAT").isNotInstanceOf(Verdict.ClientPortsExhausted.class);
        assertThat(local.build().verdict()).as("the incident's per-request run, no NAT")
                .isInstanceOf(Verdict.ClientPortsExhausted.class);
    }

    /** 3 documents 7 s apart over one pooled connection, behind a NAT that forgets connections idle 5 s. */
    private static ResultBuilder idle(long routerResets, int failed) {
        ResultBuilder b = new ResultBuilder();
        b.client = ClientKind.POOLED;
        b.docs = 3;
        b.acknowledged = 3 - failed;
        b.failed = failed;
        b.error = new Failure("java.net.SocketException", "Connection reset");
        b.serverReceived = 3 - failed;
        b.synsSent = 2;
        b.connectionsReset = (long) failed;
        b.serverConnections = 2L;
        b.nat = new ScenarioResult.NatSide("40000-40003", 4, 1, false, 5, "172.18.0.5", null, 0, 0, 0, 0, 2, routerResets);
        return b;
    }

    @Test
    @DisplayName("says NAT IDLE TIMEOUT when failed documents never reached Node and the router reset as many connections")
    void natIdleTimeout() {
        Verdict v = idle(1, 1).build().verdict();

        assertThat(v).as("1 of 3 failed, the router sent 1 reset, its idle timeout 5 s")
                .isEqualTo(new Verdict.NatIdleTimeout(1, 5, 1, new Failure("java.net.SocketException", "Connection reset")));
        assertThat(v.sentence()).as("the sentence names the NAT's idle timeout and the router's resets").isEqualTo(
                "NAT IDLE TIMEOUT: 1 documents failed on pooled connections that sat idle past the NAT's 5 s idle timeout:"
                        + " the NAT had forgotten them and reset them (1 resets from the router; Node never saw the"
                        + " documents): java.net.SocketException: Connection reset");
    }

    @Test
    @DisplayName("is not NAT IDLE TIMEOUT when the router reset fewer connections than documents failed, nor without failures")
    void notNatIdleTimeout() {
        assertThat(idle(1, 2).build().verdict()).as("2 failed, 1 reset from the router")
                .isNotInstanceOf(Verdict.NatIdleTimeout.class);
        assertThat(idle(0, 1).build().verdict()).as("1 failed, no reset from the router")
                .isNotInstanceOf(Verdict.NatIdleTimeout.class);
        assertThat(idle(1, 0).build().verdict()).as("nothing failed").isEqualTo(new Verdict.AllIndexed(3));
    }
}
