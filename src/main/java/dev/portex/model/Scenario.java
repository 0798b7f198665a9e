package dev.portex.model;

import java.util.Objects;

/**
 * One run of the incident, immutable: which client sends how many documents, how fast, from a
 * namespace with which ephemeral port range and TCP settings, to a Node server using which
 * Elasticsearch client. Change it with the {@code with...} methods, which return a validated copy.
 *
 * @param rate documents per second, 0 = as fast as possible
 * @param serverPortRange Node's own narrowed range, or null to leave Node's namespace alone
 * @param targets how many Node ports (destinations) the documents are spread over, round-robin
 * @param tcpTwReuse the load generator's {@code net.ipv4.tcp_tw_reuse} (0 unless a mitigation says otherwise)
 * @param mitigation how the Java client closes its connections ({@link Mitigation#NONE}: its default)
 * @param awaitRecovery after a failure, keep retrying one document until the namespace recovers
 * @param maxSeconds hard time limit of the load
 * @param idleGapMs the pause before each document after the first (per client thread), 0 for none: pooled
 *        connections then sit idle that long between documents (the keep-alive race)
 * @param reuse how the pooled Java client decides whether an idle connection may be reused
 * @param serverKeepAliveMs Node's keep-alive timeout ({@code server.keepAliveTimeout}), or null for its default (5000)
 * @param program the user's own program when {@code client} is one of the kinds that run one, else null
 * @param fault a container killed during the load, or null for none
 * @param durability the index's translog durability for this run, or null for the default: {@link Durability#REQUEST}
 *        with a fault, {@link Durability#ASYNC} without
 */
public record Scenario(
        ClientKind client,
        int docs,
        double rate,
        int concurrency,
        PortRange portRange,
        EsClientMode esClient,
        PortRange serverPortRange,
        int targets,
        int tcpTwReuse,
        Mitigation mitigation,
        boolean awaitRecovery,
        int maxSeconds,
        int idleGapMs,
        ConnectionReuse reuse,
        Integer serverKeepAliveMs,
        ClientProgram program,
        Fault fault,
        Durability durability) {

    /** The example range: 137 ports. */
    public static final PortRange DEFAULT_RANGE = new PortRange(40000, 40136);
    /** A run's default time limit. */
    public static final int DEFAULT_MAX_SECONDS = 300;
    /** The first port the Node ingest server listens on (then one more per target): no ephemeral range may hold it. */
    public static final int NODE_PORT = 8080;
    /** Most destinations (Node ports) a scenario may spread documents over. */
    public static final int MAX_TARGETS = 16;
    /** The longest idle gap and server keep-alive timeout a scenario takes: 10 minutes. */
    public static final int MAX_IDLE_MS = 600_000;

    /** @throws IllegalArgumentException naming the setting and its allowed values */
    public Scenario {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(portRange, "portRange");
        Objects.requireNonNull(esClient, "esClient");
        Objects.requireNonNull(mitigation, "mitigation");
        Objects.requireNonNull(reuse, "reuse");
        require(docs >= 1, "--docs must be a whole number >= 1, got " + docs);
        require(rate >= 0 && Double.isFinite(rate),
                "--rate must be a number >= 0 (documents per second; 0 = as fast as possible), got " + rate);
        require(concurrency >= 1, "--concurrency must be a whole number >= 1, got " + concurrency);
        require(targets >= 1 && targets <= MAX_TARGETS,
                "--targets must be a whole number from 1 to " + MAX_TARGETS + ", got " + targets);
        require(tcpTwReuse >= 0 && tcpTwReuse <= 2, "--tw-reuse must be 0, 1 or 2, got " + tcpTwReuse);
        require(maxSeconds >= 1, "--max-seconds must be a whole number >= 1, got " + maxSeconds);
        require(idleGapMs >= 0 && idleGapMs <= MAX_IDLE_MS,
                "--idle-gap must be a whole number of milliseconds from 0 to " + MAX_IDLE_MS + ", got " + idleGapMs);
        require(serverKeepAliveMs == null || serverKeepAliveMs >= 0 && serverKeepAliveMs <= MAX_IDLE_MS,
                "--server-keep-alive must be a whole number of milliseconds from 0 to " + MAX_IDLE_MS + ", got " + serverKeepAliveMs);
        require(idleGapMs == 0 || rate == 0, "--idle-gap and --rate both pace the documents: drop one of them");
        require(idleGapMs == 0 || client == ClientKind.PER_REQUEST || client == ClientKind.POOLED || client == ClientKind.SENDER,
                "--idle-gap paces the Java load generator: use --client per-request or pooled, not " + client);
        require(reuse == ConnectionReuse.DEFAULT || client == ClientKind.POOLED,
                "--reuse " + reuse + " configures the pooled client's connection pool: use --client pooled");
        require(reuse == ConnectionReuse.DEFAULT || mitigation == Mitigation.NONE,
                "--reuse " + reuse + " keeps connections alive, --mitigation " + mitigation + " changes how they close: drop one of them");
        checkRange("--port-range", portRange, targets);
        if (serverPortRange != null) {
            checkRange("--server-port-range", serverPortRange, targets);
        }
        require(mitigation == Mitigation.NONE || client == ClientKind.PER_REQUEST || client == ClientKind.POOLED,
                "--mitigation " + mitigation + " applies to the per-request and pooled clients: use --client per-request or pooled");
        if (program instanceof CommandProgram || program instanceof ImageProgram) {
            String option = program instanceof CommandProgram ? "--client-command" : "--client-image";
            require(concurrency == 1, option + " runs one document at a time: drop --concurrency " + concurrency);
            require(rate == 0, option + " runs as fast as the program goes: drop --rate");
            require(targets == 1, option + " sends to one destination: drop --targets " + targets);
            require(!(awaitRecovery && program instanceof ImageProgram),
                    "--await-recovery probes with portex's own client, not with an image: drop it, or use --client-command");
        }
        require(fault == null || !(program instanceof CommandProgram || program instanceof ImageProgram),
                "--fault needs portex's own load generator, whose progress tells the harness when the load reaches the"
                        + " fault's time: use it with a built-in --client or a DocumentSender, not with --client-command or --client-image");
        require(fault == null || !awaitRecovery, "--fault and --await-recovery: a fault's run ends soon after the fault; drop --await-recovery");
        require(client.builtIn() == (program == null) && (program == null || program.kind() == client), client.builtIn()
                ? "a program of your own goes with the " + (program == null ? "" : program.kind()) + " client, not with " + client
                : "the " + client + " client runs a program of your own: use Scenario.ofProgram(...)");
    }

    /** {@code docs} documents from {@code client} on {@code range}; everything else at its default. */
    public static Scenario of(ClientKind client, PortRange range, int docs) {
        return new Scenario(client, docs, 0, 1, range, EsClientMode.POOLED, null, 1, 0, Mitigation.NONE, false,
                DEFAULT_MAX_SECONDS, 0, ConnectionReuse.DEFAULT, null, null, null, null);
    }

    /** {@code docs} documents from the user's own {@code program} on {@code range}; everything else at its default. */
    public static Scenario ofProgram(ClientProgram program, PortRange range, int docs) {
        return new Scenario(program.kind(), docs, 0, 1, range, EsClientMode.POOLED, null, 1, 0, Mitigation.NONE, false,
                DEFAULT_MAX_SECONDS, 0, ConnectionReuse.DEFAULT, null, program, null, null);
    }

    public Scenario withClient(ClientKind client) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withDocs(int docs) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withRate(double rate) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withConcurrency(int concurrency) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withPortRange(PortRange portRange) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withEsClient(EsClientMode esClient) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    /** Also narrows Node's own namespace; null leaves it alone. */
    public Scenario withServerPortRange(PortRange serverPortRange) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withTargets(int targets) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withTcpTwReuse(int tcpTwReuse) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withMitigation(Mitigation mitigation) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withAwaitRecovery(boolean awaitRecovery) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withMaxSeconds(int maxSeconds) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    /** Pauses {@code idleGapMs} before each document after the first (per client thread); 0 for none. */
    public Scenario withIdleGap(int idleGapMs) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    public Scenario withReuse(ConnectionReuse reuse) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    /** Node's keep-alive timeout in milliseconds (0 disables it); null for Node's default. Runs on a Node of its own. */
    public Scenario withServerKeepAlive(Integer serverKeepAliveMs) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    /** Kills a container during the load ({@code --fault}); null for none. Runs on a Node of its own. */
    public Scenario withFault(Fault fault) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    /** The index's translog durability for this run; null for the default ({@link #durabilityOrDefault}). */
    public Scenario withDurability(Durability durability) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability);
    }

    /**
     * The durability this run gets: the one set, else {@link Durability#REQUEST} for a fault's run (an acknowledged
     * document must survive the crash) and {@link Durability#ASYNC} otherwise (the incident's runs, as fast as before).
     */
    public Durability durabilityOrDefault() {
        return durability != null ? durability : fault != null ? Durability.REQUEST : Durability.ASYNC;
    }

    /** The Java sender class this scenario runs, or null. */
    public SenderProgram sender() {
        return program instanceof SenderProgram s ? s : null;
    }

    /**
     * True when the Node server must be a fresh one: its own namespace is part of the story, or (a user's image) it writes
     * into an index of the run's own.
     */
    public boolean needsOwnNode() {
        return serverPortRange != null || esClient != EsClientMode.POOLED || mitigation == Mitigation.SERVER_CLOSES_FIRST
                || serverKeepAliveMs != null || fault != null || program instanceof ImageProgram;
    }

    /** An ephemeral range that holds a port Node listens on would take it from the server. */
    private static void checkRange(String option, PortRange range, int targets) {
        int last = NODE_PORT + targets - 1;
        require(range.low() > last || range.high() < NODE_PORT, option + " " + range + " overlaps the ingest server's listening port"
                + (targets > 1 ? "s " + NODE_PORT + "-" + last : " " + NODE_PORT) + ": choose a range above it, e.g. 40000-40136");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
