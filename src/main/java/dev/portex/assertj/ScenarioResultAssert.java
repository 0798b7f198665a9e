package dev.portex.assertj;

import dev.portex.budget.Projection;
import dev.portex.model.PortRange;
import dev.portex.model.PortsRanOut;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link ScenarioResult} that read as the story they check. Each failure message says what was
 * expected, what happened (with portex's verdict), and the numbers behind it. Get one with
 * {@link PortexAssertions#assertThat(ScenarioResult)}. The examples below use two senders on 100 ports (41000-41099):
 * {@code PerRequestSender}, a new HttpClient per document, and {@code PooledSender}, one client for all of them.
 */
public final class ScenarioResultAssert extends AbstractAssert<ScenarioResultAssert, ScenarioResult> {

    ScenarioResultAssert(ScenarioResult actual) {
        super(actual, ScenarioResultAssert.class);
    }

    /**
     * Every document sent was acknowledged (HTTP 201) and is in Elasticsearch.
     *
     * <pre>{@code
     * // passes: 300 documents over one connection
     * assertThat(portex.sender(PooledSender.class).documents(300).run()).indexedEveryDocument();
     * // fails: "Expected every one of the 300 documents to be acknowledged and indexed, but 100 were acknowledged, 200 failed ..."
     * assertThat(portex.sender(PerRequestSender.class).documents(300).run()).indexedEveryDocument();
     * }</pre>
     */
    public ScenarioResultAssert indexedEveryDocument() {
        isNotNull();
        refuseOwnService("indexedEveryDocument()", "acknowledgedEveryDocument()");
        ScenarioResult.ClientSide c = actual.clientSide();
        int docs = actual.setup().docs();
        if (c.failed() != 0 || c.acknowledged() != docs || actual.serverSide().indexed() != docs) {
            failWithMessage("Expected every one of the %d documents to be acknowledged and indexed, but %d were acknowledged, "
                    + "%d failed (first failure: document %s, %s) and Elasticsearch holds %d.%n%s",
                    docs, c.acknowledged(), c.failed(), c.firstFailureOrdinal(), c.error(), actual.serverSide().indexed(), story());
        }
        return this;
    }

    /**
     * Every document sent was acknowledged: by portex's ingest server (HTTP 201), or by your own service (any 2xx; a
     * command: exit 0). For a run against your own service this is the whole check; on portex's stack
     * {@link #indexedEveryDocument()} also counts Elasticsearch.
     *
     * <pre>{@code
     * // passes: 300 documents over one connection to your service
     * assertThat(portex.sender(PooledSender.class).against(orders, 8080).documents(300).run()).acknowledgedEveryDocument();
     * // fails: "Expected every one of the 300 documents to be acknowledged, but 100 were acknowledged, 200 failed ..."
     * assertThat(portex.sender(PerRequestSender.class).against(orders, 8080).documents(300).run()).acknowledgedEveryDocument();
     * }</pre>
     */
    public ScenarioResultAssert acknowledgedEveryDocument() {
        isNotNull();
        ScenarioResult.ClientSide c = actual.clientSide();
        int docs = actual.setup().docs();
        if (c.failed() != 0 || c.acknowledged() != docs) {
            failWithMessage("Expected every one of the %d documents to be acknowledged, but %d were acknowledged, %d failed "
                    + "(first failure: document %s, %s).%n%s", docs, c.acknowledged(), c.failed(), c.firstFailureOrdinal(),
                    c.error(), story());
        }
        return this;
    }

    /** Fails for a run against your own service, whose storage portex does not count: {@code instead} says what does. */
    private void refuseOwnService(String assertion, String instead) {
        if (actual.againstOwnService()) {
            failWithMessage("%s counts documents in portex's Elasticsearch, but run %s sent to your own service (%s), whose "
                    + "storage portex does not look into: assert %s and the client-side numbers (local ports, connections)"
                    + " instead.%n%s", assertion, actual.runId(), actual.target().service(), instead, story());
        }
    }

    /**
     * Every acknowledged document is in Elasticsearch, and nothing that was not acknowledged is.
     *
     * <pre>{@code
     * // passes, also for a run that ran out of ports: the 100 acknowledged documents are indexed, the 200 others are not
     * assertThat(portex.sender(PerRequestSender.class).documents(300).run()).nothingLost();
     * // fails only where the stack lost an acknowledged document or indexed one it never acknowledged:
     * // "Expected nothing lost, but 3 acknowledged documents are missing from Elasticsearch ..."
     * }</pre>
     */
    public ScenarioResultAssert nothingLost() {
        isNotNull();
        refuseOwnService("nothingLost()", "acknowledgedEveryDocument()");
        if (!actual.nothingLost()) {
            failWithMessage("Expected nothing lost, but %d acknowledged documents are missing from Elasticsearch and %d "
                    + "documents it holds were never acknowledged to the sender (acknowledged %d, indexed %d).%n%s",
                    actual.integrity().missingAcknowledged(), actual.integrity().unacknowledgedIndexed(),
                    actual.clientSide().acknowledged(), actual.serverSide().indexed(), story());
        }
        return this;
    }

    /**
     * The sender used at most {@code ports} distinct local ports towards the server: it reused its connections.
     *
     * <pre>{@code
     * // passes: one connection carried all 300 documents
     * assertThat(portex.sender(PooledSender.class).documents(300).run()).usedAtMostLocalPorts(1);
     * // fails: "Expected the sender to use at most 1 local port(s), ... but it used 100 for 300 documents ..."
     * assertThat(portex.sender(PerRequestSender.class).documents(300).run()).usedAtMostLocalPorts(1);
     * }</pre>
     */
    public ScenarioResultAssert usedAtMostLocalPorts(int ports) {
        isNotNull();
        if (actual.sockets().localPortsUsed() > ports) {
            failWithMessage("Expected the sender to use at most %d local port(s), as a client that reuses its connections "
                    + "does, but it used %d for %d documents: about one new connection per %s documents.%n%s",
                    ports, actual.sockets().localPortsUsed(), actual.clientSide().acknowledged() + actual.clientSide().failed(),
                    String.format(java.util.Locale.ROOT, "%.1f", (actual.clientSide().acknowledged() + actual.clientSide().failed())
                            / (double) Math.max(1, actual.sockets().localPortsUsed())), story());
        }
        return this;
    }

    /**
     * The sender ran out of ephemeral ports, and document {@code n} was the first without one: with one thread and
     * a range of N ports, {@code n} is N + 1.
     *
     * <pre>{@code
     * // passes: 100 ports, one per document, so document 101 finds none
     * assertThat(portex.sender(PerRequestSender.class).onPorts(41000, 41099).documents(150).run()).exhaustedAtDocument(101);
     * // fails: "Expected the sender to run out of ephemeral ports at document 101, but it did not: all 150 documents indexed ..."
     * assertThat(portex.sender(PooledSender.class).onPorts(41000, 41099).documents(150).run()).exhaustedAtDocument(101);
     * }</pre>
     */
    public ScenarioResultAssert exhaustedAtDocument(int n) {
        isNotNull();
        if (!(actual.verdict() instanceof Verdict.ClientPortsExhausted exhausted)) {
            failWithMessage("Expected the sender to run out of ephemeral ports at document %d, but it did not: %s%n%s",
                    n, actual.verdict().sentence(), story());
            return this;
        }
        if (exhausted.acknowledgedBeforeFailure() + 1 != n) {
            failWithMessage("Expected document %d to be the first without a port, but it was document %d.%n%s",
                    n, exhausted.acknowledgedBeforeFailure() + 1, story());
        }
        return this;
    }

    /**
     * The first failure's exception class, as the sender's client threw it, and a part of its message.
     *
     * <pre>{@code
     * // passes: errno 99, as Apache HttpClient 5 throws it
     * assertThat(portex.sender(PerRequestSender.class).documents(150).run())
     *         .firstFailedWith("java.net.BindException", "Cannot assign requested address");
     * // fails: "Expected the first failure to be java.net.BindException with a message containing ..., but it was no failure at all."
     * assertThat(portex.sender(PooledSender.class).documents(150).run())
     *         .firstFailedWith("java.net.BindException", "Cannot assign requested address");
     * }</pre>
     */
    public ScenarioResultAssert firstFailedWith(String type, String messagePart) {
        isNotNull();
        var error = actual.clientSide().error();
        if (error == null || !error.type().equals(type) || !String.valueOf(error.message()).contains(messagePart)) {
            failWithMessage("Expected the first failure to be %s with a message containing \"%s\", but it was %s.%n%s",
                    type, messagePart, error == null ? "no failure at all" : error, story());
        }
        return this;
    }

    /**
     * portex's verdict is of this kind (e.g. {@code Verdict.AllIndexed.class}).
     *
     * <pre>{@code
     * // passes
     * assertThat(portex.sender(PerRequestSender.class).documents(150).run()).hasVerdict(Verdict.ClientPortsExhausted.class);
     * // fails: "Expected the verdict to be AllIndexed, but it was: PORTS EXHAUSTED after 100 documents ..."
     * assertThat(portex.sender(PerRequestSender.class).documents(150).run()).hasVerdict(Verdict.AllIndexed.class);
     * }</pre>
     */
    public ScenarioResultAssert hasVerdict(Class<? extends Verdict> kind) {
        isNotNull();
        if (!kind.isInstance(actual.verdict())) {
            failWithMessage("Expected the verdict to be %s, but it was: %s%n%s", kind.getSimpleName(), actual.verdict().sentence(), story());
        }
        return this;
    }

    /**
     * The sender opened at most {@code n} connections (the client namespace's SYNs: the kernel's ActiveOpens): a
     * connection budget, e.g. one per worker.
     *
     * <pre>{@code
     * // passes: 4 threads share one pooled client, 4 connections
     * assertThat(portex.sender(PooledSender.class).concurrency(4).documents(400).run()).opensAtMostConnections(4);
     * // fails: "Expected the sender to open at most 4 connection(s), but it opened 100 for 150 documents ..."
     * assertThat(portex.sender(PerRequestSender.class).documents(150).run()).opensAtMostConnections(4);
     * }</pre>
     */
    public ScenarioResultAssert opensAtMostConnections(long n) {
        isNotNull();
        long opened = actual.sockets().clientConnectionsOpened();
        if (opened > n) {
            failWithMessage("Expected the sender to open at most %d connection(s), but it opened %d for %d documents.%n%s",
                    n, opened, documentsSent(), story());
        }
        return this;
    }

    /**
     * The sender opened at most {@code x} new connections per document sent, e.g. 0.01 for "one per hundred documents".
     *
     * <pre>{@code
     * // passes: 1 connection for 300 documents
     * assertThat(portex.sender(PooledSender.class).documents(300).run()).connectionsPerDocumentAtMost(0.01);
     * // fails: "Expected at most 0.01 new connections per document, but the sender opened 100 for 150 documents (0.67 per document) ..."
     * assertThat(portex.sender(PerRequestSender.class).documents(150).run()).connectionsPerDocumentAtMost(0.01);
     * }</pre>
     */
    public ScenarioResultAssert connectionsPerDocumentAtMost(double x) {
        isNotNull();
        long opened = actual.sockets().clientConnectionsOpened();
        double perDocument = (double) opened / Math.max(1, documentsSent());
        if (perDocument > x) {
            failWithMessage("Expected at most %s new connections per document, but the sender opened %d for %d documents "
                    + "(%s per document).%n%s", x, opened, documentsSent(),
                    String.format(java.util.Locale.ROOT, "%.2f", perDocument), story());
        }
        return this;
    }

    /**
     * The sender's range never ran out: no document failed for want of a port, and no document had to wait for one
     * (every port in TIME_WAIT with documents acknowledged after: retries that hid it, see {@link PortsRanOut}).
     *
     * <pre>{@code
     * // passes
     * assertThat(portex.sender(PooledSender.class).documents(300).run()).neverRanOutOfPorts();
     * // fails, although every document got through: "Expected the sender never to run out of ports, but PORTS RAN OUT,
     * // RETRIES HID IT: all 90 documents acknowledged, but every one of the 56 ports was in TIME_WAIT at 1.4 s; ..."
     * assertThat(portex.sender(RetryingPerRequestSender.class).onPorts(41000, 41055).documents(90).run()).neverRanOutOfPorts();
     * }</pre>
     */
    public ScenarioResultAssert neverRanOutOfPorts() {
        isNotNull();
        Verdict verdict = actual.verdict();
        if (actual.portsRanOut() != null || verdict instanceof Verdict.ClientPortsExhausted) {
            failWithMessage("Expected the sender never to run out of ports, but %s%n%s", verdict.sentence(), story());
        }
        return this;
    }

    /**
     * At {@code rate} documents per second on the range {@code low}-{@code high} (production's, say 800 on 32768-60999),
     * the sender's measured connections per document would never run the range out ({@link Projection}).
     *
     * <pre>{@code
     * // passes: a pool opens no connection per document
     * assertThat(portex.sender(PooledSender.class).documents(300).run()).survives(800, 32768, 60999);
     * // fails: "Expected the sender to survive 800 docs/s on 32768-60999, but at 800 docs/s on 32768-60999 (28,232 ports):
     * // RUNS OUT after 35.3 s, at document 28,233: 1 new connection per document, ..."
     * assertThat(portex.sender(PerRequestSender.class).documents(150).run()).survives(800, 32768, 60999);
     * }</pre>
     */
    public ScenarioResultAssert survives(double rate, int low, int high) {
        return survives(rate, new PortRange(low, high));
    }

    /** {@link #survives(double, int, int)} for a {@link PortRange}. */
    public ScenarioResultAssert survives(double rate, PortRange range) {
        isNotNull();
        Projection projection = Projection.of(actual, rate, range);
        if (!projection.holds()) {
            failWithMessage("Expected the sender to survive %s docs/s on %s, but %s.%n%s", rate, range, projection.sentence(), story());
        }
        return this;
    }

    private long documentsSent() {
        return (long) actual.clientSide().acknowledged() + actual.clientSide().failed();
    }

    private String story() {
        ScenarioResult r = actual;
        return String.format(java.util.Locale.ROOT, "(run %s: %s%s, %d documents on ports %s (%d); verdict: %s; "
                        + "local ports used %d, connections opened %d, socket states %s)",
                r.runId(), r.setup().client(), r.setup().program() == null ? "" : " " + r.setup().program(), r.setup().docs(),
                r.setup().portRange(), r.setup().portRange().size(), r.verdict().sentence(), r.sockets().localPortsUsed(),
                r.sockets().clientConnectionsOpened(), r.sockets().clientSocketStates());
    }
}
