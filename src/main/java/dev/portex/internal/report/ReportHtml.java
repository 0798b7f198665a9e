package dev.portex.internal.report;

import dev.portex.model.Scenario;
import static dev.portex.internal.report.Report.format;

import dev.portex.model.ClientKind;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import dev.portex.internal.loadgen.JavaClientCatalogue;
import java.util.Map;
import java.util.Set;

/**
 * The report page: one HTML file with inline CSS and the charts as {@code data:} URIs. No script and
 * no external URL; its Content-Security-Policy lets the browser load nothing but those images.
 * Every text that comes from a result is escaped.
 */
final class ReportHtml {

    /** Allows only the inline style sheet and data: images; anything else would be a bug in this class. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    private static final Map<ClientKind, String> CLIENTS = Map.of(
            ClientKind.PER_REQUEST, "a new HTTP client, so a new connection and a new local (ephemeral) port, for every "
                    + "document. Each connection the client closes keeps its port in TIME_WAIT for 60 s.",
            ClientKind.POOLED, "one pooled HTTP client with keep-alive: the same few connections carry every document, "
                    + "so the number of ports in use stays at the number of connections.",
            ClientKind.PYTHON_POST, "the incident's sender: <code>requests.post(...)</code> per document, a new connection "
                    + "and a new ephemeral port each time, left in TIME_WAIT for 60 s.",
            ClientKind.PYTHON_SESSION, "the incident's fix: one <code>requests.Session()</code> per worker process "
                    + "(keep-alive), so one port per worker.");

    private static final String CSS = """
            :root { color-scheme: light; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #f4f5f7; color: #1d2330;
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
            main { max-width: 1260px; margin: 0 auto; padding: 24px 28px 40px; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid #d5d9e0; padding-bottom: 4px; }
            .meta { color: #5b6475; margin: 0 0 18px; font-size: 13px; }
            .explain { background: #fff; border: 1px solid #d5d9e0; border-radius: 6px; padding: 12px 18px; }
            .explain p { margin: 8px 0; }
            .explain ul { margin: 6px 0; padding-left: 22px; }
            code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em;
                   background: #eef0f4; padding: 0 3px; border-radius: 3px; }
            .table-wrap { overflow-x: auto; }
            table { border-collapse: collapse; background: #fff; font-size: 13px; width: 100%; }
            caption { caption-side: bottom; text-align: left; color: #5b6475; font-size: 12.5px; padding-top: 6px; }
            th, td { border: 1px solid #d5d9e0; padding: 5px 6px; vertical-align: top; }
            th { background: #e9ecf1; text-align: left; font-weight: 600; font-size: 12.5px; line-height: 1.3;
                 vertical-align: bottom; }
            th.num { text-align: right; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.range { white-space: nowrap; font-variant-numeric: tabular-nums; }
            td.range span, td.first span.sub { display: block; color: #5b6475; font-size: 12px; }
            td.client { white-space: nowrap; font-weight: 600; }
            td.client span { display: inline-block; width: 10px; height: 10px; border-radius: 2px;
                             margin-right: 6px; vertical-align: baseline; }
            td.error { min-width: 220px; overflow-wrap: anywhere; font-size: 12.5px; }
            td.error code { background: none; padding: 0; font-weight: 600; }
            tr.has-failures td.failed { color: #b0281a; font-weight: 600; }
            .none { color: #8a93a3; }
            figure { margin: 14px 0 26px; background: #fff; border: 1px solid #d5d9e0; border-radius: 6px;
                     padding: 10px; }
            figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
            figcaption { color: #3b4354; font-size: 13.5px; padding: 8px 6px 2px; }
            footer { color: #5b6475; font-size: 12.5px; margin-top: 30px; }
            """;

    private ReportHtml() {
    }

    static String page(String title, Instant generatedAt, Map<String, Object> machine, List<ScenarioResult> results,
            byte[] mainPng) {
        StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(CONTENT_SECURITY_POLICY).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");

        h.append("<h1>").append(escape(title)).append("</h1>\n");
        h.append("<p class=\"meta\">Generated ").append(escape(generatedAt.toString()))
                .append(" on ").append(escape(machineLine(machine)))
                .append(". Every number is also in <code>report.json</code> beside this page.</p>\n");

        explanation(h, results);
        summary(h, results);

        h.append("<h2>All scenarios on one chart</h2>\n<figure id=\"comparison\">\n");
        image(h, mainPng, ReportCharts.MAIN_WIDTH, ReportCharts.MAIN_HEIGHT,
                "Acknowledged documents and TIME_WAIT sockets over time for every scenario, "
                        + "with the size of the port range as a horizontal line");
        h.append("<figcaption>The same picture as <code>portex-chart.png</code>: lines are acknowledged "
                + "documents, pale bands the sockets in TIME_WAIT, the dashed horizontal line the size of the first "
                + "scenario's port range.</figcaption>\n</figure>\n");

        h.append("<h2>Each scenario</h2>\n");
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            byte[] png = ReportCharts.png(ReportCharts.scenario(r, i),
                    ReportCharts.SCENARIO_WIDTH, ReportCharts.SCENARIO_HEIGHT);
            h.append("<figure id=\"scenario-").append(i + 1).append("\" class=\"scenario\">\n");
            image(h, png, ReportCharts.SCENARIO_WIDTH, ReportCharts.SCENARIO_HEIGHT,
                    "Scenario " + (i + 1) + ", " + r.setup().client() + ": acknowledged documents and TIME_WAIT sockets "
                            + "over time");
            h.append("<figcaption>").append(caption(r)).append("</figcaption>\n</figure>\n");
        }

        h.append("<footer>portex: client-side ephemeral port exhaustion (EADDRNOTAVAIL, errno 99, "
                + "&ldquo;Cannot assign requested address&rdquo;), reproduced with Testcontainers.</footer>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void explanation(StringBuilder h, List<ScenarioResult> results) {
        h.append("<section class=\"explain\">\n");
        h.append("<p>Each scenario sends documents over HTTP from a load generator to the Node.js ingest server, "
                + "which indexes them into Elasticsearch. The load generator runs in its own network namespace "
                + "with a narrowed ephemeral port range, so running out of local ports happens in seconds.</p>\n");
        Set<ClientKind> clients = new LinkedHashSet<>();
        results.forEach(r -> clients.add(r.setup().client()));
        StringBuilder items = new StringBuilder();
        for (ClientKind c : clients) {
            String text = CLIENTS.containsKey(c) ? CLIENTS.get(c)
                    : java.util.Optional.ofNullable(JavaClientCatalogue.description(c.cliName())).map(ReportHtml::escape).orElse(null);
            if (text != null) {
                items.append("<li><b>").append(escape(c.cliName())).append("</b>: ").append(text).append("</li>\n");
            }
        }
        if (!items.isEmpty()) {
            h.append("<ul>\n").append(items).append("</ul>\n");
        }
        h.append("<p>In the charts, the <b>line</b> counts acknowledged documents, the <b>pale band</b> "
                + "the load generator's sockets in <b>TIME_WAIT</b>, and the dashed <b>horizontal line</b> the "
                + "number of ports in its range. A client that opens a connection per document fills the range with "
                + "TIME_WAIT sockets; once they reach the line, <code>connect()</code> fails with EADDRNOTAVAIL "
                + "(errno 99, &ldquo;Cannot assign requested address&rdquo;), the request never leaves the client, "
                + "and the acknowledged curve goes flat (the vertical line marks the first failure). "
                + "A pooled client reuses its connections and never comes near the line.</p>\n");
        h.append("</section>\n");
    }

    private static void summary(StringBuilder h, List<ScenarioResult> results) {
        h.append("<h2>Summary</h2>\n<div class=\"table-wrap\">\n<table id=\"summary\">\n");
        h.append("<caption>ES client: how Node talks to Elasticsearch; acknowledged: answered 201 by Node; indexed: Elasticsearch's count of the run's "
                + "documents; server received: requests Node received; local ports used: distinct ephemeral "
                + "ports of the client's connections to Node; TIME_WAIT: the client's sockets in TIME_WAIT after "
                + "the run.</caption>\n");
        h.append("<thead><tr>");
        for (String col : List.of("client", "ES client", "port range", "#docs", "#acknowledged", "#failed",
                "first failure", "error", "#indexed", "#server received", "#local ports used", "#client TIME_WAIT",
                "#docs/s")) {
            boolean numeric = col.startsWith("#");
            h.append(numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">")
                    .append(escape(numeric ? col.substring(1) : col)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            java.awt.Color c = ReportCharts.colour(i);
            h.append("<tr id=\"row-").append(i + 1).append("\" data-client=\"").append(escape(r.setup().client().cliName()))
                    .append("\"").append(r.clientSide().failed() > 0 ? " class=\"has-failures\"" : "").append(">");
            h.append("<td class=\"client\"><span style=\"background:")
                    .append(format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()))
                    .append("\"></span>").append(escape(r.setup().client().cliName())).append("</td>");
            h.append("<td>").append(escape(r.setup().esClient().cliName())).append("</td>");
            h.append("<td class=\"range\">").append(r.setup().portRange() == null ? "<span class=\"none\">default</span>"
                    : format("%d&ndash;%d <span>(%s ports)</span>", r.setup().portRange().low(), r.setup().portRange().high(),
                            count(r.setup().portRange().size()))).append("</td>");
            num(h, count(r.setup().docs()));
            num(h, count(r.clientSide().acknowledged()));
            h.append("<td class=\"num failed\">").append(count(r.clientSide().failed())).append("</td>");
            h.append("<td class=\"num first\">").append(r.clientSide().firstFailureAt() == null ? "<span class=\"none\">none</span>"
                    : "document " + count(r.clientSide().firstFailureOrdinal())).append("</td>");
            h.append("<td class=\"error\">").append(r.clientSide().error() == null ? "<span class=\"none\">none</span>"
                    : "<code>" + escape(r.clientSide().error().type()) + "</code>: " + escape(r.clientSide().error().message())).append("</td>");
            num(h, count(r.serverSide().indexed()));
            num(h, count(r.serverSide().serverReceived()));
            num(h, count(r.sockets().localPortsUsed()));
            num(h, count(r.sockets().clientTimeWait()));
            num(h, format("%,.1f", r.timing().docsPerSecond()));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</div>\n");
    }

    static String caption(ScenarioResult r) {
        StringBuilder c = new StringBuilder();
        c.append("<b>").append(escape(r.setup().client().cliName())).append("</b> (Elasticsearch client ")
                .append(escape(r.setup().esClient().cliName())).append("): ")
                .append(count(r.clientSide().acknowledged())).append(" of ").append(count(r.setup().docs()))
                .append(" documents acknowledged, ").append(count(r.serverSide().indexed())).append(" indexed");
        if (r.clientSide().firstFailureAt() != null) {
            c.append("; first failure at document ").append(count(r.clientSide().firstFailureOrdinal()));
            if (!r.clientSide().firstFailureOrdinal().equals(r.clientSide().firstFailureAt())) {
                c.append(" (").append(r.setup().concurrency()).append(" threads finish out of order: the lowest failing document "
                        + "number is ").append(count(r.clientSide().firstFailureAt())).append(')');
            }
            ReportCharts.firstFailureSeconds(r).ifPresent(t -> c.append(format(" (first seen %.1f s into the run)", t)));
        }
        c.append("; ").append(count(r.sockets().localPortsUsed())).append(r.sockets().localPortsUsed() == 1 ? " local port" : " local ports")
                .append(" used, ").append(count(r.sockets().clientTimeWait())).append(" in TIME_WAIT after the run");
        if (r.setup().portRange() != null) {
            c.append(" (range: ").append(count(r.setup().portRange().size())).append(" ports)");
        }
        c.append('.');
        c.append(natFigures(r));
        c.append(portCount(r));
        if (r.setup().describeVersions() != null) {
            c.append(" <span class=\"versions\">Ran on ").append(escape(r.setup().describeVersions())).append(".</span>");
        }
        return c.toString();
    }

    /** A run behind a NAT: the router's figures and the verdict they make; empty for any other run. */
    static String natFigures(ScenarioResult r) {
        ScenarioResult.NatSide nat = r.nat();
        if (nat == null) {
            return "";
        }
        return format(" <span class=\"nat\">Behind a NAT of %s port(s) (%s%s, %s client(s) behind %s): %s connection(s)"
                        + " reached Node; the router's conntrack counted insert_failed %s and drop %s (%s entries at the end);"
                        + " the clients' connects unanswered: %s, SYNs retransmitted: %s. <b>%s</b></span>",
                count(nat.portCount()), escape(nat.ports()), nat.randomFully() ? ", --random-fully" : "", count(nat.behind()),
                escape(nat.routerAddress()), r.serverSide().serverConnections() == null ? "?" : count(r.serverSide().serverConnections()),
                count(nat.conntrackInsertFailed()), count(nat.conntrackDrop()), count(nat.conntrackEntries()),
                count(nat.connectsUnanswered()), count(nat.synRetransmits()), escape(r.verdict().sentence()));
    }

    /** The incident write-up's first failure: one document short of its 28,232-port budget. */
    static final int WRITE_UP_ACKNOWLEDGED = 28_231;

    /**
     * Why the first failure came where it did: the range's size, less the ports already bound in the
     * namespace when it started (Docker's embedded DNS listener), is the number of documents that got
     * a connection. Empty when the run did not exhaust its range.
     */
    static String portCount(ScenarioResult r) {
        if (!(r.verdict() instanceof Verdict.ClientPortsExhausted) || r.setup().targets() != 1) {
            return "";
        }
        int size = r.setup().portRange().size();
        int taken = r.setup().portsTakenInRange();
        int usable = size - taken;
        StringBuilder c = new StringBuilder(" <span class=\"port-count\">");
        c.append("Counting ports: the range has ").append(count(size));
        if (taken == 0) {
            c.append(" ports and nothing else held one, so");
        } else {
            c.append(" ports, but ").append(count(taken)).append(taken == 1 ? " was" : " were")
                    .append(" already bound in the load generator's namespace when it started (Docker's embedded DNS "
                            + "resolver listens on 127.0.0.11 at a random port of the default range 32768-60999, and "
                            + "<code>connect()</code> never picks a bound port), so ")
                    .append(count(usable)).append(" connections fit and");
        }
        c.append(" the port budget predicts the first failure at document ").append(count(usable + 1L));
        if (taken > 0) {
            c.append(", not ").append(count(size + 1L));
        }
        c.append('.');
        if (taken > 0 && usable == WRITE_UP_ACKNOWLEDGED) {
            c.append(" This is the incident write-up's 28,231 acknowledged documents, one short of the arithmetic's "
                    + "28,232: a sender whose namespace also holds one bound port of the range (a container on a "
                    + "user-defined Docker network holds exactly this one) sees the same off-by-one.");
        }
        int before = r.clientSide().firstFailureOrdinal() - 1;
        if (before > usable) {
            c.append(String.format(Locale.ROOT, " But %s documents got through before the first failure: the client did not "
                    + "open connections faster than ports came back out of TIME_WAIT (%s ports / 60 s = %.0f per second) "
                    + "for the whole time the range was filling, so the first ports were free again before the last were "
                    + "taken. Linux's <code>connect()</code> slows down as the range fills (it walks occupied ports to find "
                    + "a free one), which on a small machine can pull the rate below that line.",
                    count(before), count(usable), usable / 60.0));
        }
        if (r.clientSide().acknowledged() != before) {
            c.append(" (Acknowledged documents: ").append(count(r.clientSide().acknowledged()))
                    .append(": after the first failure, ports that left TIME_WAIT were used again.)");
        }
        return c.append("</span>").toString();
    }

    private static void image(StringBuilder h, byte[] png, int width, int height, String alt) {
        h.append("<img src=\"").append(Report.dataUri(png)).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" alt=\"").append(escape(alt)).append("\">\n");
    }

    private static void num(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(text).append("</td>");
    }

    private static String count(long n) {
        return format("%,d", n);
    }

    private static String machineLine(Map<String, Object> m) {
        Object memory = m.get("memoryMb");
        String mem = memory instanceof Number n && n.longValue() >= 0 ? format("%,d MB", n.longValue()) : "? MB";
        return format("%s cores, %s memory, %s kernel %s (%s), Java %s", m.get("cores"), mem, m.get("os"),
                m.get("kernel"), m.get("arch"), m.get("java"));
    }

    /**
     * Text for HTML content and attribute values: {@code & < > " '} become entities, and the colon of
     * {@code ://} too, so that a URL quoted in an error message reads the same but is no URL in the file.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case ':' -> out.append(text.startsWith("//", i + 1) ? "&#58;" : ":");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
