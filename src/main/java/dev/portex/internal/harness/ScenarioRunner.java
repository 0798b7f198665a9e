package dev.portex.internal.harness;

import dev.portex.model.ClientKind;
import dev.portex.model.ConnectionReuse;
import dev.portex.model.Failure;
import dev.portex.model.Fault;
import dev.portex.internal.containers.PortexContainer;
import dev.portex.model.ImageProgram;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.SenderProgram;
import java.util.List;
import dev.portex.model.ScenarioResult;
import dev.portex.api.PortexException;
import dev.portex.internal.infra.PortexHome;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portex.internal.infra.HostLog;
import dev.portex.internal.containers.ElasticsearchNodeContainer;
import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.model.EsClientMode;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.loadgen.JitWarmUp;
import dev.portex.internal.loadgen.LoadResult;
import dev.portex.internal.loadgen.SeqRanges;
import dev.portex.internal.sockets.TcpSocketTable;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import dev.portex.internal.containers.PortexLabels;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs scenarios on a {@link PortexStack}: a fresh load-generator namespace per run, and a Node
 * server per Elasticsearch-client configuration (a fresh one whenever Node's own namespace is part
 * of the story: its range is narrowed, it opens connections per request, or the TIME_WAIT is
 * expected on its side). Reads Node's,
 * Elasticsearch's and the kernel's counters before and after, and checks that every acknowledged
 * document, and nothing else, was indexed.
 */
public final class ScenarioRunner {
    /** The kernel keeps TIME_WAIT for 60 s; give up on recovery well after that. */
    public static final int RECOVERY_LIMIT_SECONDS = 120;
    /** How long a fault's run goes on after the fault (new documents), so that it shows what the fault did and ends. */
    public static final int FAULT_GRACE_SECONDS = 10;

    /** The stack, started on first use: a run against your own service ({@link Scenario#target()}) needs none. */
    private final java.util.function.Supplier<PortexStack> stack;
    /** Labels every container this runner starts ({@link PortexLabels#RUNNER}): its runs' load generators and Node servers. */
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private Consumer<LoadGeneratorContainer.Progress> progress = p -> { };

    public ScenarioRunner(PortexStack stack) {
        this.stack = () -> stack;
    }

    /**
     * A runner whose stack comes from {@code stack} at the first run that needs it (once; a run against your own service
     * never asks for it).
     */
    public static ScenarioRunner onDemand(java.util.function.Supplier<PortexStack> stack) {
        return new ScenarioRunner(stack);
    }

    private ScenarioRunner(java.util.function.Supplier<PortexStack> source) {
        java.util.concurrent.atomic.AtomicReference<PortexStack> started = new java.util.concurrent.atomic.AtomicReference<>();
        this.stack = () -> {
            synchronized (started) {
                if (started.get() == null) {
                    started.set(java.util.Objects.requireNonNull(source.get(), "stack"));
                }
                return started.get();
            }
        };
    }

    /** Receives the load generator's progress samples during each run. */
    public ScenarioRunner withProgress(Consumer<LoadGeneratorContainer.Progress> listener) {
        this.progress = listener;
        return this;
    }

    /** The stack runs of portex's own ingest server use, started now if it is not yet. */
    public PortexStack stack() {
        return stack.get();
    }

    /** The value of the {@link PortexLabels#RUNNER} label on the containers this runner starts. */
    public String id() {
        return id;
    }

    private boolean useSpares = true;

    /**
     * Whether runs on the warm stack may use its spare load generator (on by default): {@code bench} turns it off, since
     * it counts each load generator's CPU from its container's start.
     */
    public ScenarioRunner withSpares(boolean use) {
        this.useSpares = use;
        return this;
    }

    private int jitWarmUp;

    /**
     * Before each run's load, the Java load generator sends {@code requests} requests over loopback with a client of the
     * run's kind, with C2 on as well, so the load runs on compiled code ({@code bench} sets it; 0, the default, for none).
     * Only for built-in Java clients that reuse connections (see {@link #jitWarmUpFor}): the warm-up's connections never
     * reach the stack, but a port-counting scenario should not run it.
     */
    public ScenarioRunner withJitWarmUp(int requests) {
        if (requests < 0 || requests > JitWarmUp.MAX_REQUESTS) {
            throw new PortexException("--jit-warm-up must be from 0 (none) to " + JitWarmUp.MAX_REQUESTS
                    + " requests, got " + requests);
        }
        this.jitWarmUp = requests;
        return this;
    }

    /** The warm-up {@code scenario} gets: {@link #withJitWarmUp}'s for a built-in Java client that reuses connections, else 0. */
    int jitWarmUpFor(Scenario scenario) {
        return scenario.client().builtIn() && scenario.client().runtime() == ClientKind.Runtime.JAVA
                && scenario.client().reusesConnections() && scenario.sender() == null && scenario.program() == null
                ? jitWarmUp : 0;
    }

    /**
     * True when the warm stack's spare load generator ({@link WarmStack#SPARE_RANGE}, the Java image on its own jar) is
     * what {@code scenario} would start: a built-in Java client, the spare's range, {@code tcp_tw_reuse} 0, no fault.
     */
    static boolean fitsSpare(Scenario scenario) {
        return scenario.client().builtIn() && scenario.client().runtime() == ClientKind.Runtime.JAVA
                && scenario.program() == null && scenario.sender() == null && scenario.fault() == null
                && scenario.portRange().equals(WarmStack.SPARE_RANGE) && scenario.tcpTwReuse() == 0;
    }

    public ScenarioResult run(Scenario scenario) {
        return run(scenario, loadgen -> { });
    }

    /**
     * Runs {@code scenario}; {@code afterRun} sees the load generator's container while its
     * namespace (and its TIME_WAIT sockets) still exists.
     */
    public ScenarioResult run(Scenario scenario, Consumer<LoadGeneratorContainer> afterRun) {
        return run(scenario, afterRun, false);
    }

    /**
     * Runs {@code scenario} as {@link #run(Scenario, Consumer)} does, its load with no other load or container start of
     * this JVM beside it ({@link dev.portex.internal.containers.LoadGate}): for a claim that holds at full speed only, while runs
     * of other test classes go on side by side.
     */
    public ScenarioResult runAlone(Scenario scenario, Consumer<LoadGeneratorContainer> afterRun) {
        return run(scenario, afterRun, true);
    }

    private ScenarioResult run(Scenario scenario, Consumer<LoadGeneratorContainer> afterRun, boolean alone) {
        if (scenario.target() != null) {
            return new TargetRun(id, progress).run(scenario, afterRun, alone);
        }
        if (scenario.nat() != null) {
            return runBehindNat(scenario, (router, clients, target) -> { },
                    (router, clients, target) -> afterRun.accept(clients.get(0)));
        }
        if (scenario.sender() != null) {
            SenderCheck.verify(scenario.sender());
        }
        PortexStack stack = stack();
        boolean freshNode = scenario.needsOwnNode();
        String runId = UUID.randomUUID().toString();
        // A user's image writes documents portex did not number: into an index of the run's own, which its Node writes to.
        String imageIndex = scenario.program() instanceof ImageProgram ? PortexStack.imageIndex(runId) : null;
        IngestNodeContainer node = freshNode ? startNode(scenario, imageIndex) : sharedNode(scenario);
        Fault fault = scenario.fault();
        // a spare's JVM runs C1 only: a load with a JIT warm-up needs a JVM of its own
        boolean fitsSpare = useSpares && fitsSpare(scenario) && jitWarmUpFor(scenario) == 0;
        LoadGeneratorContainer spare = fitsSpare ? stack.claimSpare().orElse(null) : null;
        LoadGeneratorContainer loadgen = spare != null ? spare : LoadGeneratorContainer.forScenario(scenario)
                .withNetwork(stack.network())
                .withPortRange(scenario.portRange())
                .withTcpTwReuse(scenario.tcpTwReuse())
                .withLabel(PortexLabels.RUNNER, id);
        // A spare is left, marked as used, for the next run to remove while that one runs (PortexStack.attach): this
        // run's exit need not wait for Docker to tear its namespace down. Any other load generator goes now.
        try (Removal removal = spare != null ? () -> { } : loadgen::close;
                FaultInjector<BeforeKill> injector = fault == null ? null
                        : new FaultInjector<>(fault, target(fault, node, loadgen), () -> beforeKill(fault, node, loadgen))) {
            loadgen.withProgress(injector == null ? progress : p -> {
                progress.accept(p);
                injector.onProgress(p);
            });
            if (spare == null) {
                loadgen.start();
                HostLog.debug("load generator container started");
            } else {
                HostLog.debug("load generator: the warm stack's spare");
            }
            if (scenario.tls()) {
                loadgen.trust(stack.ca());
            }
            if (fitsSpare) {
                // the next run's, for the one this run took or did not find: its container now, its JVM after this run
                stack.replaceSpare();
            }
            // What this run's load generator sent Node, and what this run's Node opened towards Elasticsearch, are told
            // apart from other runs on the same stack by their addresses on its network (runs may go on side by side).
            String clientAddress = loadgen.addressOn(stack.network());
            String nodeAddress = node.addressOn(stack.network());
            // The reads before the load go at once, each a round trip to Docker or a server, and while the index is made
            // ready; Elasticsearch's list of connections only after that.
            var nodeBeforeRead = read(() -> PortexStack.nodeStats(node, clientAddress));
            var tcpBeforeRead = read(loadgen::tcpCounters);
            var nodeTcpBeforeRead = read(node::tcpCounters);
            // what the images run: read once per image in this JVM (a copy out of the container), before a fault can strike
            var nodeImageRead = read(node::imageVersions);
            var loadgenImageRead = read(loadgen::imageVersions);
            stack.awaitIndex();
            stack.useDurability(scenario.durabilityOrDefault());
            HostLog.debug("index ready");
            if (imageIndex != null) {
                stack.createIndex(imageIndex);
            }
            Set<Long> esBefore = stack.elasticsearchConnectionsFrom(nodeAddress);
            JsonNode nodeBefore = join(nodeBeforeRead);
            Map<String, Long> tcpBefore = join(tcpBeforeRead);
            Map<String, Long> nodeTcpBefore = join(nodeTcpBeforeRead);
            LoadGeneratorContainer.Load sent = load(scenario, node, runId, scenario.docs(), jitWarmUpFor(scenario));
            HostLog.debug("counters read before the load");
            long loadStarted = System.nanoTime();
            LoadResult load;
            try {
                load = scenario.program() instanceof ImageProgram image
                        ? imageLoad(loadgen.runImage(image, sent.targets().get(0), scenario.docs(), runId, scenario.maxSeconds()),
                                scenario)
                        : loadgen.run(sent, alone);
            } catch (RuntimeException e) {
                if (injector == null || !injector.killed() || fault.kind() != Fault.Kind.LOADGEN_KILL) {
                    throw e;
                }
                load = null; // it died with the load generator: what Node acknowledged is counted below
            }
            long loadEnded = System.nanoTime();
            HostLog.debug("load ended");
            boolean faulted = injector != null && injector.killed();
            BeforeKill before = faulted ? injector.snapshot() : null;
            if (faulted && fault.kind() == Fault.Kind.ES_KILL) {
                HostLog.info("fault: starting Elasticsearch again to count what survived ...");
                stack.elasticsearch().startAgainAndWait(java.time.Duration.ofMinutes(3));
                // Node servers kept connections to the killed node; the next scenario gets new ones.
                stack.forgetSharedNodes(node);
            }
            boolean loadgenDead = faulted && fault.kind() == Fault.Kind.LOADGEN_KILL;
            boolean nodeDead = faulted && fault.kind() == Fault.Kind.NODE_KILL;
            var nodeTcpAfterRead = nodeDead ? null : read(node::tcpCounters);
            // A killed load generator left requests in flight that Node still answers to nobody: counted once decided.
            var nodeAfterRead = nodeDead ? null : read(() -> loadgenDead
                    ? PortexStack.settledNodeStats(node, clientAddress, PortexStack.IN_FLIGHT_LIMIT)
                    : PortexStack.nodeStats(node, clientAddress));
            // A killed Elasticsearch forgets its connections: the list read just before the kill stands for it.
            Set<Long> esAfter = new HashSet<>(faulted && fault.kind() == Fault.Kind.ES_KILL
                    ? (before == null ? esBefore : before.esConnections())
                    : stack.elasticsearchConnectionsFrom(nodeAddress));
            esAfter.removeAll(esBefore);
            long esOpened = esAfter.size();
            // The Java and Go load generators recorded their namespace before they closed their client and exited
            // (what a long-lived process would hold); the Python one is read now, after it exited.
            LoadGeneratorContainer.EndOfLoadRecord endOfLoad = loadgenDead ? null : loadgen.endOfLoad(runId);
            Map<String, Long> tcpAfter = loadgenDead ? snapshotOr(before, BeforeKill::tcpCounters, tcpBefore)
                    : endOfLoad != null ? endOfLoad.tcpCounters() : loadgen.tcpCounters();
            Map<String, Long> nodeTcpAfter = nodeDead ? snapshotOr(before, BeforeKill::tcpCounters, nodeTcpBefore) : join(nodeTcpAfterRead);
            JsonNode nodeAfter = nodeDead ? snapshotOr(before, BeforeKill::nodeStats, nodeBefore) : join(nodeAfterRead);
            if (System.getenv("PORTEX_DEBUG") != null) {
                // What the kernels and Node counted, for a failure the result's numbers do not explain yet.
                HostLog.info("client namespace TCP counters (changed): " + nonZeroDeltas(tcpBefore, tcpAfter));
                HostLog.info("Node namespace TCP counters (changed): " + nonZeroDeltas(nodeTcpBefore, nodeTcpAfter));
                HostLog.info("Node /stats after the run: " + nodeAfter);
            }
            // The client's sockets towards Node (the container's own DNS listener is not one of them).
            // Read now (not recorded at the end of the load), the table waits for the last closes to finish, as the Java
            // load generator's record does.
            TcpSocketTable clientSockets = (loadgenDead ? snapshotOr(before, BeforeKill::sockets, TcpSocketTable.empty())
                    : endOfLoad != null ? endOfLoad.sockets() : TcpSocketTable.settled(loadgen::socketTable, TcpSocketTable.SETTLE_LIMIT))
                    .filter(s -> isNodePort(s.remotePort(), scenario));
            // Node's sockets of this run: towards the load generator (where the TIME_WAIT goes when the server closes first)
            // and towards Elasticsearch; not the harness's own requests for /stats, which come through Docker's port mapping.
            TcpSocketTable nodeSockets = !freshNode ? null
                    : nodeDead ? snapshotOr(before, BeforeKill::sockets, null) : node.socketTable();
            TcpSocketTable serverSockets = nodeSockets == null ? null : nodeSockets.filter(
                    s -> s.remotePort() == ElasticsearchNodeContainer.HTTP_PORT || sameAddress(s.remoteAddress(), clientAddress));
            if (load == null) {
                load = diedWithTheLoadGenerator(scenario, delta(nodeBefore, nodeAfter, "received"),
                        delta(nodeBefore, nodeAfter, "indexed"), TimeUnit.NANOSECONDS.toMillis(loadEnded - loadStarted));
            }
            Long recoveredAfterMs = !scenario.awaitRecovery() || load.failed() == 0 ? null
                    : endOfLoad != null ? endOfLoad.recoveredAfterMs()
                    : awaitRecovery(loadgen, sent, load, scenario.portRange());
            afterRun.accept(loadgen);
            HostLog.debug("counters and sockets read");

            // A user's image writes documents of its own making: count its run's own index.
            long indexed = imageIndex != null ? stack.countIn(imageIndex) : stack.indexedCount(runId);
            if (!scenario.client().builtIn() && !(scenario.program() instanceof SenderProgram)) {
                load = countedByTheServer(load, delta(nodeBefore, nodeAfter, "indexed"));
            }
            HostLog.debug("documents counted in Elasticsearch");
            ScenarioResult.Setup setup = new ScenarioResult.Setup(scenario.client(),
                    scenario.program() == null ? null : scenario.program().label(), scenario.esClient(),
                    PortexHome.elasticsearchVersion(), nodeAfter.path("esClientVersion").asText(null),
                    versions(scenario.client(), nodeAfter, join(nodeImageRead), join(loadgenImageRead)),
                    ScenarioResult.Range.of(scenario.portRange()), loadgen.getPortsTakenAtStart().size(),
                    ScenarioResult.Range.of(scenario.serverPortRange()),
                    scenario.targets(), scenario.tcpTwReuse(), scenario.mitigation(),
                    scenario.docs(), scenario.rate(), scenario.concurrency(),
                    scenario.idleGapMs() > 0 ? scenario.idleGapMs() : null,
                    scenario.reuse() == ConnectionReuse.DEFAULT ? null : scenario.reuse(),
                    scenario.serverKeepAliveMs(), scenario.fault(),
                    scenario.fault() != null || scenario.durability() != null ? scenario.durabilityOrDefault() : null,
                    scenario.tls() ? new ScenarioResult.Tls(sent.targets().get(0), stack.ca().subject()) : null);
            ScenarioResult.ClientSide clientSide = clientSide(load);
            ScenarioResult.ServerSide serverSide = new ScenarioResult.ServerSide(indexed,
                    delta(nodeBefore, nodeAfter, "received"),
                    delta(nodeBefore, nodeAfter, "failed"),
                    esOpened,
                    delta(nodeBefore, nodeAfter, "esConnectionsOpened"),
                    delta(nodeBefore, nodeAfter, "esProductChecks"),
                    delta(nodeBefore, nodeAfter, "docsConnections"),
                    delta(nodeBefore, nodeAfter, "docsConnectionsTimedOut"),
                    scenario.reuse().documentsCarryTheirId() ? delta(nodeBefore, nodeAfter, "overwritten") : null);
            ScenarioResult.Sockets sockets = clientSockets(tcpBefore, tcpAfter, clientSockets, serverSockets, recoveredAfterMs);
            return new ScenarioResult(runId, setup, clientSide, serverSide, sockets,
                    integrity(scenario, load, indexed, runId),
                    new ScenarioResult.Timing(load.durationMs(), load.docsPerSecond(), load.stoppedBy(), load.samples(),
                            faulted ? injector.injectedAtMs() : null, faulted ? injector.millisSinceKill(loadEnded) : null));
        } finally {
            if (freshNode) {
                stack.remove(node);
            }
            if (imageIndex != null) {
                PortexStack.quietly(() -> stack.deleteIndex(imageIndex));
            }
        }
    }

    /**
     * The sockets part of a result: the client namespace's counters over the run, its sockets towards the server, and
     * the server's ({@code serverSockets}: Node's own, or null where not read).
     */
    static ScenarioResult.Sockets clientSockets(Map<String, Long> tcpBefore, Map<String, Long> tcpAfter,
            TcpSocketTable clientSockets, TcpSocketTable serverSockets, Long recoveredAfterMs) {
        return new ScenarioResult.Sockets(
                delta(tcpBefore, tcpAfter, "ActiveOpens"),
                delta(tcpBefore, tcpAfter, "OutRsts"),
                clientSockets.distinctLocalPortCount(),
                clientSockets.count("TIME_WAIT"),
                clientSockets.stateHistogram(),
                serverSockets == null ? null : serverSockets.count("TIME_WAIT"),
                serverSockets == null ? null : serverSockets.stateHistogram(),
                recoveredAfterMs,
                delta(tcpBefore, tcpAfter, "EstabResets"),
                delta(tcpBefore, tcpAfter, "TW"),
                delta(tcpBefore, tcpAfter, "TWRecycled") + delta(tcpBefore, tcpAfter, "TWKilled"));
    }

    /** The client side of a result, as the load generator counted it. */
    static ScenarioResult.ClientSide clientSide(LoadResult load) {
        return new ScenarioResult.ClientSide(load.acknowledged(), load.failed(), load.firstFailureAt(),
                load.acknowledgedBeforeFirstFailure(), load.error(), load.errorCounts(), load.retries());
    }

    /** What a run behind a NAT lets a caller see after its load, while its router and load generators still exist. */
    @FunctionalInterface
    public interface WhileBehindNat {
        /**
         * @param router the NAT router, its rules and conntrack table as the load left them
         * @param clients the load generators behind it
         * @param target the URL they send to: Node's, through the NAT
         */
        void accept(dev.portex.internal.containers.NatRouterContainer router, List<LoadGeneratorContainer> clients, String target);
    }

    /**
     * Runs {@code scenario}, which puts its load generators behind a NAT ({@link Scenario#nat()}): {@code beforeLoad} sees
     * the router and the load generators once the NAT is set, before the load (the NAT's ports all free), and
     * {@code afterLoad} after it, before they are removed.
     */
    public ScenarioResult runBehindNat(Scenario scenario, WhileBehindNat beforeLoad, WhileBehindNat afterLoad) {
        if (scenario.nat() == null) {
            throw new IllegalArgumentException("the scenario has no NAT (Scenario.withNat): " + scenario);
        }
        // a Node of the run's own when the scenario changes Node (its keep-alive timeout, say), removed after the run
        boolean ownNode = scenario.needsOwnNode();
        IngestNodeContainer node = ownNode ? startNode(scenario, null) : sharedNode(scenario);
        try {
            return new NatRun(stack(), id, progress).run(scenario, node, beforeLoad, afterLoad);
        } finally {
            if (ownNode) {
                stack().remove(node);
            }
        }
    }

    /** What removes a run's load generator at the end of {@link #run}: an {@link AutoCloseable} that throws nothing. */
    private interface Removal extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * What the run ran on: Node.js as its /stats says ({@code nodeVersion}, without the "v"), the load generator's JRE
     * for a Java client, Python and its library (requests and urllib3, httpx, or aiohttp) for a Python client of portex's own,
     * Go for a Go client, Node.js and undici or axios for a Node.js client (a {@code --client-command} or
     * {@code --client-image} run's client is the user's program, not Python), and the Debian of the Node image and the
     * load generator's (one value when they agree, as they do when both are built from the same base image).
     */
    static ScenarioResult.Versions versions(ClientKind client, JsonNode nodeStats, Map<String, String> nodeImage,
                                            Map<String, String> loadgenImage) {
        String node = nodeStats == null ? null : nodeStats.path("nodeVersion").asText(null);
        if (node == null) {
            node = nodeImage.get("node");
        } else if (node.startsWith("v")) {
            node = node.substring(1);
        }
        boolean onJava = client.runtime() == ClientKind.Runtime.JAVA;
        boolean onGo = client.runtime() == ClientKind.Runtime.GO;
        String nodeLibrary = client.nodeLibrary();
        String library = client.pythonLibrary();
        boolean python = library != null;
        String debian = java.util.stream.Stream.of(nodeImage.get("debian"), loadgenImage.get("debian"))
                .filter(java.util.Objects::nonNull).distinct().collect(java.util.stream.Collectors.joining(", "));
        return new ScenarioResult.Versions(node, onJava ? loadgenImage.get("java") : null,
                python ? loadgenImage.get("python") : null,
                "requests".equals(library) ? loadgenImage.get("requests") : null,
                "requests".equals(library) ? loadgenImage.get("urllib3") : null,
                "httpx".equals(library) ? loadgenImage.get("httpx") : null,
                "aiohttp".equals(library) ? loadgenImage.get("aiohttp") : null, onGo ? loadgenImage.get("go") : null,
                nodeLibrary != null ? loadgenImage.get("node") : null,
                // fetch as it comes runs the undici bundled in Node.js; node-fetch-reset dispatches through npm's undici
                client == ClientKind.NODE_FETCH ? loadgenImage.get("node-undici")
                        : "undici".equals(nodeLibrary) ? loadgenImage.get("undici") : null,
                "axios".equals(nodeLibrary) ? loadgenImage.get("axios") : null,
                debian.isEmpty() ? null : debian);
    }

    /** Reads that go on while the runner does its own (daemon threads: a read never keeps the JVM alive). */
    private static final ExecutorService READS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "portex-read");
        t.setDaemon(true);
        return t;
    });

    static <T> Future<T> read(Callable<T> read) {
        return READS.submit(read);
    }

    /** The read's value; its failure as the runner's own (unchecked) failure. */
    static <T> T join(Future<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the run's counters", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** What the runner reads after a run, read instead just before the fault killed the container that holds it. */
    record BeforeKill(Map<String, Long> tcpCounters, TcpSocketTable sockets, JsonNode nodeStats, Set<Long> esConnections) {
    }

    private PortexContainer<?> target(Fault fault, IngestNodeContainer node, LoadGeneratorContainer loadgen) {
        return switch (fault.kind()) {
            case ES_KILL -> stack().elasticsearch();
            case NODE_KILL -> node;
            case LOADGEN_KILL -> loadgen;
        };
    }

    private BeforeKill beforeKill(Fault fault, IngestNodeContainer node, LoadGeneratorContainer loadgen) {
        return switch (fault.kind()) {
            case ES_KILL -> new BeforeKill(null, null, null, stack().elasticsearchConnectionsFrom(node.addressOn(stack().network())));
            case NODE_KILL -> new BeforeKill(node.tcpCounters(), node.socketTable(),
                    PortexStack.nodeStats(node, loadgen.addressOn(stack().network())), null);
            case LOADGEN_KILL -> new BeforeKill(loadgen.tcpCounters(), loadgen.socketTable(), null, null);
        };
    }

    private static <T> T snapshotOr(BeforeKill before, java.util.function.Function<BeforeKill, T> part, T otherwise) {
        T value = before == null ? null : part.apply(before);
        return value != null ? value : otherwise;
    }

    /**
     * The load generator was killed: it could not report. The documents it got acknowledged are Node's 201s; none is
     * counted as failed (those it had not sent were never tried).
     */
    static LoadResult diedWithTheLoadGenerator(Scenario scenario, long nodeReceived, long nodeAcknowledged, long durationMs) {
        int acknowledged = (int) nodeAcknowledged;
        return new LoadResult(scenario.client().cliName(), scenario.docs(), scenario.concurrency(), scenario.rate(),
                (int) nodeReceived, acknowledged, 0, null, null, null, null, null, durationMs,
                LoadResult.docsPerSecond(acknowledged, durationMs),
                "fault", List.of(), null, null);
    }

    /**
     * Every acknowledged document indexed, and nothing else: compared document by document up to
     * 10,000 documents (one search), by counts beyond.
     */
    private ScenarioResult.Integrity integrity(Scenario scenario, LoadResult load, long indexed, String runId) {
        return integrity(stack(), scenario, load, indexed, runId);
    }

    /** The nothing-lost check of one load on {@code stack}: see {@link #integrity(Scenario, LoadResult, long, String)}. */
    static ScenarioResult.Integrity integrity(PortexStack stack, Scenario scenario, LoadResult load, long indexed, String runId) {
        if (scenario.docs() > 10_000 || load.acknowledgedSeqs() == null) {
            return new ScenarioResult.Integrity((int) Math.max(0, load.acknowledged() - indexed),
                    (int) Math.max(0, indexed - load.acknowledged()));
        }
        BitSet acked = SeqRanges.toBitSet(load.acknowledgedSeqs());
        BitSet present = stack.indexedSeqs(runId, scenario.docs());
        BitSet missing = (BitSet) acked.clone();
        missing.andNot(present);
        BitSet unexpected = (BitSet) present.clone();
        unexpected.andNot(acked);
        return new ScenarioResult.Integrity(missing.cardinality(), unexpected.cardinality());
    }

    /**
     * A command's or an image's documents are acknowledged when Node answered 201 (its {@code indexed} count): the
     * program's own view (an exit status) does not say which documents got through. The first failure and its
     * text stay the program's. Which documents were acknowledged is not known one by one, so the nothing-lost
     * check compares counts.
     */
    static LoadResult countedByTheServer(LoadResult load, long nodeAcknowledged) {
        int acknowledged = (int) nodeAcknowledged;
        int failed = Math.max(0, load.docs() - acknowledged);
        Integer firstFailureAt = load.firstFailureAt();
        Failure error = load.error();
        if (failed > 0 && firstFailureAt == null) {
            // the program said nothing failed, yet Node acknowledged fewer documents than were to be sent
            error = error != null ? error : new Failure("not acknowledged", failed + " of " + load.docs()
                    + " documents were not acknowledged by the server (HTTP 201); the program reported no failure");
        }
        return new LoadResult(load.client(), load.docs(), load.concurrency(), load.rate(), load.attempted(), acknowledged,
                failed, firstFailureAt, error, firstFailureAt == null ? null : firstFailureAt - 1,
                load.firstFailureEpochMs(), null, load.durationMs(),
                LoadResult.docsPerSecond(acknowledged, load.durationMs()),
                load.stoppedBy(), load.samples(), load.errorCounts(), load.retries());
    }

    /** A user's image run, as a load result: its exit status and stderr are the error when it failed. */
    private static LoadResult imageLoad(LoadGeneratorContainer.ImageRun run, Scenario scenario) {
        Failure error = run.exitCode() == null
                ? new Failure("time limit", "the image was still running after " + scenario.maxSeconds() + " s and was stopped; "
                        + run.stderrTail())
                : run.exitCode() != 0 ? new Failure("exit " + run.exitCode(), run.stderrTail()) : null;
        return new LoadResult(ClientKind.IMAGE.cliName(), scenario.docs(), 1, 0, scenario.docs(), 0, 0, null, error, null,
                null, null, run.durationMs(), 0, run.exitCode() == null ? "time-limit" : "completed", List.of(), null, null);
    }

    /**
     * Python and command load generators: sends one probe document from the exhausted namespace every second in which a
     * port of {@code range} is free for the probe's destination, until one is acknowledged (ports leave TIME_WAIT 60 s
     * after they entered it), for at most {@link #RECOVERY_LIMIT_SECONDS}. Whether a port is free is read from the
     * namespace's socket table each second (a read of a file on the host, where a probe is a new process in the
     * container: about a quarter of a CPU second for Python); while every port is held there, no probe is sent.
     * Returns the time from the first failure to the first acknowledged probe, or null if none was.
     * Probes carry their own run id, so they do not count as the run's documents.
     */
    static Long awaitRecovery(LoadGeneratorContainer loadgen, LoadGeneratorContainer.Load sent, LoadResult load,
            PortRange range) {
        long failedAt = load.firstFailureEpochMs() != null ? load.firstFailureEpochMs() : System.currentTimeMillis();
        long giveUpAt = failedAt + TimeUnit.SECONDS.toMillis(RECOVERY_LIMIT_SECONDS);
        String probeRunId = "probe-" + UUID.randomUUID();
        HostLog.info("waiting for the namespace to recover (TIME_WAIT is 60 s; giving up after "
                + RECOVERY_LIMIT_SECONDS + " s) ...");
        int destinationPort = java.net.URI.create(sent.targets().get(0)).getPort();
        while (System.currentTimeMillis() < giveUpAt) {
            long sentAt = System.currentTimeMillis();
            if (!everyPortHeld(loadgen.socketTable(), range, destinationPort)) {
                LoadResult probe = loadgen.run(sent.probe(probeRunId));
                if (probe.acknowledged() == 1) {
                    return System.currentTimeMillis() - failedAt - (System.currentTimeMillis() - sentAt) / 2;
                }
            }
            long next = sentAt + 1000;
            while (System.currentTimeMillis() < next) {
                sleep(next - System.currentTimeMillis());
            }
        }
        HostLog.info("no recovery within " + RECOVERY_LIMIT_SECONDS + " s of the first failure");
        return null;
    }

    /**
     * Whether a {@code connect()} to a destination on {@code destinationPort} would find no free port of {@code range}:
     * each port of the range has an outgoing socket (in any state, TIME_WAIT included) to that port. The kernel takes a
     * port held for one destination for another, so only sockets to the probe's destination count.
     */
    public static boolean everyPortHeld(TcpSocketTable sockets, PortRange range, int destinationPort) {
        return sockets.distinctLocalPorts(destinationPort).stream().filter(range::contains).count() >= range.size();
    }

    static LoadGeneratorContainer.Load load(Scenario scenario, IngestNodeContainer node, String runId, int docs, int jitWarmUp) {
        if (scenario.tls()) {
            return load(scenario, List.of(node.getInternalTlsDocsUrl()), runId, docs, jitWarmUp).trustingTheStack();
        }
        return load(scenario, node.getInternalDocsUrls().subList(0, scenario.targets()), runId, docs, jitWarmUp);
    }

    /** The load of {@code scenario} towards {@code targets} (URLs as the load generator reaches them). */
    static LoadGeneratorContainer.Load load(Scenario scenario, List<String> targets, String runId, int docs, int jitWarmUp) {
        // The Java and Go load generators wait for recovery themselves, with the same client in the same process, so
        // that connections it leaked are still held while it waits (see awaitRecovery for the others).
        int recoverySeconds = scenario.awaitRecovery() && recordsItsEndOfLoad(scenario) ? RECOVERY_LIMIT_SECONDS : 0;
        return new LoadGeneratorContainer.Load(scenario.client(), docs, scenario.rate(), scenario.concurrency(),
                targets, runId, maxSeconds(scenario),
                scenario.mitigation().closeMode(), scenario.program(), scenario.idleGapMs(), scenario.reuse(), recoverySeconds,
                jitWarmUp);
    }

    /**
     * A fault's run ends {@link #FAULT_GRACE_SECONDS} after the fault at the latest: the load generator sends no new
     * document after that (an answer it waits for can take its client's time-out on top).
     */
    static int maxSeconds(Scenario scenario) {
        return scenario.fault() == null ? scenario.maxSeconds()
                : Math.min(scenario.maxSeconds(), (scenario.fault().atMs() + 999) / 1000 + FAULT_GRACE_SECONDS);
    }

    /**
     * Runs in the Java load generator (portex's Java clients, or a user's sender), the Go or a Node.js one: each records its
     * namespace at the end of the load, while its client still holds what it holds, and can await recovery itself.
     */
    private static boolean recordsItsEndOfLoad(Scenario scenario) {
        ClientKind.Runtime runtime = scenario.client().runtime();
        return runtime == ClientKind.Runtime.JAVA || runtime == ClientKind.Runtime.GO || runtime.nodeMajor() != null;
    }

    /** A Node server for {@code scenario}, labelled as this runner's, writing into {@code index} (null: the documents index). */
    private IngestNodeContainer startNode(Scenario scenario, String index) {
        return stack().startIngestNode(node -> {
            node.withEsClient(scenario.esClient()).withListeningPorts(scenario.targets()).withLabel(PortexLabels.RUNNER, id);
            if (index != null) {
                node.withIndex(index);
            }
            if (scenario.serverKeepAliveMs() != null) {
                node.withKeepAliveTimeout(scenario.serverKeepAliveMs());
            }
            if (scenario.tls()) {
                node.withTls(stack().ca().issueServer(List.of(node.getNetworkAlias())));
            }
            return scenario.serverPortRange() == null ? node : node.withPortRange(scenario.serverPortRange());
        });
    }

    /**
     * The Node server that runs of {@code scenario} share (one per Elasticsearch-client configuration; on the warm stack,
     * its own): started if none is yet. Not for scenarios that get a fresh one each ({@link Scenario#needsOwnNode()}).
     */
    public IngestNodeContainer sharedNodeFor(Scenario scenario) {
        if (scenario.needsOwnNode()) {
            throw new IllegalArgumentException("each run of this scenario starts a Node server of its own: " + scenario);
        }
        return sharedNode(scenario);
    }

    /** The Node server scenarios of one configuration share: the warm stack's, if it has one, else started for this stack. */
    private IngestNodeContainer sharedNode(Scenario scenario) {
        return stack().sharedNode(sharedNodeKey(scenario), () -> startNode(scenario, null));
    }

    /**
     * Which shared Node server a scenario's runs go to: one per Elasticsearch client and number of ports, and one more
     * serving HTTPS as well (its certificate from the stack's CA), which every {@code --tls} run of the stack shares.
     */
    static String sharedNodeKey(Scenario scenario) {
        return scenario.esClient().cliName() + "/" + scenario.targets() + (scenario.tls() ? "/tls" : "");
    }

    /** {@code address} as a socket table shows it (IPv4, or IPv4-mapped in a tcp6 table) is {@code ipv4}. */
    static boolean sameAddress(String address, String ipv4) {
        return address.equals(ipv4) || address.equalsIgnoreCase("::ffff:" + ipv4);
    }

    static boolean isNodePort(int port, Scenario scenario) {
        if (scenario.tls()) {
            return port == IngestNodeContainer.TLS_PORT;
        }
        return port >= IngestNodeContainer.HTTP_PORT && port < IngestNodeContainer.HTTP_PORT + scenario.targets();
    }

    static long delta(JsonNode before, JsonNode after, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }

    private static Map<String, Long> nonZeroDeltas(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            long x = v - before.getOrDefault(k, 0L);
            if (x != 0) {
                d.put(k, x);
            }
        });
        return d;
    }

    static long delta(Map<String, Long> before, Map<String, Long> after, String field) {
        return after.getOrDefault(field, 0L) - before.getOrDefault(field, 0L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortexException("interrupted while waiting for recovery");
        }
    }
}
