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
 * @param program the user's own program when {@code client} is one of the kinds that run one, else null
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
        ClientProgram program) {

    /** The example range: 137 ports. */
    public static final PortRange DEFAULT_RANGE = new PortRange(40000, 40136);
    /** A run's default time limit. */
    public static final int DEFAULT_MAX_SECONDS = 300;
    /** The first port the Node ingest server listens on (then one more per target): no ephemeral range may hold it. */
    public static final int NODE_PORT = 8080;
    /** Most destinations (Node ports) a scenario may spread documents over. */
    public static final int MAX_TARGETS = 16;

    /** @throws IllegalArgumentException naming the setting and its allowed values */
    public Scenario {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(portRange, "portRange");
        Objects.requireNonNull(esClient, "esClient");
        Objects.requireNonNull(mitigation, "mitigation");
        require(docs >= 1, "--docs must be a whole number >= 1, got " + docs);
        require(rate >= 0 && Double.isFinite(rate),
                "--rate must be a number >= 0 (documents per second; 0 = as fast as possible), got " + rate);
        require(concurrency >= 1, "--concurrency must be a whole number >= 1, got " + concurrency);
        require(targets >= 1 && targets <= MAX_TARGETS,
                "--targets must be a whole number from 1 to " + MAX_TARGETS + ", got " + targets);
        require(tcpTwReuse >= 0 && tcpTwReuse <= 2, "--tw-reuse must be 0, 1 or 2, got " + tcpTwReuse);
        require(maxSeconds >= 1, "--max-seconds must be a whole number >= 1, got " + maxSeconds);
        checkRange("--port-range", portRange, targets);
        if (serverPortRange != null) {
            checkRange("--server-port-range", serverPortRange, targets);
        }
        require(mitigation == Mitigation.NONE || client == ClientKind.PER_REQUEST || client == ClientKind.POOLED,
                "--mitigation " + mitigation + " applies to the Java clients: use --client per-request or pooled");
        if (program instanceof CommandProgram || program instanceof ImageProgram) {
            String option = program instanceof CommandProgram ? "--client-command" : "--client-image";
            require(concurrency == 1, option + " runs one document at a time: drop --concurrency " + concurrency);
            require(rate == 0, option + " runs as fast as the program goes: drop --rate");
            require(targets == 1, option + " sends to one destination: drop --targets " + targets);
            require(!(awaitRecovery && program instanceof ImageProgram),
                    "--await-recovery probes with portex's own client, not with an image: drop it, or use --client-command");
        }
        require(client.builtIn() == (program == null) && (program == null || program.kind() == client), client.builtIn()
                ? "a program of your own goes with the " + (program == null ? "" : program.kind()) + " client, not with " + client
                : "the " + client + " client runs a program of your own: use Scenario.ofProgram(...)");
    }

    /** {@code docs} documents from {@code client} on {@code range}; everything else at its default. */
    public static Scenario of(ClientKind client, PortRange range, int docs) {
        return new Scenario(client, docs, 0, 1, range, EsClientMode.POOLED, null, 1, 0, Mitigation.NONE, false,
                DEFAULT_MAX_SECONDS, null);
    }

    /** {@code docs} documents from the user's own {@code program} on {@code range}; everything else at its default. */
    public static Scenario ofProgram(ClientProgram program, PortRange range, int docs) {
        return new Scenario(program.kind(), docs, 0, 1, range, EsClientMode.POOLED, null, 1, 0, Mitigation.NONE, false,
                DEFAULT_MAX_SECONDS, program);
    }

    public Scenario withClient(ClientKind client) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withDocs(int docs) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withRate(double rate) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withConcurrency(int concurrency) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withPortRange(PortRange portRange) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withEsClient(EsClientMode esClient) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    /** Also narrows Node's own namespace; null leaves it alone. */
    public Scenario withServerPortRange(PortRange serverPortRange) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withTargets(int targets) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withTcpTwReuse(int tcpTwReuse) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withMitigation(Mitigation mitigation) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withAwaitRecovery(boolean awaitRecovery) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    public Scenario withMaxSeconds(int maxSeconds) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, program);
    }

    /** The Java sender class this scenario runs, or null. */
    public SenderProgram sender() {
        return program instanceof SenderProgram s ? s : null;
    }

    /** True when the Node server must be a fresh one: its own namespace is part of the story. */
    public boolean needsOwnNode() {
        return serverPortRange != null || esClient != EsClientMode.POOLED || mitigation == Mitigation.SERVER_CLOSES_FIRST;
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
