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
 * @param nat a NAT between the load generators and Node ({@link Nat}), or null: the load generator talks to Node
 *        directly. Behind a NAT, each of its {@link Nat#behind()} load generators sends {@code docs} documents.
 * @param target your own service as the destination ({@link Target}), or null: portex's ingest server, which indexes
 *        into Elasticsearch
 * @param tls HTTPS to portex's ingest server ({@code https://...:8443/docs}), its certificate signed by a CA made for
 *        the stack, which the load generator trusts ({@code $PORTEX_CA_FILE}, {@code $PORTEX_TRUST_STORE})
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
        Durability durability,
        Nat nat,
        Target target,
        boolean tls) {

    /** The example range: 137 ports. */
    public static final PortRange DEFAULT_RANGE = new PortRange(40000, 40136);
    /** A run's default time limit. */
    public static final int DEFAULT_MAX_SECONDS = 300;
    /** The first port the Node ingest server listens on (then one more per target): no ephemeral range may hold it. */
    public static final int NODE_PORT = 8080;
    /** The port the Node ingest server serves HTTPS on, for a run {@linkplain #withTls over TLS}. */
    public static final int NODE_TLS_PORT = 8443;
    /** Most destinations (Node ports) a scenario may spread documents over. */
    public static final int MAX_TARGETS = 16;
    /** The longest idle gap and server keep-alive timeout a scenario takes: 10 minutes. */
    public static final int MAX_IDLE_MS = 600_000;

    /** @throws InvalidScenarioException naming the setting, its value, and one that is accepted */
    public Scenario {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(portRange, "portRange");
        Objects.requireNonNull(esClient, "esClient");
        Objects.requireNonNull(mitigation, "mitigation");
        Objects.requireNonNull(reuse, "reuse");
        check(docs >= 1, "withDocs", docs, "the documents to send must be a whole number >= 1", "300",
                "--docs must be a whole number >= 1, got " + docs);
        check(rate >= 0 && Double.isFinite(rate), "withRate", rate,
                "documents per second must be a number >= 0 (0: as fast as possible)", "0",
                "--rate must be a number >= 0 (documents per second; 0 = as fast as possible), got " + rate);
        check(concurrency >= 1, "withConcurrency", concurrency, "the threads (or processes) sending must be a whole number >= 1",
                "4", "--concurrency must be a whole number >= 1, got " + concurrency);
        check(targets >= 1 && targets <= MAX_TARGETS, "withTargets", targets,
                "the Node ports to spread documents over must be a whole number from 1 to " + MAX_TARGETS, "2",
                "--targets must be a whole number from 1 to " + MAX_TARGETS + ", got " + targets);
        check(tcpTwReuse >= 0 && tcpTwReuse <= 2, "withTcpTwReuse", tcpTwReuse, "net.ipv4.tcp_tw_reuse must be 0, 1 or 2", "1",
                "--tw-reuse must be 0, 1 or 2, got " + tcpTwReuse);
        check(maxSeconds >= 1, "withMaxSeconds", maxSeconds, "the time limit must be a whole number of seconds >= 1",
                String.valueOf(DEFAULT_MAX_SECONDS), "--max-seconds must be a whole number >= 1, got " + maxSeconds);
        check(idleGapMs >= 0 && idleGapMs <= MAX_IDLE_MS, "withIdleGap", idleGapMs,
                "the idle gap must be a whole number of milliseconds from 0 to " + MAX_IDLE_MS, "6500",
                "--idle-gap must be a whole number of milliseconds from 0 to " + MAX_IDLE_MS + ", got " + idleGapMs);
        check(serverKeepAliveMs == null || serverKeepAliveMs >= 0 && serverKeepAliveMs <= MAX_IDLE_MS, "withServerKeepAlive",
                serverKeepAliveMs, "Node's keep-alive timeout must be null (Node's default) or a whole number of milliseconds "
                        + "from 0 to " + MAX_IDLE_MS, "10000",
                "--server-keep-alive must be a whole number of milliseconds from 0 to " + MAX_IDLE_MS + ", got " + serverKeepAliveMs);
        check(idleGapMs == 0 || rate == 0, "withIdleGap", idleGapMs, "it and withRate(" + rate + ") both pace the documents: "
                + "drop one of them", null, "--idle-gap and --rate both pace the documents: drop one of them");
        check(idleGapMs == 0 || client == ClientKind.PER_REQUEST || client == ClientKind.POOLED || client == ClientKind.SENDER,
                "withIdleGap", idleGapMs, "it paces the Java load generator: use ClientKind.PER_REQUEST, POOLED or a "
                        + "DocumentSender, not " + client.name(), null,
                "--idle-gap paces the Java load generator: use --client per-request or pooled, not " + client);
        check(reuse == ConnectionReuse.DEFAULT || client == ClientKind.POOLED, "withReuse", "ConnectionReuse." + reuse.name(),
                "it configures the pooled client's connection pool: use ClientKind.POOLED, not " + client.name(), null,
                "--reuse " + reuse + " configures the pooled client's connection pool: use --client pooled");
        check(reuse == ConnectionReuse.DEFAULT || mitigation == Mitigation.NONE, "withReuse", "ConnectionReuse." + reuse.name(),
                "it keeps connections alive, withMitigation(Mitigation." + mitigation.name() + ") changes how they close: "
                        + "drop one of them", null,
                "--reuse " + reuse + " keeps connections alive, --mitigation " + mitigation + " changes how they close: drop one of them");
        checkRange("withPortRange", "--port-range", portRange, targets);
        if (serverPortRange != null) {
            checkRange("withServerPortRange", "--server-port-range", serverPortRange, targets);
        }
        check(mitigation == Mitigation.NONE || client == ClientKind.PER_REQUEST || client == ClientKind.POOLED, "withMitigation",
                "Mitigation." + mitigation.name(), "it applies to the per-request and pooled clients: use ClientKind.PER_REQUEST "
                        + "or POOLED, not " + client.name(), null,
                "--mitigation " + mitigation + " applies to the per-request and pooled clients: use --client per-request or pooled");
        if (program instanceof CommandProgram || program instanceof ImageProgram) {
            String option = program instanceof CommandProgram ? "--client-command" : "--client-image";
            String kind = program instanceof CommandProgram ? "a command" : "an image";
            check(concurrency == 1, "withConcurrency", concurrency, kind + " of your own runs one document at a time", "1",
                    option + " runs one document at a time: drop --concurrency " + concurrency);
            check(rate == 0, "withRate", rate, kind + " of your own runs as fast as the program goes", "0",
                    option + " runs as fast as the program goes: drop --rate");
            check(targets == 1, "withTargets", targets, kind + " of your own sends to one destination", "1",
                    option + " sends to one destination: drop --targets " + targets);
            check(!(awaitRecovery && program instanceof ImageProgram), "withAwaitRecovery", true,
                    "recovery is probed with portex's own client, not with an image: drop it, or use a CommandProgram", null,
                    "--await-recovery probes with portex's own client, not with an image: drop it, or use --client-command");
        }
        check(fault == null || !(program instanceof CommandProgram || program instanceof ImageProgram), "withFault", fault,
                "it needs portex's own load generator, whose progress tells when the load reaches the fault's time: use it "
                        + "with a built-in client or a DocumentSender, not with a command or an image", null,
                "--fault needs portex's own load generator, whose progress tells the harness when the load reaches the"
                        + " fault's time: use it with a built-in --client or a DocumentSender, not with --client-command or --client-image");
        check(fault == null || !awaitRecovery, "withFault", fault,
                "a fault's run ends soon after the fault: drop withAwaitRecovery(true)", null,
                "--fault and --await-recovery: a fault's run ends soon after the fault; drop --await-recovery");
        if (nat != null) {
            checkNat(nat, program == null || program instanceof SenderProgram ? null
                    : program instanceof CommandProgram ? "--client-command" : "--client-image",
                    program instanceof SenderProgram, targets, serverPortRange, mitigation, tcpTwReuse, awaitRecovery, fault);
        }
        if (target != null) {
            checkTarget(client, program, nat, targets, serverPortRange, esClient, mitigation, serverKeepAliveMs, fault,
                    durability);
        }
        if (tls) {
            checkTls(client, program, nat, target, targets);
        }
        check(tls || client.group() != ClientKind.Group.TLS, "withClient", client.name(), "it is a reuse trap that only HTTPS "
                + "shows: add withTls()", null, "--client " + client + " is a reuse trap that only HTTPS shows: add --tls");
        check(client.builtIn() == (program == null) && (program == null || program.kind() == client), "withClient", client.name(),
                client.builtIn()
                        ? "a program of your own goes with the " + (program == null ? "" : program.kind()) + " client, not with " + client
                        : "the " + client + " client runs a program of your own: use Scenario.ofProgram(...)", null,
                client.builtIn()
                        ? "a program of your own goes with the " + (program == null ? "" : program.kind()) + " client, not with " + client
                        : "the " + client + " client runs a program of your own: use Scenario.ofProgram(...)");
    }

    /**
     * {@code docs} documents from {@code client} on {@code range}; everything else at its default (over HTTPS for a
     * client of {@link ClientKind.Group#TLS}, which only HTTPS shows).
     */
    public static Scenario of(ClientKind client, PortRange range, int docs) {
        return new Scenario(client, docs, 0, 1, range, EsClientMode.POOLED, null, 1, 0, Mitigation.NONE, false,
                DEFAULT_MAX_SECONDS, 0, ConnectionReuse.DEFAULT, null, null, null, null, null, null,
                client.group() == ClientKind.Group.TLS);
    }

    /** {@code docs} documents from the user's own {@code program} on {@code range}; everything else at its default. */
    public static Scenario ofProgram(ClientProgram program, PortRange range, int docs) {
        return new Scenario(program.kind(), docs, 0, 1, range, EsClientMode.POOLED, null, 1, 0, Mitigation.NONE, false,
                DEFAULT_MAX_SECONDS, 0, ConnectionReuse.DEFAULT, null, program, null, null, null, null, false);
    }

    public Scenario withClient(ClientKind client) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withDocs(int docs) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withRate(double rate) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withConcurrency(int concurrency) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withPortRange(PortRange portRange) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withEsClient(EsClientMode esClient) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    /** Also narrows Node's own namespace; null leaves it alone. */
    public Scenario withServerPortRange(PortRange serverPortRange) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withTargets(int targets) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withTcpTwReuse(int tcpTwReuse) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withMitigation(Mitigation mitigation) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withAwaitRecovery(boolean awaitRecovery) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withMaxSeconds(int maxSeconds) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    /** Pauses {@code idleGapMs} before each document after the first (per client thread); 0 for none. */
    public Scenario withIdleGap(int idleGapMs) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    public Scenario withReuse(ConnectionReuse reuse) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    /** Node's keep-alive timeout in milliseconds (0 disables it); null for Node's default. Runs on a Node of its own. */
    public Scenario withServerKeepAlive(Integer serverKeepAliveMs) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    /** Kills a container during the load ({@code --fault}); null for none. Runs on a Node of its own. */
    public Scenario withFault(Fault fault) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    /** The index's translog durability for this run; null for the default ({@link #durabilityOrDefault}). */
    public Scenario withDurability(Durability durability) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    /** Puts the load generators behind a NAT ({@code --nat-ports}); null: they talk to Node directly. */
    public Scenario withNat(Nat nat) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    /**
     * Sends to your own service instead of portex's ingest server ({@code --target-image}); null: portex's stack. Such a
     * run needs no Elasticsearch: its result counts what the client side shows.
     */
    /**
     * Over HTTPS to portex's ingest server: Node listens on {@link #NODE_TLS_PORT} with a certificate of a CA made for
     * the stack, and the load generator trusts that CA (its JVM's default trust is set to it; a command gets
     * {@code $PORTEX_CA_FILE} and {@code $PORTEX_TRUST_STORE}).
     */
    public Scenario withTls(boolean tls) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
    }

    /** The same as {@code withTls(true)}: HTTPS to portex's ingest server. */
    public Scenario withTls() {
        return withTls(true);
    }

    public Scenario withTarget(Target target) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, tcpTwReuse,
                mitigation, awaitRecovery, maxSeconds, idleGapMs, reuse, serverKeepAliveMs, program, fault, durability, nat, target, tls);
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

    /**
     * What the NAT path runs: portex's own clients, one Node port, no setting that changes the client's own namespace or
     * the run's end (each is refused naming the option to drop).
     */
    private static void checkNat(Nat nat, String programOption, boolean sender, int targets, PortRange serverPortRange,
            Mitigation mitigation, int tcpTwReuse, boolean awaitRecovery, Fault fault) {
        String unsupported = programOption != null ? programOption
                : sender ? "a DocumentSender"
                : targets != 1 ? "--targets " + targets
                : serverPortRange != null ? "--server-port-range"
                : mitigation != Mitigation.NONE ? "--mitigation " + mitigation
                : tcpTwReuse != 0 ? "--tw-reuse " + tcpTwReuse
                : awaitRecovery ? "--await-recovery"
                : fault != null ? "--fault"
                : null;
        if (unsupported == null) {
            return;
        }
        String drop = sender ? "the sender" : unsupported.split(" ")[0];
        check(false, "withNat", "Nat " + nat.range(), "the NAT path runs portex's built-in clients towards one Node port,"
                + " without " + drop + ": drop one of them", null, "--nat-ports does not support " + unsupported
                + " (the NAT path runs portex's built-in clients towards one Node port): drop " + drop + " or --nat-ports");
    }

    /**
     * What a run against your own service takes: the Java load generator's clients (portex's own, or a
     * {@code DocumentSender}) or a command, one destination, and nothing that belongs to portex's own stack (Node's range,
     * its keep-alive, its Elasticsearch client, a fault, the index's durability, a NAT in front of Node). Each refused
     * setting is named with what to drop.
     */
    private static void checkTarget(ClientKind client, ClientProgram program, Nat nat, int targets, PortRange serverPortRange,
            EsClientMode esClient, Mitigation mitigation, Integer serverKeepAliveMs, Fault fault, Durability durability) {
        check(javaLoadGeneratorOrCommand(client, program), "withTarget", client.name(), "your own service is sent to by the Java load generator's clients, a "
                        + "DocumentSender or a command: use ClientKind.PER_REQUEST, POOLED, a Java client of the catalogue, "
                        + "Scenario.ofProgram(...) with a sender or a command", null,
                "--target-image runs the Java clients (--client per-request, pooled, ...), a sender or --client-command, not "
                        + clientOption(client, program) + ": drop --target-image, or choose one of those");
        String stackOnly = nat != null ? "--nat-ports"
                : targets != 1 ? "--targets " + targets
                : serverPortRange != null ? "--server-port-range"
                : esClient != EsClientMode.POOLED ? "--es-client " + esClient
                : mitigation == Mitigation.SERVER_CLOSES_FIRST ? "--mitigation " + mitigation
                : serverKeepAliveMs != null ? "--server-keep-alive"
                : fault != null ? "--fault"
                : durability != null ? "--durability"
                : null;
        if (stackOnly != null) {
            String drop = stackOnly.split(" ")[0];
            check(false, "withTarget", client.name(), "it sets portex's own ingest stack (" + drop + "), which a run against "
                    + "your own service does not use: drop one of them", null, "--target-image does not go with " + stackOnly
                    + " (it sets portex's own ingest stack, which a run against your service does not use): drop " + drop
                    + " or --target-image");
        }
    }

    /** The Java load generator's clients (built-in or a DocumentSender) or a command: what runs against a target. */
    private static boolean javaLoadGeneratorOrCommand(ClientKind client, ClientProgram program) {
        return program instanceof CommandProgram || program instanceof SenderProgram
                || program == null && client.runtime() == ClientKind.Runtime.JAVA;
    }

    /** How the command line names the client of a refused run: {@code --client-image} or {@code --client NAME}. */
    private static String clientOption(ClientKind client, ClientProgram program) {
        return program instanceof ImageProgram ? "--client-image" : "--client " + client;
    }

    /**
     * What an HTTPS run takes: clients that are given the stack's CA (every built-in client, a DocumentSender, a
     * command; not an image), portex's own ingest server on its one TLS port, directly (no NAT). Each refused setting is named with
     * what to drop.
     */
    private static void checkTls(ClientKind client, ClientProgram program, Nat nat, Target target, int targets) {
        check(!(program instanceof ImageProgram), "withTls", client.name(), "an HTTPS run gives the stack's CA to the load "
                        + "generator's clients, a DocumentSender or a command, not to an image of your own: drop one of them",
                null, "--tls gives the stack's CA to the built-in clients, a sender or --client-command, not to --client-image:"
                        + " drop --tls or --client-image");
        String other = target != null ? "--target-image" : nat != null ? "--nat-ports" : targets != 1 ? "--targets " + targets : null;
        if (other != null) {
            String drop = other.split(" ")[0];
            String why = target != null ? "--tls serves portex's own ingest server over HTTPS; your service's TLS is its own"
                    : nat != null ? "the NAT path sends plain HTTP" : "the ingest server serves HTTPS on one port, " + NODE_TLS_PORT;
            check(false, "withTls", true, why.replace("--tls", "withTls(true)") + ": drop one of them", null,
                    "--tls does not go with " + other + " (" + why.replace("--tls ", "it ") + "): drop " + drop + " or --tls");
        }
    }

    /** An ephemeral range that holds a port Node listens on would take it from the server. */
    private static void checkRange(String method, String option, PortRange range, int targets) {
        int last = NODE_PORT + targets - 1;
        String ports = targets > 1 ? "s " + NODE_PORT + "-" + last : " " + NODE_PORT;
        check(range.low() > last || range.high() < NODE_PORT, method, "new PortRange(" + range.low() + ", " + range.high() + ")",
                "overlaps the ingest server's listening port" + ports + ": choose a range above it", "new PortRange(41000, 41099)",
                option + " " + range + " overlaps the ingest server's listening port" + ports + ": choose a range above it, e.g. 40000-40136");
    }

    /**
     * @throws InvalidScenarioException unless {@code ok}: {@code method(value): rule; e.g. method(example)} in Java,
     *         {@code cliMessage} on the command line
     */
    private static void check(boolean ok, String method, Object value, String rule, String example, String cliMessage) {
        if (!ok) {
            throw new InvalidScenarioException(method, String.valueOf(value), rule, example, cliMessage);
        }
    }
}
