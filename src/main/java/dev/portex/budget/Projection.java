package dev.portex.budget;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.portex.model.PortRange;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A measured run projected to production: the new connections the client opened per document, at a production rate
 * on a production range, through the {@link PortBudget}. A client that kept at most one connection per worker (a pool)
 * opens none per document in the long run: it holds its workers' connections and never runs out; one that opened
 * more opens {@code connections opened / documents sent} per document (1.0 for a connection per document), and the
 * budget says whether {@code rate x that} new connections per second fit into the range.
 *
 * <p>Make one with {@link #of}; it validates its inputs and throws {@link IllegalArgumentException} whose message names
 * the problem and the fix.
 *
 * @param rate                   production documents per second
 * @param connectionsPerDocument new connections per document, measured (0 for a client that kept one per worker)
 * @param connectionsHeld        connections the client keeps open and reuses: at most one per worker
 * @param budget                 the port budget at {@code rate x connectionsPerDocument} new connections per second over
 *                               an hour of documents (for a pool: its connections, all at once); its prediction says
 *                               whether and when the range runs out
 */
public record Projection(double rate, double connectionsPerDocument, long connectionsHeld, Prediction budget) {
    /** How much production a projection looks at: an hour of documents at its rate. */
    public static final int SECONDS = 3600;

    /**
     * The projection of a run that opened {@code connectionsOpened} connections for {@code documentsSent} documents with
     * {@code workers} threads (or processes), to {@code rate} documents per second on {@code range} towards
     * {@code destinations} destinations with {@code tcpTwReuse}.
     */
    public static Projection of(long connectionsOpened, long documentsSent, int workers, double rate, PortRange range,
            int destinations, int tcpTwReuse) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("a production rate must be a number of documents per second > 0, got "
                    + Format.decimal(rate) + ": e.g. 800");
        }
        if (range == null) {
            throw new IllegalArgumentException("a production port range is required: e.g. 32768-60999, Linux's default");
        }
        if (documentsSent < 1) {
            throw new IllegalArgumentException("a projection needs a run that sent documents, got " + documentsSent
                    + ": run at least one");
        }
        if (workers < 1 || connectionsOpened < 0) {
            throw new IllegalArgumentException("a run has at least 1 worker and no negative connection count, got "
                    + workers + " workers and " + connectionsOpened + " connections");
        }
        boolean pooled = connectionsOpened <= workers;
        double perDocument = pooled ? 0 : (double) connectionsOpened / documentsSent;
        long held = pooled ? connectionsOpened : 0;
        double newPerSecond = rate * perDocument;
        long connections = Math.max(1, (long) Math.ceil(newPerSecond * SECONDS));
        // a pool: its connections, all at once (the budget's full speed); otherwise the new connections of an hour
        Prediction prediction = PortBudget.builder().portRange(range).destinations(destinations).tcpTwReuse(tcpTwReuse)
                .rate(pooled ? 0 : newPerSecond).docs(pooled ? Math.max(1, held) : connections).predict();
        return new Projection(rate, perDocument, held, prediction);
    }

    /**
     * The projection of run {@code r} (its connections opened, documents sent, threads, destinations and
     * {@code tcp_tw_reuse}) to {@code rate} documents per second on {@code range}.
     */
    public static Projection of(dev.portex.model.ScenarioResult r, double rate, PortRange range) {
        return of(r.sockets().clientConnectionsOpened(), (long) r.clientSide().acknowledged() + r.clientSide().failed(),
                r.setup().concurrency(), rate, range, r.setup().targets(), r.setup().tcpTwReuse());
    }

    /** True when the range holds the production rate: no connect() fails for want of a port. */
    public boolean holds() {
        return !budget.exhausts();
    }

    /** New connections per second at the production rate. */
    public double newConnectionsPerSecond() {
        return rate * connectionsPerDocument;
    }

    /** When the range runs out, in seconds of production at the rate; empty when it holds. */
    public OptionalDouble runsOutAfterSeconds() {
        return holds() || connectionsPerDocument == 0 ? OptionalDouble.empty() : budget.firstFailureSeconds();
    }

    /** The first document of production whose connect() fails; empty when the range holds. */
    public OptionalLong firstFailingDocument() {
        if (holds() || connectionsPerDocument == 0) {
            return OptionalLong.empty();
        }
        // the connection that fails is number capacity + 1; document n opens connection n x connectionsPerDocument
        return OptionalLong.of((long) Math.floor(budget.capacity() / connectionsPerDocument) + 1);
    }

    /** The most documents per second the range holds at this client's connections per document; infinite for a pool. */
    public double sustainableDocumentsPerSecond() {
        return connectionsPerDocument == 0 ? Double.POSITIVE_INFINITY : budget.sustainableRate() / connectionsPerDocument;
    }

    /** One sentence: "at 800 docs/s on 32768-60999 (28,232 ports): RUNS OUT after 35.3 s, at document 28,233 ...". */
    public String sentence() {
        String where = "at " + Format.decimal(rate) + " docs/s on " + budget.portRange() + " (" + Format.count(budget.capacity())
                + " ports" + (budget.budget().destinations() > 1 ? " over " + budget.budget().destinations() + " destinations" : "") + ")";
        if (connectionsPerDocument == 0) {
            return where + ": " + (holds() ? "HOLDS" : "RUNS OUT") + ": the client keeps " + connectionsHeld
                    + " connection(s) open and reuses them, and opens none per document";
        }
        String perDocument = Format.quantity(connectionsPerDocument, RoundingMode.HALF_UP)
                + (connectionsPerDocument == 1 ? " new connection" : " new connections") + " per document, "
                + Format.quantity(newConnectionsPerSecond(), RoundingMode.HALF_UP) + "/s against the "
                + Format.quantity(budget.sustainableRate(), RoundingMode.DOWN) + "/s the range gives back";
        return holds()
                ? where + ": HOLDS: " + perDocument + " (up to " + Format.limit(sustainableDocumentsPerSecond()) + " docs/s)"
                : where + ": RUNS OUT after " + Format.seconds(runsOutAfterSeconds().getAsDouble()) + " s, at document "
                        + Format.count(firstFailingDocument().getAsLong()) + ": " + perDocument + " (it holds up to "
                        + Format.limit(sustainableDocumentsPerSecond()) + " docs/s)";
    }

    /** Ordered, JSON-ready view. */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rate", rate);
        json.put("portRange", budget.portRange().toString());
        json.put("destinations", budget.budget().destinations());
        json.put("capacity", budget.capacity());
        json.put("connectionsPerDocument", connectionsPerDocument);
        json.put("connectionsHeld", connectionsHeld);
        json.put("newConnectionsPerSecond", newConnectionsPerSecond());
        json.put("holds", holds());
        json.put("runsOutAfterSeconds", runsOutAfterSeconds().isPresent() ? runsOutAfterSeconds().getAsDouble() : null);
        json.put("firstFailingDocument", firstFailingDocument().isPresent() ? firstFailingDocument().getAsLong() : null);
        double sustainable = sustainableDocumentsPerSecond();
        json.put("sustainableDocumentsPerSecond", Double.isInfinite(sustainable) ? null : sustainable);
        json.put("sentence", sentence());
        return json;
    }
}
