package dev.portex.model;

/**
 * What a scenario's run came to, worked out once, from its numbers, never from the text of an error:
 * the CLI, the report and the tests all render this one verdict.
 *
 * <ul>
 *   <li>{@link FaultInjected}: a container was killed during the load ({@code --fault}): whatever failed, the verdict
 *       names the fault, never a port shortage, and counts the acknowledged documents that were lost.</li>
 *   <li>{@link RetriesHidExhaustion}: every document was acknowledged, but the client's range ran out on the way
 *       ({@link PortsRanOut}): the client retried until ports came back, and the exhaustion shows only as a stall.</li>
 *   <li>{@link AllIndexed}: every document was acknowledged.</li>
 *   <li>{@link AllAcknowledged}: every document was acknowledged by your own service ({@link Target}), whose storage
 *       portex does not look into.</li>
 *   <li>{@link KeepAliveRace}: documents failed without their requests reaching Node, yet the client's kernel had an
 *       established connection for each that ended in a reset (EstabResets at least as many as those documents),
 *       while Node closed connections that had sat idle for its keep-alive timeout: the client reused connections
 *       the server had already closed.</li>
 *   <li>{@link ClientPortsExhausted}: documents failed without a request reaching Node and without the client's
 *       kernel sending a SYN for them (ActiveOpens did not grow past the requests Node received) or having a
 *       connection for them that was reset: {@code connect()} failed locally, which on a narrowed range is
 *       EADDRNOTAVAIL.</li>
 *   <li>{@link NatPortsExhausted}: a run behind a NAT ({@code --nat-ports}) in which documents failed without reaching
 *       Node, connects of the clients got no answer (SYNs sent, ActiveOpens, beyond the connections Node accepted), and the router's
 *       conntrack could not enter connections into its table ({@code insert_failed}): every NAT port was mapped to a
 *       connection to Node, and the NAT dropped the SYNs of the next ones. Not the client's own ports: no errno 99,
 *       connects that time out.</li>
 *   <li>{@link NatIdleTimeout}: a run behind a NAT with an idle timeout in which documents failed without reaching
 *       Node, and the router itself reset at least as many connections (its namespace's OutRsts): the clients sent
 *       them over connections whose mapping had expired while they sat idle.</li>
 *   <li>{@link ServerPortsExhausted}: Node answered 503 after opening, towards Elasticsearch, at least as many
 *       connections as its own narrowed range has ports.</li>
 *   <li>{@link Incomplete}: nothing failed, but the run stopped (its time limit) before every document was sent.</li>
 *   <li>{@link FailedOtherwise}: anything else; the first error says what.</li>
 * </ul>
 */
public sealed interface Verdict {

    /** One sentence for people, e.g. "PORTS EXHAUSTED after 137 documents (...)". */
    String sentence();

    /**
     * Every document acknowledged by your own service (any 2xx; a command: exit 0): what it stored is its own, not
     * counted by portex.
     */
    record AllAcknowledged(int docs, String service) implements Verdict {
        @Override
        public String sentence() {
            return "all " + docs + " documents acknowledged by " + service;
        }
    }

    /** Every document acknowledged. */
    record AllIndexed(int docs) implements Verdict {
        @Override
        public String sentence() {
            return "all " + docs + " documents indexed";
        }
    }

    /**
     * The client's ephemeral ports ran out.
     *
     * @param acknowledgedBeforeFailure documents that got a port before the first failure
     * @param rangeSize ports in the client's range
     * @param destinations Node ports the documents went to (the limit holds per destination)
     * @param acknowledgedLater documents acknowledged after the first failure, on ports back from TIME_WAIT
     */
    record ClientPortsExhausted(int acknowledgedBeforeFailure, int rangeSize, int destinations, int acknowledgedLater)
            implements Verdict {
        @Override
        public String sentence() {
            return "PORTS EXHAUSTED after " + acknowledgedBeforeFailure + " documents (range: " + rangeSize
                    + " ports x " + destinations + " destination(s)): each closed connection holds its port in TIME_WAIT for 60 s"
                    + (acknowledgedLater > 0 ? "; " + acknowledgedLater
                    + " more acknowledged later, on ports that came out of TIME_WAIT" : "");
        }
    }

    /**
     * The keep-alive race: the client sent documents over pooled connections that Node had closed after its
     * keep-alive timeout.
     *
     * @param failed documents that failed
     * @param connectionsReset the client's established connections that ended in a reset
     * @param serverKeepAliveTimeouts connections Node closed after they sat idle for its keep-alive timeout
     */
    record KeepAliveRace(int failed, long connectionsReset, long serverKeepAliveTimeouts, Failure firstError)
            implements Verdict {
        @Override
        public String sentence() {
            return "KEEP-ALIVE RACE: " + failed + " documents failed on reused connections that Node had closed after its"
                    + " keep-alive timeout (Node never saw them; " + connectionsReset + " connections reset, "
                    + serverKeepAliveTimeouts + " closed idle by Node): " + firstError;
        }
    }

    /**
     * The NAT's ports ran out: with each of its ports mapped to a connection to Node, the NAT dropped the SYN of every
     * further connection, which timed out in the client (no errno 99: the client's own ports were free).
     *
     * @param ports the NAT's range, {@code LOW-HIGH}
     * @param portCount its ports
     * @param behind load generators behind it
     * @param connections connections that carried documents to Node during the run
     * @param connectsUnanswered the clients' connects that never reached Node (SYNs sent less connections Node accepted)
     * @param insertFailed conntrack's {@code insert_failed} in the router: connections it found no NAT port for
     * @param dropped conntrack's {@code drop}: the SYNs it dropped for them, retransmissions included
     * @param failed documents that failed
     */
    record NatPortsExhausted(String ports, int portCount, int behind, long connections, long connectsUnanswered,
            long insertFailed, long dropped, int failed, Failure firstError) implements Verdict {
        @Override
        public String sentence() {
            return "NAT PORTS EXHAUSTED: " + connectsUnanswered + " connect(s) got no answer through the NAT's " + portCount
                    + " port(s) (" + ports + ", " + behind + " client(s) behind it; " + connections + " connection(s) reached"
                    + " Node): the router's conntrack found no port to map them to (insert_failed " + insertFailed
                    + ") and dropped their SYNs (drop " + dropped + "); no errno 99, the connects time out; " + failed
                    + " documents failed: " + firstError;
        }
    }

    /**
     * The NAT forgot idle connections: their mappings expired after its idle timeout, and the documents the clients sent
     * over them later met a reset from the router, never Node.
     *
     * @param idleTimeoutSeconds the router's {@code nf_conntrack_tcp_timeout_established}
     * @param routerResets resets the router's own TCP sent
     */
    record NatIdleTimeout(int failed, int idleTimeoutSeconds, long routerResets, Failure firstError) implements Verdict {
        @Override
        public String sentence() {
            return "NAT IDLE TIMEOUT: " + failed + " documents failed on pooled connections that sat idle past the NAT's "
                    + idleTimeoutSeconds + " s idle timeout: the NAT had forgotten them and reset them (" + routerResets
                    + " resets from the router; Node never saw the documents): " + firstError;
        }
    }

    /** Node's own ephemeral ports towards Elasticsearch ran out: the second leg of the incident. */
    record ServerPortsExhausted(int acknowledgedBeforeFailure) implements Verdict {
        @Override
        public String sentence() {
            return "NODE'S PORTS EXHAUSTED after " + acknowledgedBeforeFailure
                    + " documents: Node opened a new connection to Elasticsearch per document";
        }
    }

    /** Nothing failed, but fewer documents than asked for were sent before the run stopped. */
    record Incomplete(int acknowledged, int docs, String stoppedBy) implements Verdict {
        @Override
        public String sentence() {
            return "STOPPED after " + acknowledged + " of " + docs + " documents (" + stoppedBy
                    + "): nothing failed, but the run ended before every document was sent";
        }
    }

    /**
     * Every document acknowledged, though the range ran out: the client waited (it retried a failed connect) until ports
     * came out of TIME_WAIT. In production such a client does not fail loudly: its throughput falls to what the range
     * gives back (ports / 60 s; 470 new connections/s for 32768-60999) and its latency to a minute.
     */
    record RetriesHidExhaustion(int docs, PortsRanOut ranOut) implements Verdict {
        @Override
        public String sentence() {
            return "PORTS RAN OUT, RETRIES HID IT: all " + docs + " documents acknowledged, but " + ranOut.sentence()
                    + ": without retries the next document would have failed with EADDRNOTAVAIL; reuse connections";
        }
    }

    /** Documents failed for another reason than a port shortage. */
    record FailedOtherwise(int failed, Failure firstError) implements Verdict {
        @Override
        public String sentence() {
            return failed + " documents failed: " + firstError + (refusedTheCertificate(firstError)
                    ? "; the client refused the server's certificate: over --tls it must trust the stack's CA, which a JVM "
                            + "there trusts by default and a program finds in $PORTEX_CA_FILE (PEM) or $PORTEX_TRUST_STORE (PKCS#12)"
                    : "");
        }

        /**
         * True when {@code failure} is a client refusing the server's certificate: a Java handshake that found no trusted
         * path, curl's exit 60, Python's, Go's and Node.js's words for an unknown issuer.
         */
        static boolean refusedTheCertificate(Failure failure) {
            if (failure == null) {
                return false;
            }
            String text = failure.type() + " " + failure.message();
            return text.contains("PKIX path building failed") || failure.type().equals("exit 60")
                    || text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate signed by unknown authority")
                    || text.contains("UNABLE_TO_VERIFY_LEAF_SIGNATURE") || text.contains("unable to get local issuer certificate");
        }
    }

    /**
     * A container was killed during the load.
     *
     * @param atMs when it was killed, in ms of the load
     * @param acknowledged documents acknowledged (for a killed load generator: those Node acknowledged before it died)
     * @param failed documents that failed (0 for a killed load generator: it could not say)
     * @param firstError the first failure, or null
     * @param lostAcknowledged acknowledged documents not in Elasticsearch afterwards
     * @param indexedUnacknowledged documents Elasticsearch holds that the client never saw acknowledged: the fault cut
     *        off the answer (a blind retry would index these twice)
     * @param endedAfterFaultMs from the fault to the end of the load
     * @param durability the index's translog durability during the run
     */
    record FaultInjected(Fault fault, long atMs, int acknowledged, int failed, Failure firstError, int lostAcknowledged,
            int indexedUnacknowledged, long endedAfterFaultMs, Durability durability) implements Verdict {
        @Override
        public String sentence() {
            String what = fault.kind() == Fault.Kind.LOADGEN_KILL
                    ? acknowledged + " documents acknowledged before it died"
                    : acknowledged + " acknowledged, " + failed + " failed" + (firstError == null ? "" : " (first: " + firstError + ")");
            String lost = lostAcknowledged == 0 ? "no acknowledged document lost"
                    : lostAcknowledged + " ACKNOWLEDGED DOCUMENTS LOST (translog durability: " + durability + ")";
            String unacknowledged = indexedUnacknowledged == 0 ? ""
                    : "; " + indexedUnacknowledged + " indexed without an acknowledgement (a retry without the document's id"
                    + " would index " + (indexedUnacknowledged == 1 ? "it" : "them") + " twice)";
            return "FAULT: " + fault.kind().victim() + " killed at " + seconds(atMs) + ": " + what + "; " + lost + unacknowledged
                    + "; the load ended " + seconds(endedAfterFaultMs) + " after the fault";
        }

        private static String seconds(long ms) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
    }

    /** The verdict of {@code r}, from its numbers. */
    static Verdict of(ScenarioResult r) {
        ScenarioResult.Setup setup = r.setup();
        ScenarioResult.ClientSide client = r.clientSide();
        ScenarioResult.ServerSide server = r.serverSide();
        Long faultAt = r.timing().faultInjectedAtMs();
        if (setup.fault() != null && faultAt != null) {
            return new FaultInjected(setup.fault(), faultAt, client.acknowledged(), client.failed(), client.error(),
                    r.integrity().missingAcknowledged(), r.integrity().unacknowledgedIndexed(),
                    r.timing().endedAfterFaultMs() == null ? 0 : r.timing().endedAfterFaultMs(), setup.durability());
        }
        if (client.failed() == 0) {
            if (client.acknowledged() < setup.docs()) {
                return new Incomplete(client.acknowledged(), setup.docs(), r.timing().stoppedBy());
            }
            PortsRanOut ranOut = r.portsRanOut();
            return ranOut != null ? new RetriesHidExhaustion(setup.docs(), ranOut)
                    : r.target() != null ? new AllAcknowledged(setup.docs(), r.target().service()) : new AllIndexed(setup.docs());
        }
        int before = client.firstFailureOrdinal() == null ? client.acknowledged() : client.firstFailureOrdinal() - 1;
        // Requests the server received: Node's count; your own service's, as the client knows it: its acknowledged
        // documents and the failures that were an HTTP answer.
        long received = server != null ? server.serverReceived() : client.acknowledged() + answeredWithAFailure(client);
        // Failed documents whose request reached Node (it answered something other than 201, or the answer was lost).
        long reachedNode = Math.max(0, received - client.acknowledged());
        long neverReachedNode = client.failed() - reachedNode;
        Long reset = r.sockets().clientConnectionsReset();
        // As many established connections reset as documents failed: they did leave the client, and found their
        // connection closed. Not a port shortage, whatever the SYN count says.
        boolean sentOverResetConnections = reset != null && reset >= neverReachedNode;
        ScenarioResult.NatSide nat = r.nat();
        if (nat != null && neverReachedNode > 0 && nat.connectsUnanswered() > 0 && nat.conntrackInsertFailed() > 0) {
            return new NatPortsExhausted(nat.ports(), nat.portCount(), nat.behind(),
                    server.serverConnections() == null ? 0 : server.serverConnections(), nat.connectsUnanswered(),
                    nat.conntrackInsertFailed(), nat.conntrackDrop(), client.failed(), client.error());
        }
        if (nat != null && nat.idleTimeoutSeconds() != null && neverReachedNode > 0
                && nat.routerResetsSent() >= neverReachedNode) {
            return new NatIdleTimeout(client.failed(), nat.idleTimeoutSeconds(), nat.routerResetsSent(), client.error());
        }
        Long idleClosed = server == null ? null : server.serverKeepAliveTimeouts();
        if (neverReachedNode > 0 && sentOverResetConnections && idleClosed != null && idleClosed > 0) {
            return new KeepAliveRace(client.failed(), reset, idleClosed, client.error());
        }
        boolean noSynForThem = r.sockets().clientConnectionsOpened() <= received;
        // ... and the client had used the range up: it opened a connection on every port the kernel would give it
        // (per destination; connect() scans an even number of ports, so an odd-sized range gives one fewer for sure).
        // A client stuck on its own pool fails without SYNs too, but after a handful of connections.
        long portsToUse = (long) (setup.usablePorts() & ~1) * setup.targets();
        boolean rangeUsedUp = r.sockets().clientConnectionsOpened() >= portsToUse;
        if (neverReachedNode > 0 && noSynForThem && rangeUsedUp && !sentOverResetConnections) {
            return new ClientPortsExhausted(before, setup.portRange().size(), setup.targets(),
                    Math.max(0, client.acknowledged() - before));
        }
        ScenarioResult.Range nodeRange = setup.serverPortRange();
        if (server != null && server.serverFailed() > 0 && nodeRange != null && server.nodeEsConnectionsOpened() >= nodeRange.size()) {
            return new ServerPortsExhausted(before);
        }
        return new FailedOtherwise(client.failed(), client.error());
    }

    /** Failed documents the client got an HTTP answer for (its error counts' {@code HTTP <status>} kinds). */
    private static long answeredWithAFailure(ScenarioResult.ClientSide client) {
        if (client.errorCounts() == null) {
            return 0;
        }
        return client.errorCounts().entrySet().stream().filter(e -> e.getKey().startsWith("HTTP "))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }
}
