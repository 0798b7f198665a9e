package dev.portex.cli;

import dev.portex.harness.ScenarioResult;
import java.util.List;
import java.util.Locale;

/** The readable output of run and compare. */
final class Summary {
    private Summary() {
    }

    static String of(ScenarioResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "portex run: %s client, %d documents, port range %d-%d (%d ports), %s, concurrency %d%s%s%n",
                r.client(), r.docs(), r.portRange().low(), r.portRange().high(), r.portRange().size(),
                r.rate() > 0 ? r.rate() + " docs/s" : "as fast as possible", r.concurrency(),
                r.tcpTwReuse() != 0 ? ", tcp_tw_reuse=" + r.tcpTwReuse() : "",
                "none".equals(r.mitigation()) ? "" : ", mitigation " + r.mitigation()));
        if (r.portsTakenInRange() > 0) {
            line(s, "note", r.portsTakenInRange() + " port(s) of the range were already bound in the namespace when it started "
                    + "(Docker's DNS listener on 127.0.0.11): " + (r.portRange().size() - r.portsTakenInRange()) + " usable");
        }
        line(s, "acknowledged", r.acknowledged() + " of " + r.docs());
        line(s, "failed", r.failed() + (r.firstFailureAt() == null ? "" : "  (first failure: document " + r.firstFailureOrdinal()
                + (r.firstFailureOrdinal().equals(r.firstFailureAt()) ? ""
                : "; " + r.concurrency() + " threads finish out of order, the lowest failing number is " + r.firstFailureAt())
                + ")"));
        if (r.error() != null) {
            line(s, "error", r.error().type() + ": " + r.error().message());
        }
        line(s, "indexed", r.indexed() + " in Elasticsearch (_count after refresh)");
        line(s, "server saw", r.serverReceived() + " requests"
                + (r.failed() > 0 && r.serverReceived() == r.acknowledged()
                ? "  (the " + r.failed() + " failing ones never left the client)" : ""));
        line(s, "client sockets", r.clientConnectionsOpened() + " connections opened, " + r.localPortsUsed()
                + " local ports used, " + r.clientTimeWait() + " in TIME_WAIT at the end"
                + (r.clientResetsSent() > 0 ? ", " + r.clientResetsSent() + " resets (RST) sent" : ""));
        line(s, "socket states", String.valueOf(r.clientSocketStates()));
        if (r.serverTimeWait() != null) {
            line(s, "node sockets", r.serverTimeWait() + " in TIME_WAIT in Node's namespace " + r.serverSocketStates());
        }
        line(s, "es connections", r.esConnectionsOpened() + " opened by Node towards Elasticsearch (es client: " + r.esClient() + ")"
                + (r.esProductChecks() > 0 ? ", " + r.esProductChecks() + " of them for the 7.x client's product check (GET /)" : ""));
        if (r.elasticsearchVersion() != null) {
            line(s, "versions", "Elasticsearch " + r.elasticsearchVersion()
                    + (r.esClientVersion() != null ? ", @elastic/elasticsearch " + r.esClientVersion() : ""));
        }
        if (r.recoveredAfterMs() != null) {
            line(s, "recovered", String.format(Locale.ROOT, "a new connection succeeded %.1f s after the first failure",
                    r.recoveredAfterMs() / 1000.0));
        }
        line(s, "nothing lost", r.nothingLost() ? "yes: every acknowledged document is indexed, and nothing else"
                : "NO: " + r.missingAcknowledged() + " acknowledged but missing, " + r.unacknowledgedIndexed() + " indexed unacknowledged");
        line(s, "duration", String.format(Locale.ROOT, "%.1f s, %.1f docs/s", r.durationMs() / 1000.0, r.docsPerSecond()));
        line(s, "verdict", verdict(r));
        return s.toString();
    }

    static String verdict(ScenarioResult r) {
        if (r.failed() == 0) {
            return "all " + r.docs() + " documents indexed";
        }
        boolean bind = r.error() != null && (r.error().message().contains("Cannot assign requested address")
                || r.error().message().contains("EADDRNOTAVAIL"));
        if (bind && r.error().type().startsWith("HTTP")) {
            return "NODE'S PORTS EXHAUSTED after " + (r.firstFailureOrdinal() - 1)
                    + " documents: Node opened a new connection to Elasticsearch per document";
        }
        if (bind) {
            int before = r.firstFailureOrdinal() - 1;
            return "PORTS EXHAUSTED after " + before + " documents (range: " + r.portRange().size()
                    + " ports x " + r.targets() + " destination(s)): each closed connection holds its port in TIME_WAIT for 60 s"
                    + (r.acknowledged() > before ? "; " + (r.acknowledged() - before)
                    + " more acknowledged later, on ports that came out of TIME_WAIT" : "");
        }
        return r.failed() + " documents failed: " + r.error();
    }

    static String table(String command, List<ScenarioResult> results) {
        StringBuilder s = new StringBuilder();
        ScenarioResult first = results.get(0);
        s.append(String.format(Locale.ROOT, "portex %s: %d documents per client, port range %d-%d (%d ports)%n%n",
                command, first.docs(), first.portRange().low(), first.portRange().high(), first.portRange().size()));
        String format = "%-15s %-12s %6s %6s %8s %8s %8s %9s  %s%n";
        s.append(String.format(Locale.ROOT, format, "client", "es client", "acked", "failed", "1st fail", "indexed",
                "server", "docs/s", "error"));
        for (ScenarioResult r : results) {
            s.append(String.format(Locale.ROOT, format, r.client(), r.esClient(), r.acknowledged(), r.failed(),
                    r.firstFailureAt() == null ? "-" : r.firstFailureOrdinal(), r.indexed(), r.serverReceived(),
                    String.format(Locale.ROOT, "%.1f", r.docsPerSecond()),
                    r.error() == null ? "-" : shorten(r.error().type() + ": " + r.error().message())));
        }
        s.append('\n');
        for (ScenarioResult r : results) {
            s.append(String.format(Locale.ROOT, "%-15s %s%n", r.client(), verdict(r)));
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
