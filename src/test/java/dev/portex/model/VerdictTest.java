package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The verdict comes from numbers: whether failing documents reached Node, whether the client's kernel sent a
 * SYN for them, how many connections Node opened against its own range. The error text never decides.
 */
@DisplayName("The verdict")
class VerdictTest {

    @Nested
    @DisplayName("says ALL INDEXED")
    class AllIndexed {
        @Test
        @DisplayName("when every document was acknowledged")
        void everyDocumentAcknowledged() {
            ResultBuilder b = new ResultBuilder();
            b.client = ClientKind.POOLED;

            assertThat(b.build().verdict()).as("pooled client, 300 of 300 acknowledged")
                    .isEqualTo(new Verdict.AllIndexed(300));
            assertThat(b.build().verdict().sentence()).isEqualTo("all 300 documents indexed");
        }

        @Test
        @DisplayName("but STOPPED when nothing failed and the time limit ended the run early")
        void stoppedByTheTimeLimit() {
            ResultBuilder b = new ResultBuilder();
            b.acknowledged = 120;
            b.stoppedBy = "time-limit";

            assertThat(b.build().verdict()).as("120 of 300 acknowledged, none failed, the run hit its time limit")
                    .isEqualTo(new Verdict.Incomplete(120, 300, "time-limit"));
        }
    }

    @Nested
    @DisplayName("says the client's PORTS EXHAUSTED")
    class ClientPortsExhausted {
        @Test
        @DisplayName("when the failing documents never reached Node and no SYN was sent for them (the README's example)")
        void perRequestOn137Ports() {
            ResultBuilder b = new ResultBuilder();
            b.acknowledged = 137;
            b.failed = 163;

            Verdict v = b.build().verdict();

            assertThat(v).as("137 acknowledged, 163 failed, Node saw 137, the kernel sent 137 SYNs")
                    .isEqualTo(new Verdict.ClientPortsExhausted(137, 137, 1, 0));
            assertThat(v.sentence()).as("the sentence the README quotes").isEqualTo(
                    "PORTS EXHAUSTED after 137 documents (range: 137 ports x 1 destination(s)): "
                            + "each closed connection holds its port in TIME_WAIT for 60 s");
        }

        @Test
        @DisplayName("whatever the error text says: the numbers decide")
        void notFromTheErrorText() {
            ResultBuilder b = new ResultBuilder();
            b.acknowledged = 137;
            b.failed = 163;
            b.error = new Failure("java.io.IOException", "something the library words its own way");

            assertThat(b.build().verdict()).as("an exhaustion whose error text does not name errno 99")
                    .isInstanceOf(Verdict.ClientPortsExhausted.class);
        }

        @Test
        @DisplayName("and counts the documents acknowledged later, on ports back from TIME_WAIT (the full replay)")
        void replayGoesOnAfterTheFirstFailure() {
            ResultBuilder b = new ResultBuilder();
            b.range = PortRange.LINUX_DEFAULT;
            b.docs = 360_000;
            b.acknowledged = 330_365;
            b.failed = 29_635;
            b.acknowledgedBeforeFirstFailure = 28_231;

            Verdict v = b.build().verdict();

            assertThat(v).isEqualTo(new Verdict.ClientPortsExhausted(28_231, 28_232, 1, 330_365 - 28_231));
            assertThat(v.sentence()).endsWith("; 302134 more acknowledged later, on ports that came out of TIME_WAIT");
        }
    }

    @Nested
    @DisplayName("says KEEP-ALIVE RACE")
    class KeepAliveRace {
        @Test
        @DisplayName("when the failing documents never reached Node, as many of the client's established connections were reset, "
                + "and Node closed idle connections (KeepAliveRaceIT's unchecked client)")
        void staleConnectionsReused() {
            ResultBuilder b = uncheckedClientSixDocuments();

            Verdict v = b.build().verdict();

            assertThat(v).as("3 acknowledged, 3 failed, Node saw 3, 3 SYNs, 3 connections reset, Node closed 3 idle ones")
                    .isEqualTo(new Verdict.KeepAliveRace(3, 3, 3, b.error));
            assertThat(v.sentence()).as("the sentence").isEqualTo("KEEP-ALIVE RACE: 3 documents failed on reused connections"
                    + " that Node had closed after its keep-alive timeout (Node never saw them; 3 connections reset, 3 closed idle"
                    + " by Node): org.apache.hc.core5.http.NoHttpResponseException: The target server failed to respond");
        }

        @Test
        @DisplayName("but FAILED otherwise with the same counts and no connection reset: not the race, and 3 connections are no port shortage")
        void noResetNoRace() {
            ResultBuilder b = uncheckedClientSixDocuments();
            b.connectionsReset = 0L;

            assertThat(b.build().verdict())
                    .as("3 failed, none of the client's connections reset: not the race, and with 3 connections on 137 "
                            + "ports no port shortage either")
                    .isInstanceOf(Verdict.FailedOtherwise.class);
        }

        @Test
        @DisplayName("but FAILED otherwise when connections were reset and Node closed none for idleness")
        void resetsWithoutIdleCloses() {
            ResultBuilder b = uncheckedClientSixDocuments();
            b.serverKeepAliveTimeouts = 0L;

            assertThat(b.build().verdict()).as("3 connections reset, but Node's keep-alive timeout closed none")
                    .isEqualTo(new Verdict.FailedOtherwise(3, b.error));
        }

        @Test
        @DisplayName("but not from an older run's JSON, which has no reset count")
        void olderJson() {
            ResultBuilder b = uncheckedClientSixDocuments();
            b.connectionsReset = null;
            b.serverKeepAliveTimeouts = null;

            assertThat(b.build().verdict()).as("the same numbers without the two counts: failed otherwise, not the race")
                    .isInstanceOf(Verdict.FailedOtherwise.class);
        }

        private ResultBuilder uncheckedClientSixDocuments() {
            ResultBuilder b = new ResultBuilder();
            b.client = ClientKind.POOLED;
            b.docs = 6;
            b.acknowledged = 3;
            b.failed = 3;
            b.acknowledgedBeforeFirstFailure = 1;
            b.error = new Failure("org.apache.hc.core5.http.NoHttpResponseException", "The target server failed to respond");
            b.connectionsReset = 3L;
            b.serverKeepAliveTimeouts = 3L;
            return b;
        }
    }

    @Nested
    @DisplayName("does not say PORTS EXHAUSTED")
    class NotExhausted {
        @Test
        @DisplayName("for a client stuck on its own pool: no SYN for the failures either, but 5 connections on 100 ports")
        void poolStuckAfterAHandfulOfConnections() {
            ResultBuilder b = new ResultBuilder();
            b.range = new PortRange(41000, 41099);
            b.docs = 160;
            b.acknowledged = 5;
            b.failed = 155;
            b.synsSent = 5;
            b.error = new Failure("org.apache.hc.core5.http.ConnectionRequestTimeoutException", "Timeout deadline: 1000 MILLISECONDS");

            assertThat(b.build().verdict()).as("5 connections opened on a 100-port range, then every request timed out")
                    .isInstanceOf(Verdict.FailedOtherwise.class);
        }

        @Test
        @DisplayName("but does on an odd-sized range that gave one port fewer (the kernel scans an even number)")
        void oddRangeOnePortShort() {
            ResultBuilder b = new ResultBuilder();
            b.acknowledged = 136;
            b.failed = 164;

            assertThat(b.build().verdict()).as("136 connections on 40000-40136 (137 ports)")
                    .isEqualTo(new Verdict.ClientPortsExhausted(136, 137, 1, 0));
        }
    }

    @Nested
    @DisplayName("says NODE'S PORTS EXHAUSTED")
    class ServerPortsExhausted {
        @Test
        @DisplayName("when Node answered 503 after opening as many connections to Elasticsearch as its range has ports")
        void nodeRanOut() {
            ResultBuilder b = nodeAnswering503(136);

            assertThat(b.build().verdict()).as("Node opened 136 connections on its 136-port range, then answered 503")
                    .isEqualTo(new Verdict.ServerPortsExhausted(136));
        }

        @Test
        @DisplayName("but not when Node opened one connection fewer than its range holds: then it failed otherwise")
        void oneConnectionShort() {
            ResultBuilder b = nodeAnswering503(135);

            assertThat(b.build().verdict()).as("Node answered 503 with a port of its range still unused")
                    .isInstanceOf(Verdict.FailedOtherwise.class);
        }

        private ResultBuilder nodeAnswering503(long nodeConnections) {
            ResultBuilder b = new ResultBuilder();
            b.client = ClientKind.POOLED;
            b.serverRange = new PortRange(42000, 42135);
            b.acknowledged = 136;
            b.failed = 164;
            b.serverReceived = 300;
            b.serverFailed = 164;
            b.nodeEsConnectionsOpened = nodeConnections;
            b.synsSent = 1;
            b.error = new Failure("HTTP 503", "{\"error\":\"Elasticsearch is unavailable\"}");
            return b;
        }
    }

    @Nested
    @DisplayName("says FAILED otherwise")
    class FailedOtherwise {
        @Test
        @DisplayName("when the client sent a SYN for a failing document (Node refused it): not a port shortage, even if the text says errno 99")
        void synSentForAFailure() {
            ResultBuilder b = new ResultBuilder();
            b.acknowledged = 137;
            b.failed = 163;
            b.synsSent = 138;

            Verdict v = b.build().verdict();

            assertThat(v).as("one SYN more than Node received requests: a failing document did leave the client")
                    .isEqualTo(new Verdict.FailedOtherwise(163, new Failure("java.net.BindException",
                            "Cannot assign requested address")));
            assertThat(v.sentence()).isEqualTo("163 documents failed: java.net.BindException: Cannot assign requested address");
        }
    }

    @Nested
    @DisplayName("says FAULT when a container was killed during the load")
    class Faults {
        @Test
        @DisplayName("and names the fault, not a port shortage, even when the numbers look like one (failures without a SYN)")
        void faultBeforeExhaustion() {
            ResultBuilder b = new ResultBuilder();
            b.fault = Fault.parse("node-kill@2s");
            b.durability = Durability.REQUEST;
            b.faultInjectedAtMs = 2_150L;
            b.endedAfterFaultMs = 10_200L;
            b.acknowledged = 137;
            b.failed = 163;
            b.synsSent = 137;

            Verdict v = b.build().verdict();

            assertThat(v).as("a run whose numbers alone would read PORTS EXHAUSTED, but Node was killed at 2.15 s")
                    .isEqualTo(new Verdict.FaultInjected(b.fault, 2_150, 137, 163, b.build().clientSide().error(), 0, 0, 10_200,
                            Durability.REQUEST));
            assertThat(v.sentence()).as("the sentence").isEqualTo("FAULT: the Node ingest server killed at 2.2 s: 137 acknowledged,"
                    + " 163 failed (first: java.net.BindException: Cannot assign requested address); no acknowledged document lost;"
                    + " the load ended 10.2 s after the fault");
        }

        @Test
        @DisplayName("and counts acknowledged documents Elasticsearch lost, with the durability that lost them")
        void lostAcknowledgedAreShown() {
            ResultBuilder b = new ResultBuilder();
            b.fault = Fault.parse("es-kill@4s");
            b.durability = Durability.ASYNC;
            b.faultInjectedAtMs = 4_000L;
            b.endedAfterFaultMs = 10_000L;
            b.acknowledged = 263;
            b.failed = 49;
            b.error = new Failure("HTTP 503", "Elasticsearch is unavailable");
            b.missingAcknowledged = 263;

            assertThat(b.build().verdict().sentence()).as("the sentence")
                    .isEqualTo("FAULT: Elasticsearch killed at 4.0 s: 263 acknowledged, 49 failed (first: HTTP 503:"
                            + " Elasticsearch is unavailable); 263 ACKNOWLEDGED DOCUMENTS LOST (translog durability: async);"
                            + " the load ended 10.0 s after the fault");
        }

        @Test
        @DisplayName("and says which documents were indexed although their answer never came: a blind retry would duplicate them")
        void indexedButNotAcknowledged() {
            ResultBuilder b = new ResultBuilder();
            b.fault = Fault.parse("node-kill@4s");
            b.durability = Durability.REQUEST;
            b.faultInjectedAtMs = 4_765L;
            b.endedAfterFaultMs = 10_139L;
            b.acknowledged = 603;
            b.failed = 121;
            b.error = new Failure("org.apache.hc.core5.http.NoHttpResponseException", "The target server failed to respond");
            b.unacknowledgedIndexed = 1;

            assertThat(b.build().verdict().sentence()).as("the sentence of FaultsIT's Node kill, as measured")
                    .isEqualTo("FAULT: the Node ingest server killed at 4.8 s: 603 acknowledged, 121 failed (first:"
                            + " org.apache.hc.core5.http.NoHttpResponseException: The target server failed to respond);"
                            + " no acknowledged document lost; 1 indexed without an acknowledgement (a retry without the"
                            + " document's id would index it twice); the load ended 10.1 s after the fault");
        }

        @Test
        @DisplayName("but not when the load ended before the fault's time: then the numbers decide as usual")
        void faultNeverStruck() {
            ResultBuilder b = new ResultBuilder();
            b.fault = Fault.parse("es-kill@60s");
            b.faultInjectedAtMs = null;

            assertThat(b.build().verdict()).as("300 of 300 acknowledged, no fault struck").isEqualTo(new Verdict.AllIndexed(300));
        }
    }
}
