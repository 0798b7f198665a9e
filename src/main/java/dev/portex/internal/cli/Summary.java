package dev.portex.internal.cli;

import dev.portex.model.Mitigation;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Fault;
import dev.portex.model.Verdict;
import java.util.List;
import java.util.Locale;

/** The readable output of run and compare. */
final class Summary {
    private Summary() {
    }

    static String of(ScenarioResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "portex run: %s client%s, %d documents, port range %d-%d (%d ports), %s, concurrency %d%s%s%s%s%n",
                r.setup().client(), r.setup().program() == null ? "" : " (" + r.setup().program() + ")", r.setup().docs(), r.setup().portRange().low(), r.setup().portRange().high(), r.setup().portRange().size(),
                r.setup().rate() > 0 ? r.setup().rate() + " docs/s"
                        : r.setup().idleGapMs() != null ? r.setup().idleGapMs() + " ms idle before each document after the first"
                        : "as fast as possible", r.setup().concurrency(),
                r.setup().tcpTwReuse() != 0 ? ", tcp_tw_reuse=" + r.setup().tcpTwReuse() : "",
                r.setup().mitigation() == Mitigation.NONE ? "" : ", mitigation " + r.setup().mitigation(),
                r.setup().reuse() == null ? "" : ", reuse " + r.setup().reuse(),
                r.setup().serverKeepAliveMs() == null ? "" : ", Node's keep-alive timeout " + r.setup().serverKeepAliveMs() + " ms"));
        if (r.setup().portsTakenInRange() > 0) {
            line(s, "note", r.setup().portsTakenInRange() + " port(s) of the range were already bound in the namespace when it started "
                    + "(Docker's DNS listener on 127.0.0.11): " + (r.setup().portRange().size() - r.setup().portsTakenInRange()) + " usable");
        }
        line(s, "acknowledged", r.clientSide().acknowledged() + " of " + r.setup().docs());
        line(s, "failed", r.clientSide().failed() + (r.clientSide().firstFailureAt() == null ? "" : "  (first failure: document " + r.clientSide().firstFailureOrdinal()
                + (r.clientSide().firstFailureOrdinal().equals(r.clientSide().firstFailureAt()) ? ""
                : "; " + r.setup().concurrency() + " threads finish out of order, the lowest failing number is " + r.clientSide().firstFailureAt())
                + ")"));
        if (r.clientSide().error() != null) {
            line(s, "error", r.clientSide().error().type() + ": " + r.clientSide().error().message());
        }
        if (r.clientSide().errorCounts() != null && r.clientSide().errorCounts().size() > 1) {
            r.clientSide().errorCounts().forEach((kind, n) -> line(s, "  " + n + " x", kind));
        }
        if (r.clientSide().retries() != null) {
            line(s, "retried", r.clientSide().retries() + " sends repeated after an I/O failure"
                    + (r.serverSide() == null || r.serverSide().serverOverwritten() == null ? ""
                    : "; " + r.serverSide().serverOverwritten() + " overwrote a document already indexed under its id"));
        }
        Verdict verdict = r.verdict();
        ScenarioResult.TargetSide target = r.target();
        if (target != null) {
            line(s, "target", target.service() + ": " + target.url() + " (acknowledged: " + target.acknowledgedBy() + ")");
            line(s, "not measured", "what your service received and stored (portex counts those on its own stack only)");
        } else {
            serverLines(s, r, verdict);
        }
        if (r.setup().tls() != null) {
            line(s, "tls", r.setup().tls().url() + " (server certificate signed by " + r.setup().tls().ca() + ", made for this stack)");
        }
        line(s, "client sockets", r.sockets().clientConnectionsOpened() + " connections opened, " + r.sockets().localPortsUsed()
                + " local ports used, " + r.sockets().clientTimeWait() + " in TIME_WAIT at the end"
                + (r.sockets().clientResetsSent() > 0 ? ", " + r.sockets().clientResetsSent() + " resets (RST) sent" : "")
                + (r.sockets().clientConnectionsReset() != null && r.sockets().clientConnectionsReset() > 0
                ? ", " + r.sockets().clientConnectionsReset() + " ended in a reset" : ""));
        line(s, "socket states", String.valueOf(r.sockets().clientSocketStates()));
        ScenarioResult.NatSide nat = r.nat();
        if (nat != null) {
            line(s, "nat", nat.ports() + " (" + nat.portCount() + " port(s)" + (nat.randomFully() ? ", --random-fully" : "")
                    + (nat.idleTimeoutSeconds() == null ? "" : ", idle timeout " + nat.idleTimeoutSeconds() + " s") + "), "
                    + nat.behind() + " client(s) behind " + nat.routerAddress() + "; "
                    + (r.serverSide().serverConnections() == null ? "?" : r.serverSide().serverConnections())
                    + " connection(s) reached Node"
                    + (nat.connectionsWhileFull() == null ? "" : ", " + nat.connectionsWhileFull() + " of them within the first "
                    + ScenarioResult.NatSide.WHILE_FULL_MS / 1000 + " s"));
            line(s, "nat counters", "router's conntrack: insert_failed " + nat.conntrackInsertFailed() + ", drop "
                    + nat.conntrackDrop() + ", " + nat.conntrackEntries() + " entries at the end; clients: "
                    + nat.connectsUnanswered() + " connect(s) unanswered, " + nat.synRetransmits() + " SYN(s) retransmitted");
        }
        if (r.sockets().serverTimeWait() != null) {
            line(s, "node sockets", r.sockets().serverTimeWait() + " in TIME_WAIT in Node's namespace " + r.sockets().serverSocketStates());
        }
        if (target == null) {
            esLines(s, r);
        }
        if (r.setup().describeVersions() != null) {
            line(s, "versions", r.setup().describeVersions());
        }
        if (r.sockets().recoveredAfterMs() != null) {
            line(s, "recovered", String.format(Locale.ROOT, "a new connection succeeded %.1f s after the first failure",
                    r.sockets().recoveredAfterMs() / 1000.0));
        }
        if (r.setup().fault() != null) {
            line(s, "fault", r.timing().faultInjectedAtMs() == null
                    ? r.setup().fault() + " never struck: the load ended before its time"
                    : String.format(Locale.ROOT, "%s killed at %.1f s of the load; the load ended %.1f s later; translog durability %s",
                            r.setup().fault().kind().victim(), r.timing().faultInjectedAtMs() / 1000.0,
                            r.timing().endedAfterFaultMs() / 1000.0, r.setup().durability()));
        }
        if (target == null) {
            line(s, "nothing lost", r.nothingLost() ? "yes: every acknowledged document is indexed, and nothing else"
                    : "NO: " + r.integrity().missingAcknowledged() + " acknowledged but missing, " + r.integrity().unacknowledgedIndexed() + " indexed unacknowledged");
        }
        line(s, "duration", String.format(Locale.ROOT, "%.1f s, %.1f docs/s", r.timing().durationMs() / 1000.0, r.timing().docsPerSecond()));
        line(s, "verdict", verdict.sentence());
        return s.toString();
    }

    /** What portex's own stack counted: the documents in Elasticsearch, the requests Node saw, its connections. */
    private static void serverLines(StringBuilder s, ScenarioResult r, Verdict verdict) {
        line(s, "indexed", r.serverSide().indexed() + " in Elasticsearch (_count after refresh)");
        line(s, "server saw", r.serverSide().serverReceived() + " requests"
                + (verdict instanceof Verdict.FaultInjected f && f.fault().kind() == Fault.Kind.NODE_KILL
                ? "  (until it was killed)"
                : r.clientSide().failed() > 0 && r.serverSide().serverReceived() == r.clientSide().acknowledged()
                ? verdict instanceof Verdict.KeepAliveRace
                        ? "  (the " + r.clientSide().failed() + " failing ones went out on connections Node had already closed)"
                        : "  (the " + r.clientSide().failed() + " failing ones never left the client)" : ""));
        if (r.serverSide().serverKeepAliveTimeouts() != null && r.serverSide().serverKeepAliveTimeouts() > 0) {
            line(s, "node conns", r.serverSide().serverConnections() + " carried documents; Node closed "
                    + r.serverSide().serverKeepAliveTimeouts() + " of them after its keep-alive timeout");
        }
    }

    /** The connections Node opened towards Elasticsearch. */
    private static void esLines(StringBuilder s, ScenarioResult r) {
        line(s, "es connections", r.serverSide().esConnectionsOpened() + " opened by Node towards Elasticsearch (es client: " + r.setup().esClient() + ")"
                + (r.serverSide().esProductChecks() > 0 ? ", " + r.serverSide().esProductChecks() + " of them for the 7.x client's product check (GET /)" : ""));
    }

    /** The projection line under a run's summary ({@code --project-rate}). */
    static String projection(dev.portex.budget.Projection p) {
        StringBuilder s = new StringBuilder();
        line(s, "projection", p.sentence());
        return s.toString();
    }

    static String table(String command, List<ScenarioResult> results) {
        StringBuilder s = new StringBuilder();
        ScenarioResult first = results.get(0);
        s.append(String.format(Locale.ROOT, "portex %s: %d documents per client, port range %d-%d (%d ports)%n%n",
                command, first.setup().docs(), first.setup().portRange().low(), first.setup().portRange().high(), first.setup().portRange().size()));
        // the client column as wide as the longest name in the table (node18-axios-keepalive, aiohttp-session-per-request)
        int width = Math.max(15, results.stream().mapToInt(r -> r.setup().client().cliName().length()).max().orElse(0));
        String format = "%-" + width + "s %-12s %6s %6s %8s %8s %8s %9s  %s%n";
        s.append(String.format(Locale.ROOT, format, "client", "es client", "acked", "failed", "1st fail", "indexed",
                "server", "docs/s", "error"));
        for (ScenarioResult r : results) {
            s.append(String.format(Locale.ROOT, format, r.setup().client(), r.setup().esClient(), r.clientSide().acknowledged(), r.clientSide().failed(),
                    r.clientSide().firstFailureAt() == null ? "-" : r.clientSide().firstFailureOrdinal(),
                    r.serverSide() == null ? "-" : r.serverSide().indexed(), r.serverSide() == null ? "-" : r.serverSide().serverReceived(),
                    String.format(Locale.ROOT, "%.1f", r.timing().docsPerSecond()),
                    r.clientSide().error() == null ? "-" : shorten(r.clientSide().error().type() + ": " + r.clientSide().error().message())));
        }
        s.append('\n');
        for (ScenarioResult r : results) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s %s%n", r.setup().client(), r.verdict().sentence()));
        }
        return s.toString();
    }

    private static String shorten(String text) {
        return text.length() > 90 ? text.substring(0, 87) + "..." : text;
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format(Locale.ROOT, "  %-15s %s%n", label, value));
    }
}
