package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.docs.DocsPage;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.model.ClientKind;
import dev.portex.model.Nat;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Behind a NAT: the load generators reach Node only through a router that maps their connections to its own address
 * and a narrowed range of ports (iptables SNAT). With every NAT port mapped to a connection to Node, the NAT drops the
 * next connection's SYN: its connect() times out, no errno 99, and the router's conntrack counts insert_failed and
 * drop. Real parts only: a real router's netfilter, real sockets, the real Node server.
 */
@PortexStackTest
@Execution(ExecutionMode.CONCURRENT) // each test has a router and a network of its own; the timeouts wait side by side
@DisplayName("Behind a NAT, the NAT's ports run out")
class NatPortsExhaustionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The NAT's 4 ports, as in the measurement. */
    private static final Nat FOUR_PORTS = Nat.of(40000, 40003);
    /** The clients' own range: wide enough never to run out before the NAT does. */
    private static final PortRange CLIENT_RANGE = new PortRange(42000, 42999);

    /**
     * A client that opens one connection per request and holds it (it sends nothing on it, so Node keeps it until its
     * 60 s header timeout): connects one after another until the first one fails, then the rest at once. Prints as
     * JSON each attempt (whether it connected, in how long, the exception's type and text) and the SYNs its namespace
     * sent meanwhile: the connects (Tcp ActiveOpens) and the SYNs retransmitted (TcpExt TCPSynRetrans).
     */
    static final String HOLDER = """
            import json, socket, sys, threading, time
            host, port, n, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
            held, attempts = [], {}
            def tcp_counters():
                # this namespace's SYNs: one per connect() (Tcp ActiveOpens) plus every retransmitted one
                rows = {}
                for path in ("/proc/net/snmp", "/proc/net/netstat"):
                    lines = [l.split() for l in open(path)]
                    for names, values in zip(lines[::2], lines[1::2]):
                        rows.update({names[0] + n: int(v) for n, v in zip(names[1:], values[1:])})
                return rows["Tcp:ActiveOpens"], rows["TcpExt:TCPSynRetrans"]
            opens_before, retrans_before = tcp_counters()
            def attempt(i):
                s = socket.socket(); s.settimeout(timeout); t = time.monotonic()
                try:
                    s.connect((host, port)); held.append(s)
                    attempts[i] = {"ok": True, "ms": round((time.monotonic() - t) * 1000)}
                except Exception as e:
                    attempts[i] = {"ok": False, "type": type(e).__name__, "message": str(e),
                                   "ms": round((time.monotonic() - t) * 1000)}
            i = 1
            while i <= n:
                attempt(i); i += 1
                if not attempts[i - 1]["ok"]:
                    break
            rest = [threading.Thread(target=attempt, args=(j,)) for j in range(i, n + 1)]
            [t.start() for t in rest]; [t.join() for t in rest]
            opens_after, retrans_after = tcp_counters()
            print(json.dumps({"attempts": [attempts[j] for j in range(1, n + 1)],
                              "connects": opens_after - opens_before, "synRetransmits": retrans_after - retrans_before}))
            [s.close() for s in held]
            """;

    @Test
    @DisplayName("P = 4 NAT ports: exactly 4 connections held open, the 5th, 6th and 7th connect() time out after 3 s")
    void heldConnectionsFillTheNat(Incident incident) throws Exception {
        AtomicReference<JsonNode> attempts = new AtomicReference<>();
        AtomicReference<Map<String, Long>> before = new AtomicReference<>();
        AtomicReference<Map<String, Long>> after = new AtomicReference<>();
        Scenario scenario = Scenario.of(ClientKind.PYTHON_POST, CLIENT_RANGE, 1).withNat(FOUR_PORTS);

        // before the run's load, on a NAT whose ports are all free
        ScenarioResult r = incident.runBehindNat(scenario, (router, clients, target) -> {
            before.set(router.conntrackStats());
            attempts.set(hold(clients.get(0), target, 7));
            after.set(router.conntrackStats());
        }, (router, clients, target) -> { });

        JsonNode held = attempts.get();
        JsonNode a = held.path("attempts");
        for (int i = 0; i < 4; i++) {
            assertThat(a.get(i).path("ok").asBoolean()).as("connection %d of 4 through 4 NAT ports: %s", i + 1, a.get(i))
                    .isTrue();
        }
        for (int i = 4; i < 7; i++) {
            assertThat(a.get(i).path("ok").asBoolean()).as("connection %d: the NAT has no port left: %s", i + 1, a.get(i))
                    .isFalse();
            assertThat(a.get(i).path("type").asText() + ": " + a.get(i).path("message").asText())
                    .as("what Python's connect() raised for connection %d (a timeout, not errno 99)", i + 1)
                    .isEqualTo("TimeoutError: timed out");
            assertThat(a.get(i).path("ms").asLong()).as("connection %d's connect() took its whole 3 s timeout", i + 1)
                    .isBetween(2990L, 3300L);
        }
        long insertFailed = after.get().get("insert_failed") - before.get().get("insert_failed");
        long drop = after.get().get("drop") - before.get().get("drop");
        assertThat(held.path("connects").asLong()).as("connect()s the holder's namespace made (Tcp ActiveOpens): its 7")
                .isEqualTo(7L);
        long timedOutSyns = 3 + held.path("synRetransmits").asLong();
        assertThat(timedOutSyns).as("SYNs the 3 timed-out connects sent, counted by the client (3 + TCPSynRetrans %d):"
                + " this kernel retransmits a SYN every second at first (net.ipv4.tcp_syn_linear_timeouts = 4), at 1, 2 and"
                + " 3 s, and the one at 3 s races the 3 s timeout: 3 or 4 each", held.path("synRetransmits").asLong())
                .isBetween(9L, 12L);
        assertThat(insertFailed).as("router's conntrack insert_failed: every SYN the client sent for the 3 timed-out"
                + " connects (%d) found no NAT port", timedOutSyns).isEqualTo(drop).isEqualTo(timedOutSyns);
        assertThat(after.get().get("entries")).as("router's conntrack entries right after the holder closed its 4"
                + " connections (in TIME_WAIT there for 120 s)").isEqualTo(4L);
        String heldRow = "| " + HELD_ROW + " | " + countConnected(a) + " connected; the next " + (7 - countConnected(a))
                + ": `" + a.get(4).path("type").asText() + ": " + a.get(4).path("message").asText() + "` after "
                + Math.round(a.get(4).path("ms").asLong() / 1000.0) + " s each; conntrack "
                + (insertFailed == drop ? "insert_failed = drop" : "insert_failed " + insertFailed + ", drop " + drop)
                + ", for every SYN of theirs |";
        assertThat(DocsPage.read(DocsPage.NAT)).as("%s's table of what the NAT measured; update the row '%s' to:%n%s",
                DocsPage.NAT, HELD_ROW, heldRow).contains(heldRow);
        NatFigures.HELD.record(Map.of("connected", 4L, "timedOut", 3L, "insertFailed", insertFailed, "drop", drop,
                "timeoutMs", a.get(4).path("ms").asLong(), "synsSent", timedOutSyns, "nextDocumentAcknowledged", (long) r.clientSide().acknowledged()));
    }

    @Test
    @DisplayName("K = 2 pooled clients x N = 3 connections over P = 4 NAT ports: exactly 4 connections carry documents, the"
            + " rest time out")
    void pooledClientsOutnumberTheNatPorts(Incident incident) {
        // Each client's 3 threads start at once and each asks its pool for a connection: 6 connects for 4 ports. Then
        // every thread pauses 500 ms before each document, so that the load lasts past 4 s (30 documents a client)
        // and no connection sits idle long enough for Node (5 s) to close it.
        Scenario scenario = Scenario.of(ClientKind.POOLED, CLIENT_RANGE, 30).withConcurrency(3).withIdleGap(500)
                .withMaxSeconds(60).withNat(FOUR_PORTS.withBehind(2));

        ScenarioResult r = incident.runBehindNat(scenario, (router, clients, target) -> { }, (router, clients, target) -> { });

        ScenarioResult.NatSide nat = r.nat();
        assertThat(nat.connectionsWhileFull()).as("connections that had carried documents to Node 4 s into the load: one"
                + " per NAT port").isEqualTo(4L);
        assertThat(r.serverSide().serverConnections()).as("connections that carried documents during the whole run: at"
                + " least the 4, more once a client's end freed its ports for the other").isGreaterThanOrEqualTo(4L);
        assertThat(r.clientSide().failed()).as("documents that failed: those whose connect found no NAT port (%s)",
                r.clientSide().errorCounts()).isPositive();
        assertThat(r.clientSide().acknowledged() + r.clientSide().failed()).as("every one of the 2 x 30 documents was tried")
                .isEqualTo(60);
        assertThat(r.clientSide().error().type() + ": " + r.clientSide().error().message())
                .as("what the pooled Java client (HttpClient 5) reported").startsWith(
                        "org.apache.hc.client5.http.ConnectTimeoutException: Connect to http://")
                .endsWith("failed: Connect timed out");
        assertThat(nat.connectsUnanswered()).as("connects that never reached Node (SYNs sent less connections Node"
                + " accepted): one per failed document")
                .isEqualTo(r.clientSide().failed());
        assertThat(nat.conntrackInsertFailed()).as("router's insert_failed: every SYN of every failed connect")
                .isEqualTo(nat.conntrackDrop()).isGreaterThanOrEqualTo(nat.connectsUnanswered());
        assertThat(r.verdict()).as("the verdict: the NAT's ports, not the client's").isInstanceOf(Verdict.NatPortsExhausted.class);
        String pooledRow = "| " + POOLED_ROW + " | " + nat.connectionsWhileFull() + " connections carried documents while"
                + " the NAT was full; the others: `" + r.clientSide().error().type() + ": "
                + r.clientSide().error().message().replace(targetHost(r), "<router>") + "` |";
        assertThat(DocsPage.read(DocsPage.NAT)).as("%s's table of what the NAT measured; update the row '%s' to:%n%s",
                DocsPage.NAT, POOLED_ROW, pooledRow).contains(pooledRow);
        NatFigures.POOLED.record(Map.of("connectionsWhileFull", nat.connectionsWhileFull(), "failed", (long) r.clientSide().failed(),
                "acknowledged", (long) r.clientSide().acknowledged(), "insertFailed", nat.conntrackInsertFailed(),
                "serverConnections", r.serverSide().serverConnections(), "connectsUnanswered", nat.connectsUnanswered()));
        System.out.println("NAT pooled error: " + r.clientSide().error() + " counts " + r.clientSide().errorCounts()
                + " verdict " + r.verdict().sentence());
    }

    @Test
    @DisplayName("short-lived connections through 4 NAT ports, ports in order: how many get through, the SYN-retransmit rate")
    void shortLivedConnectionsInOrder(Incident incident) {
        shortLived(incident, false);
    }

    @Test
    @DisplayName("short-lived connections through 4 NAT ports with --random-fully: how many get through, the SYN-retransmit rate")
    void shortLivedConnectionsRandomFully(Incident incident) {
        shortLived(incident, true);
    }

    private static void shortLived(Incident incident, boolean randomFully) {
        int docs = 40;
        Scenario scenario = Scenario.of(ClientKind.PER_REQUEST, CLIENT_RANGE, docs).withMaxSeconds(120)
                .withNat(FOUR_PORTS.withRandomFully(randomFully));

        ScenarioResult r = incident.runBehindNat(scenario, (router, clients, target) -> { }, (router, clients, target) -> { });

        ScenarioResult.NatSide nat = r.nat();
        if (r.clientSide().failed() > 0) {
            assertThat(r.verdict()).as("the verdict when short-lived connects found no NAT port").isInstanceOf(
                    Verdict.NatPortsExhausted.class);
        }
        System.out.println("NAT short-lived " + randomFully + ": " + r.clientSide().errorCounts() + " verdict " + r.verdict().sentence());
        assertThat(r.clientSide().acknowledged() + r.clientSide().failed()).as("documents tried").isEqualTo(docs);
        assertThat(r.sockets().clientConnectionsOpened()).as("one connection per document (ActiveOpens)").isEqualTo(docs);
        assertThat(nat.synRetransmits()).as("SYNs retransmitted: at most the SYNs the NAT dropped (insert_failed %d)",
                nat.conntrackInsertFailed()).isLessThanOrEqualTo(nat.conntrackDrop());
        (randomFully ? NatFigures.SHORT_RANDOM_FULLY : NatFigures.SHORT_IN_ORDER).record(Map.of("docs", (long) docs,
                "acknowledged", (long) r.clientSide().acknowledged(), "synRetransmits", nat.synRetransmits(),
                "insertFailed", nat.conntrackInsertFailed(), "durationMs", r.timing().durationMs()));
    }

    static final String HELD_ROW = "7 connections held open, one after another (Python sockets, 3 s connect timeout)";
    static final String POOLED_ROW = "2 pooled Java clients (HttpClient 5) x 3 threads, 30 documents each";

    private static int countConnected(JsonNode attempts) {
        int n = 0;
        for (JsonNode a : attempts) {
            n += a.path("ok").asBoolean() ? 1 : 0;
        }
        return n;
    }

    /** The host the clients sent to (the router's address on their network), as their error messages name it. */
    private static String targetHost(ScenarioResult r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("http://([0-9.]+):").matcher(r.clientSide().error().message());
        return m.find() ? m.group(1) : "<none>";
    }

    /** Runs {@link #HOLDER} in {@code client}'s namespace towards {@code target}'s host and port. */
    private static JsonNode hold(LoadGeneratorContainer client, String target, int connections) {
        java.net.URI uri = java.net.URI.create(target);
        var result = client.exec("python3", "-c", HOLDER, uri.getHost(), String.valueOf(uri.getPort()),
                String.valueOf(connections), "3");
        assertThat(result.getExitCode()).as("the holder's exit status (stderr: %s)", result.getStderr()).isZero();
        try {
            return JSON.readTree(result.getStdout());
        } catch (java.io.IOException e) {
            throw new AssertionError("the holder printed no JSON: " + result.getStdout(), e);
        }
    }
}
