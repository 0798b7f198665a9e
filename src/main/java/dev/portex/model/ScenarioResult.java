package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;

/**
 * What a scenario did, in named parts: the {@link Setup} that ran, what the {@link ClientSide client saw},
 * what the {@link ServerSide server side} (Node and Elasticsearch) counted, the {@link Sockets sockets} the
 * kernel reported, the nothing-lost {@link Integrity} check, and the {@link Timing}. Its JSON, the one
 * `./portex run --json` prints, is flat: each part's fields appear in place of the part, in this order.
 * What happened, in one word and one sentence, is {@link #verdict()}. A run behind a NAT ({@code --nat-ports}) adds
 * what the router counted, as the object {@code nat} ({@link NatSide}); the other parts then add up its load
 * generators (the documents, the counters, the sockets: of all of them together; the time series: of the first).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScenarioResult(
        String runId,
        @JsonUnwrapped Setup setup,
        @JsonUnwrapped ClientSide clientSide,
        @JsonUnwrapped ServerSide serverSide,
        @JsonUnwrapped Sockets sockets,
        @JsonUnwrapped Integrity integrity,
        @JsonUnwrapped Timing timing,
        @JsonInclude(JsonInclude.Include.NON_NULL) NatSide nat,
        @JsonInclude(JsonInclude.Include.NON_NULL) TargetSide target) {

    /** A run without a NAT between the load generator and Node. */
    public ScenarioResult(String runId, Setup setup, ClientSide clientSide, ServerSide serverSide, Sockets sockets,
            Integrity integrity, Timing timing) {
        this(runId, setup, clientSide, serverSide, sockets, integrity, timing, null, null);
    }

    /** A run to portex's ingest server, behind the NAT {@code nat} (null for none). */
    public ScenarioResult(String runId, Setup setup, ClientSide clientSide, ServerSide serverSide, Sockets sockets,
            Integrity integrity, Timing timing, NatSide nat) {
        this(runId, setup, clientSide, serverSide, sockets, integrity, timing, nat, null);
    }

    /**
     * Where a run against your own service ({@link Target}) sent its documents, in the JSON as the object {@code target}
     * (absent for a run to portex's ingest server). Such a run has no {@link ServerSide} and no {@link Integrity}: what
     * only portex's own stack counts (Node's requests, Elasticsearch's documents and connections, nothing lost) is not
     * measured, and its keys, named in {@link #notMeasured}, are absent from the JSON rather than zero.
     *
     * @param service the image portex started, or the container's id
     * @param port the port the service listens on in its container
     * @param url what the client sent to, on the run's network
     * @param acknowledgedBy what counted as acknowledged: {@code 2xx} (a command: {@code exit 0})
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"service", "port", "url", "acknowledgedBy", "notMeasured"})
    public record TargetSide(String service, int port, String url, String acknowledgedBy, List<String> notMeasured) {
        /** The keys a run against your own service leaves out: those of {@link ServerSide} and {@link Integrity}. */
        public static final List<String> NOT_MEASURED = List.of("indexed", "serverReceived", "serverFailed",
                "esConnectionsOpened", "nodeEsConnectionsOpened", "esProductChecks", "serverConnections",
                "serverKeepAliveTimeouts", "missingAcknowledged", "unacknowledgedIndexed");
    }

    /** True for a run against your own service ({@link #target()}): it has no server side and no nothing-lost check. */
    public boolean againstOwnService() {
        return target != null;
    }

    /**
     * An HTTPS run's transport: the URL the documents went to and the CA that signed the ingest server's certificate,
     * made for the stack at its first HTTPS run (its subject names it: two stacks' CAs differ).
     */
    public record Tls(String url, String ca) {
    }

    /**
     * What ran: the scenario's settings and the versions that shaped the result.
     *
     * @param portsTakenInRange ports of the load generator's range already bound when its namespace
     *        started (Docker's DNS listener), normally 0
     * @param program the user's own program for the {@code sender} client (its DocumentSender class); absent from
     *        the JSON for portex's own clients
     * @param esClientVersion the {@code @elastic/elasticsearch} version Node reported
     * @param versions what else the run ran on (Node.js, the load generator's runtime, Debian); absent from the JSON of
     *        runs made before portex recorded them
     * @param idleGapMs the pause before each document after the first; absent from the JSON when there was none
     * @param reuse how the pooled client reused idle connections; absent from the JSON for the library's default
     * @param serverKeepAliveMs Node's keep-alive timeout when the scenario set one; absent from the JSON for Node's default
     * @param fault the container killed during the load; absent from the JSON when none was
     * @param durability the index's translog durability; absent from the JSON for the incident's runs (async, by default)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"client", "program", "esClient", "elasticsearchVersion", "esClientVersion", "versions", "portRange",
            "portsTakenInRange",
            "serverPortRange", "targets", "tcpTwReuse", "mitigation", "docs", "rate", "concurrency", "idleGapMs", "reuse",
            "serverKeepAliveMs", "fault", "durability"})
    public record Setup(
            ClientKind client,
            @JsonInclude(JsonInclude.Include.NON_NULL) String program,
            EsClientMode esClient,
            String elasticsearchVersion,
            String esClientVersion,
            @JsonInclude(JsonInclude.Include.NON_NULL) Versions versions,
            Range portRange,
            int portsTakenInRange,
            Range serverPortRange,
            int targets,
            int tcpTwReuse,
            Mitigation mitigation,
            int docs,
            double rate,
            int concurrency,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer idleGapMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) ConnectionReuse reuse,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer serverKeepAliveMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Fault fault,
            @JsonInclude(JsonInclude.Include.NON_NULL) Durability durability,
            @JsonInclude(JsonInclude.Include.NON_NULL) Tls tls) {

        /** A run over plain HTTP ({@link #tls} null). */
        public Setup(ClientKind client, String program, EsClientMode esClient, String elasticsearchVersion,
                String esClientVersion, Versions versions, Range portRange, int portsTakenInRange, Range serverPortRange,
                int targets, int tcpTwReuse, Mitigation mitigation, int docs, double rate, int concurrency, Integer idleGapMs,
                ConnectionReuse reuse, Integer serverKeepAliveMs, Fault fault, Durability durability) {
            this(client, program, esClient, elasticsearchVersion, esClientVersion, versions, portRange, portsTakenInRange,
                    serverPortRange, targets, tcpTwReuse, mitigation, docs, rate, concurrency, idleGapMs, reuse,
                    serverKeepAliveMs, fault, durability, null);
        }

        /** A run without the keep-alive settings: no idle gap, the library's reuse, Node's keep-alive timeout. */
        public Setup(ClientKind client, String program, EsClientMode esClient, String elasticsearchVersion,
                String esClientVersion, Range portRange, int portsTakenInRange, Range serverPortRange, int targets,
                int tcpTwReuse, Mitigation mitigation, int docs, double rate, int concurrency) {
            this(client, program, esClient, elasticsearchVersion, esClientVersion, null, portRange, portsTakenInRange,
                    serverPortRange, targets, tcpTwReuse, mitigation, docs, rate, concurrency, null, null, null, null, null);
        }

        /**
         * Every version the run names, in one line for the summary and the report: Elasticsearch and its client (their
         * keys of old), then {@link #versions}; null when the run names none.
         */
        public String describeVersions() {
            java.util.List<String> parts = new java.util.ArrayList<>();
            if (elasticsearchVersion != null) {
                parts.add("Elasticsearch " + elasticsearchVersion);
            }
            if (esClientVersion != null) {
                parts.add("@elastic/elasticsearch " + esClientVersion);
            }
            if (versions != null) {
                parts.addAll(versions.described());
            }
            return parts.isEmpty() ? null : String.join(", ", parts);
        }

        /** True when the run went over HTTPS ({@link #tls} says to which URL, under which CA). */
        public boolean overTls() {
            return tls != null;
        }

        /** How the pooled client reused idle connections: {@link ConnectionReuse#DEFAULT} when the JSON does not say. */
        public ConnectionReuse reuseOrDefault() {
            return reuse == null ? ConnectionReuse.DEFAULT : reuse;
        }

        /** The documents that fit into the load generator's range: its size less the ports already taken. */
        public int usablePorts() {
            return portRange.size() - portsTakenInRange;
        }
    }

    /**
     * What a run ran on besides Elasticsearch and its client (which keep their keys of old, {@code elasticsearchVersion}
     * and {@code esClientVersion}): Node.js as its {@code GET /stats} reports it, and, from the images'
     * {@code /etc/portex/versions}, the Java load generator's JRE (for the Java clients and a {@code sender}), Python and
     * the library the Python client sends with (requests and urllib3, httpx, or aiohttp), Go (for the Go clients), the
     * Node.js load generator's Node.js ({@code nodeClient}) and the library its client sends with ({@code undici} for
     * fetch, or {@code axios}), and Debian (every image is built from the same Debian; the
     * Node image's and the load generator's, both when they differ). Each is absent when it did not run or was not read.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"node", "java", "python", "requests", "urllib3", "httpx", "aiohttp", "go", "nodeClient", "undici",
            "axios", "debian"})
    public record Versions(String node, String java, String python, String requests, String urllib3, String httpx,
            String aiohttp, String go, String nodeClient, String undici, String axios, String debian) {
        /** Each version with its name, in the JSON's order: "Node.js 24.21.0", "Java 25.0.5+11-Debian-1", ... */
        java.util.List<String> described() {
            java.util.List<String> parts = new java.util.ArrayList<>();
            add(parts, "Node.js ", node);
            add(parts, "Java ", java);
            add(parts, "Python ", python);
            add(parts, "requests ", requests);
            add(parts, "urllib3 ", urllib3);
            add(parts, "httpx ", httpx);
            add(parts, "aiohttp ", aiohttp);
            add(parts, "Go ", go);
            add(parts, "Node.js client ", nodeClient);
            add(parts, "undici ", undici);
            add(parts, "axios ", axios);
            add(parts, "Debian ", debian);
            return parts;
        }

        private static void add(java.util.List<String> parts, String name, String version) {
            if (version != null) {
                parts.add(name + version);
            }
        }
    }

    /**
     * What the client saw. {@code firstFailureAt} is the lowest failing document number;
     * {@code acknowledgedBeforeFirstFailure} counts the documents acknowledged that were sent before any
     * failure (with several threads, documents finish out of order).
     *
     * @param errorCounts every failure by its "type: message", absent from the JSON when nothing failed (and for
     *        the Python clients and programs of your own, which do not count them)
     * @param retries sends the client repeated after an I/O failure; absent unless the client retries
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"acknowledged", "failed", "firstFailureAt", "acknowledgedBeforeFirstFailure", "error", "errorCounts",
            "retries"})
    public record ClientSide(
            int acknowledged,
            int failed,
            Integer firstFailureAt,
            Integer acknowledgedBeforeFirstFailure,
            Failure error,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> errorCounts,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer retries) {

        public ClientSide(int acknowledged, int failed, Integer firstFailureAt, Integer acknowledgedBeforeFirstFailure,
                Failure error) {
            this(acknowledged, failed, firstFailureAt, acknowledgedBeforeFirstFailure, error, null, null);
        }

        /**
         * The n-th document was the first to fail: the documents acknowledged before any failure, plus one.
         * With one thread this is {@code firstFailureAt}; with several the lowest failing document number
         * can be lower. Null when nothing failed.
         */
        public Integer firstFailureOrdinal() {
            if (firstFailureAt == null) {
                return null;
            }
            return acknowledgedBeforeFirstFailure != null ? acknowledgedBeforeFirstFailure + 1 : firstFailureAt;
        }
    }

    /**
     * What Node and Elasticsearch counted during the run. {@code esProductChecks}: GET / requests the 7.x
     * Elasticsearch client sent of its own before its first request (one more connection each, and in
     * per-request mode one more port of Node's range); always 0 with the 8.x client.
     *
     * @param indexed Elasticsearch's {@code _count} of the run's documents, after refresh
     * @param serverReceived {@code POST /docs} requests Node received
     * @param serverFailed of those, answered 503 (Elasticsearch could not be reached)
     * @param esConnectionsOpened connections Elasticsearch accepted ({@code _nodes/stats/http})
     * @param nodeEsConnectionsOpened connections Node opened towards Elasticsearch
     * @param serverConnections client connections that carried documents to Node (connections of the harness's own
     *        status requests do not count)
     * @param serverKeepAliveTimeouts of those, the ones Node closed because they sat idle for its keep-alive timeout
     * @param serverOverwritten documents that carried their own id and replaced an indexed one with that id (absent
     *        unless the client sends ids)
     * (The three are absent from the JSON of runs made before portex counted them.)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"indexed", "serverReceived", "serverFailed", "esConnectionsOpened", "nodeEsConnectionsOpened",
            "esProductChecks", "serverConnections", "serverKeepAliveTimeouts", "serverOverwritten"})
    public record ServerSide(
            long indexed,
            long serverReceived,
            long serverFailed,
            long esConnectionsOpened,
            long nodeEsConnectionsOpened,
            long esProductChecks,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long serverConnections,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long serverKeepAliveTimeouts,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long serverOverwritten) {

        public ServerSide(long indexed, long serverReceived, long serverFailed, long esConnectionsOpened,
                long nodeEsConnectionsOpened, long esProductChecks) {
            this(indexed, serverReceived, serverFailed, esConnectionsOpened, nodeEsConnectionsOpened, esProductChecks,
                    null, null, null);
        }
    }

    /**
     * The kernel's view. Counters are deltas over the run of the client namespace's {@code /proc/net/snmp}
     * (ActiveOpens: SYNs sent; OutRsts; EstabResets); the rest is read from {@code /proc/net/tcp} after the run.
     *
     * @param localPortsUsed distinct local ports towards Node
     * @param serverTimeWait TIME_WAIT in Node's namespace, when Node is part of the story, else null
     * @param recoveredAfterMs with awaitRecovery: first failure to the first new connection that succeeds
     * @param clientConnectionsReset established connections of the client that ended in a reset, received or sent
     *        (EstabResets: ESTABLISHED or CLOSE_WAIT straight to CLOSED); absent from the JSON of runs made before
     *        portex counted it
     * @param clientTimeWaitsEntered the client's sockets that went into TIME_WAIT during the run (the kernel's TcpExt
     *        TW, counted as a socket enters it on this kernel): fewer than the connections opened where a connection
     *        left no TIME_WAIT (its peer closed first, or it ended in a reset); null where not counted (behind a NAT)
     * @param clientTimeWaitsEndedEarly TIME_WAITs of the client that ended before their 60 s (TcpExt TWRecycled: taken
     *        over by a new connect, with tcp_tw_reuse; TWKilled): each frees a port early; null where not counted
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"clientConnectionsOpened", "clientResetsSent", "localPortsUsed", "clientTimeWait",
            "clientSocketStates", "serverTimeWait", "serverSocketStates", "recoveredAfterMs", "clientConnectionsReset",
            "clientTimeWaitsEntered", "clientTimeWaitsEndedEarly"})
    public record Sockets(
            long clientConnectionsOpened,
            long clientResetsSent,
            int localPortsUsed,
            long clientTimeWait,
            Map<String, Long> clientSocketStates,
            Long serverTimeWait,
            Map<String, Long> serverSocketStates,
            Long recoveredAfterMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long clientConnectionsReset,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long clientTimeWaitsEntered,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long clientTimeWaitsEndedEarly) {

        public Sockets(long clientConnectionsOpened, long clientResetsSent, int localPortsUsed, long clientTimeWait,
                Map<String, Long> clientSocketStates, Long serverTimeWait, Map<String, Long> serverSocketStates,
                Long recoveredAfterMs) {
            this(clientConnectionsOpened, clientResetsSent, localPortsUsed, clientTimeWait, clientSocketStates,
                    serverTimeWait, serverSocketStates, recoveredAfterMs, null, null, null);
        }
    }

    /**
     * What the NAT between the load generators and Node did ({@code --nat-ports}), in the JSON as the object {@code nat}
     * (absent for a run without one). The client counters are deltas over the run, added up over the load generators
     * behind the NAT; conntrack's are the router's namespace's ({@code /proc/net/stat/nf_conntrack}, its CPUs added up).
     *
     * @param ports the NAT's source ports, {@code LOW-HIGH}
     * @param portCount how many: as many connections as the NAT can hold to one destination
     * @param behind load generators behind the NAT
     * @param randomFully SNAT with {@code --random-fully}
     * @param idleTimeoutSeconds the router's {@code nf_conntrack_tcp_timeout_established}, null for the kernel's
     * @param routerAddress the address the NAT maps every connection to (what Node sees as the client)
     * @param connectionsWhileFull connections that had carried documents to Node {@link #WHILE_FULL_MS} ms into the
     *        load, when every connect that found no NAT port had timed out once (3 s) and no connection had yet been
     *        closed by a client's end: how many the NAT held at once. Null when the first load generator reported no
     *        progress that late (a shorter load, or a Python client)
     * @param connectsUnanswered the clients' connects that never reached Node: the SYNs they sent ({@code Tcp:
     *        ActiveOpens}) less the connections Node accepted from the router ({@code serverConnections}); behind a full
     *        NAT, the connects that timed out (the kernel counts no AttemptFails for a connect the client gives up on)
     * @param synRetransmits SYNs the clients sent again because none was answered ({@code TcpExt: TCPSynRetrans})
     * @param conntrackInsertFailed connections conntrack could not enter into its table: no free NAT port for them
     * @param conntrackDrop packets conntrack dropped: each such connection's SYN, every time it was sent
     * @param conntrackEntries connections in the router's conntrack table at the end of the load (TIME_WAIT ones
     *        included: conntrack keeps them 120 s)
     * @param routerResetsSent resets the router's own TCP sent ({@code Tcp: OutRsts} of its namespace): with an idle
     *        timeout, one for each packet of a connection whose mapping had expired
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"ports", "portCount", "behind", "randomFully", "idleTimeoutSeconds", "routerAddress",
            "connectionsWhileFull", "connectsUnanswered",
            "synRetransmits", "conntrackInsertFailed", "conntrackDrop", "conntrackEntries", "routerResetsSent"})
    public record NatSide(
            String ports,
            int portCount,
            int behind,
            boolean randomFully,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer idleTimeoutSeconds,
            String routerAddress,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long connectionsWhileFull,
            long connectsUnanswered,
            long synRetransmits,
            long conntrackInsertFailed,
            long conntrackDrop,
            long conntrackEntries,
            long routerResetsSent) {
        /** When {@link #connectionsWhileFull} is read: a connect timeout (3 s) and a second more into the load. */
        public static final long WHILE_FULL_MS = 4000;
    }

    /** The nothing-lost check: acknowledged but not in Elasticsearch, and in Elasticsearch but never acknowledged. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"missingAcknowledged", "unacknowledgedIndexed"})
    public record Integrity(int missingAcknowledged, int unacknowledgedIndexed) {
    }

    /**
     * Wall time of the load, acknowledged documents per second, why it stopped, and the time series; for a run with a
     * fault, when the fault struck (ms of the load) and how long after it the load ended (both absent otherwise, and
     * {@code faultInjectedAtMs} absent when the load ended before the fault's time).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"durationMs", "docsPerSecond", "stoppedBy", "samples", "faultInjectedAtMs", "endedAfterFaultMs"})
    public record Timing(long durationMs, double docsPerSecond, String stoppedBy, List<Sample> samples,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long faultInjectedAtMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long endedAfterFaultMs) {

        /** A run without a fault. */
        public Timing(long durationMs, double docsPerSecond, String stoppedBy, List<Sample> samples) {
            this(durationMs, docsPerSecond, stoppedBy, samples, null, null);
        }
    }

    /** A port range as JSON: {"low":40000,"high":40136,"size":137}. */
    public record Range(int low, int high, int size) {
        public static Range of(PortRange r) {
            return r == null ? null : new Range(r.low(), r.high(), r.size());
        }

        @Override
        public String toString() {
            return low + "-" + high;
        }
    }

    /** What happened, worked out from the numbers. */
    public Verdict verdict() {
        return Verdict.of(this);
    }

    /**
     * When the client's range ran out during the run (every port in TIME_WAIT, and documents done after that), or null:
     * worked out from the time series ({@link PortsRanOut}); in the JSON as {@code portsRanOut} when it ran out (absent
     * otherwise), never read back.
     */
    @JsonProperty(value = "portsRanOut", access = JsonProperty.Access.READ_ONLY)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public PortsRanOut portsRanOut() {
        return PortsRanOut.of(this);
    }

    /**
     * True when every acknowledged document is in Elasticsearch and nothing else of the run is.
     *
     * @throws IllegalStateException for a run against your own service, which portex cannot look into
     */
    public boolean nothingLost() {
        if (integrity == null || serverSide == null) {
            throw new IllegalStateException("run " + runId + " sent to your own service (" + (target == null ? "?"
                    : target.service()) + "): what it stored is not measured by portex, so nothing-lost cannot be checked;"
                    + " check the client side (acknowledged, failed, local ports, connections)");
        }
        return integrity.missingAcknowledged() == 0 && integrity.unacknowledgedIndexed() == 0
                && serverSide.indexed() == clientSide.acknowledged();
    }
}
