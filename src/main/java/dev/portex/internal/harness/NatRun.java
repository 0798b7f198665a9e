package dev.portex.internal.harness;

import static dev.portex.internal.harness.ScenarioRunner.delta;
import static dev.portex.internal.harness.ScenarioRunner.join;
import static dev.portex.internal.harness.ScenarioRunner.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.containers.NatRouterContainer;
import dev.portex.internal.containers.PortexLabels;
import dev.portex.internal.infra.HostLog;
import dev.portex.internal.infra.PortexHome;
import dev.portex.internal.loadgen.LoadResult;
import dev.portex.internal.sockets.TcpSocketTable;
import dev.portex.model.ConnectionReuse;
import dev.portex.model.Nat;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.testcontainers.containers.Network;

/**
 * One run behind a NAT ({@link Scenario#nat()}): an internal network of the run's own, which the load generators are
 * the only other members of; the {@link NatRouterContainer router} on it and on the stack's network, forwarding to the
 * shared Node server; {@link Nat#behind()} load generators, each sending the scenario's documents under a run id of its
 * own (the run's, with {@code -1}, {@code -2}, ...), all at once. Node tells the run's requests apart by the router's
 * address, which every connection of the run comes from. Everything the run made goes when it ends: the load
 * generators, the router (its rules and conntrack table with its namespace) and the network.
 */
final class NatRun {
    private final PortexStack stack;
    private final String runnerId;
    private final Consumer<LoadGeneratorContainer.Progress> progress;

    NatRun(PortexStack stack, String runnerId, Consumer<LoadGeneratorContainer.Progress> progress) {
        this.stack = stack;
        this.runnerId = runnerId;
        this.progress = progress;
    }

    /** The run id of the {@code i}-th load generator (from 1) behind the NAT. */
    static String clientRunId(String runId, int i) {
        return runId + "-" + i;
    }

    ScenarioResult run(Scenario scenario, IngestNodeContainer node, ScenarioRunner.WhileBehindNat beforeLoad,
            ScenarioRunner.WhileBehindNat afterRun) {
        Nat nat = scenario.nat();
        String runId = UUID.randomUUID().toString();
        Map<String, String> labels = new HashMap<>(PortexLabels.all());
        labels.put(PortexLabels.RUNNER, runnerId);
        labels.put(PortexLabels.RUN, runId);
        List<LoadGeneratorContainer> clients = new ArrayList<>();
        try (Network inside = Network.builder().createNetworkCmdModifier(cmd -> cmd.withInternal(true).withLabels(labels)).build();
                NatRouterContainer router = new NatRouterContainer(nat).withNetwork(stack.network())
                        .withLabel(PortexLabels.RUNNER, runnerId).withLabel(PortexLabels.RUN, runId)) {
            router.start();
            router.join(inside);
            String insideAddress = router.currentAddressOn(inside);
            String routerAddress = router.currentAddressOn(stack.network());
            String nodeAddress = node.addressOn(stack.network());
            router.route(insideAddress, routerAddress, nodeAddress, IngestNodeContainer.HTTP_PORT);
            HostLog.debug("NAT router ready: " + insideAddress + " -> " + routerAddress + ":" + nat.range() + " -> " + nodeAddress);
            try {
                for (int i = 0; i < nat.behind(); i++) {
                    clients.add(LoadGeneratorContainer.forScenario(scenario).withNetwork(inside)
                            .withPortRange(scenario.portRange()).withTcpTwReuse(0).withLabel(PortexLabels.RUNNER, runnerId)
                            .withLabel(PortexLabels.RUN, runId));
                }
                joinAll(clients.stream().map(c -> read(() -> {
                    c.start();
                    return c;
                })).toList());
                beforeLoad.accept(router, List.copyOf(clients), target(insideAddress));
                return measure(scenario, runId, node, router, routerAddress, nodeAddress, insideAddress, clients, afterRun);
            } finally {
                clients.forEach(c -> PortexStack.quietly(c::stop));
            }
        }
    }

    /** Node's URL for the load generators behind the NAT: the router's address on their network. */
    private static String target(String insideAddress) {
        return "http://" + insideAddress + ":" + IngestNodeContainer.HTTP_PORT + "/docs";
    }

    private static <T> List<T> joinAll(List<Future<T>> reads) {
        List<T> values = new ArrayList<>();
        for (Future<T> read : reads) {
            values.add(ScenarioRunner.join(read));
        }
        return values;
    }

    private ScenarioResult measure(Scenario scenario, String runId, IngestNodeContainer node, NatRouterContainer router,
            String routerAddress, String nodeAddress, String insideAddress, List<LoadGeneratorContainer> clients,
            ScenarioRunner.WhileBehindNat afterRun) {
        var nodeBeforeRead = read(() -> PortexStack.nodeStats(node, routerAddress));
        var conntrackBeforeRead = read(router::conntrackStats);
        var routerTcpBeforeRead = read(router::tcpCounters);
        List<Future<Map<String, Long>>> tcpBeforeReads = clients.stream().map(c -> read(c::tcpCounters)).toList();
        stack.awaitIndex();
        stack.useDurability(scenario.durabilityOrDefault());
        Set<Long> esBefore = stack.elasticsearchConnectionsFrom(nodeAddress);
        JsonNode nodeBefore = join(nodeBeforeRead);
        Map<String, Long> conntrackBefore = join(conntrackBeforeRead);
        Map<String, Long> routerTcpBefore = join(routerTcpBeforeRead);
        List<Map<String, Long>> tcpBefore = joinAll(tcpBeforeReads);
        String target = target(insideAddress);
        // Node's count while the NAT is full: once the first load generator is WHILE_FULL_MS into its load
        AtomicReference<Future<JsonNode>> whileFull = new AtomicReference<>();
        List<LoadGeneratorContainer.Load> loads = new ArrayList<>();
        List<Future<LoadResult>> running = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            LoadGeneratorContainer.Load direct = ScenarioRunner.load(scenario, node, clientRunId(runId, i + 1), scenario.docs(), 0);
            LoadGeneratorContainer.Load load = new LoadGeneratorContainer.Load(direct.client(), direct.docs(), direct.rate(),
                    direct.concurrency(), List.of(target), direct.runId(), direct.maxSeconds(), direct.closeMode(),
                    direct.program(), direct.idleGapMs(), direct.reuse(), 0, 0);
            loads.add(load);
            LoadGeneratorContainer client = clients.get(i);
            // the first load generator's progress stands for the run's: it runs the same load as the others
            client.withProgress(i > 0 ? p -> { } : p -> {
                progress.accept(p);
                if (p.tMs() >= ScenarioResult.NatSide.WHILE_FULL_MS && whileFull.get() == null) {
                    whileFull.compareAndSet(null, read(() -> PortexStack.nodeStats(node, routerAddress)));
                }
            });
            running.add(read(() -> client.run(load)));
        }
        List<LoadResult> results = joinAll(running);
        JsonNode nodeWhileFull = whileFull.get() == null ? null : join(whileFull.get());
        HostLog.debug("loads behind the NAT ended");
        var nodeAfterRead = read(() -> PortexStack.nodeStats(node, routerAddress));
        var conntrackAfterRead = read(router::conntrackStats);
        var routerTcpAfterRead = read(router::tcpCounters);
        List<Future<Map<String, Long>>> tcpAfterReads = clients.stream().map(c -> read(c::tcpCounters)).toList();
        Set<Long> esAfter = new HashSet<>(stack.elasticsearchConnectionsFrom(nodeAddress));
        esAfter.removeAll(esBefore);
        Map<String, Long> conntrackAfter = join(conntrackAfterRead);
        Map<String, Long> routerTcpAfter = join(routerTcpAfterRead);
        List<Map<String, Long>> tcpAfter = joinAll(tcpAfterReads);
        JsonNode nodeAfter = join(nodeAfterRead);
        List<TcpSocketTable> tables = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            LoadGeneratorContainer client = clients.get(i);
            LoadGeneratorContainer.EndOfLoadRecord end = client.endOfLoad(loads.get(i).runId());
            tables.add((end != null ? end.sockets() : TcpSocketTable.settled(client::socketTable, TcpSocketTable.SETTLE_LIMIT))
                    .filter(s -> ScenarioRunner.isNodePort(s.remotePort(), scenario)));
        }
        afterRun.accept(router, List.copyOf(clients), target);

        long indexed = 0;
        int missing = 0;
        int unexpected = 0;
        for (int i = 0; i < clients.size(); i++) {
            long clientIndexed = stack.indexedCount(loads.get(i).runId());
            indexed += clientIndexed;
            ScenarioResult.Integrity integrity = ScenarioRunner.integrity(stack, scenario, results.get(i), clientIndexed,
                    loads.get(i).runId());
            missing += integrity.missingAcknowledged();
            unexpected += integrity.unacknowledgedIndexed();
        }
        LoadResult first = firstToFail(results);
        int acknowledged = results.stream().mapToInt(LoadResult::acknowledged).sum();
        int failed = results.stream().mapToInt(LoadResult::failed).sum();
        long durationMs = results.stream().mapToLong(LoadResult::durationMs).max().orElse(0);
        ScenarioResult.Setup setup = new ScenarioResult.Setup(scenario.client(), null, scenario.esClient(),
                PortexHome.elasticsearchVersion(), nodeAfter.path("esClientVersion").asText(null),
                ScenarioRunner.versions(scenario.client(), nodeAfter, node.imageVersions(), clients.get(0).imageVersions()),
                ScenarioResult.Range.of(scenario.portRange()),
                clients.stream().mapToInt(c -> c.getPortsTakenAtStart().size()).max().orElse(0), null, 1, 0,
                scenario.mitigation(), scenario.docs() * clients.size(), scenario.rate(), scenario.concurrency(),
                scenario.idleGapMs() > 0 ? scenario.idleGapMs() : null,
                scenario.reuse() == ConnectionReuse.DEFAULT ? null : scenario.reuse(), null, null,
                scenario.durability() != null ? scenario.durabilityOrDefault() : null);
        ScenarioResult.ClientSide clientSide = new ScenarioResult.ClientSide(acknowledged, failed,
                first == null ? null : first.firstFailureAt(),
                first == null ? null : first.acknowledgedBeforeFirstFailure(),
                first == null ? null : first.error(), errorCounts(results), null);
        ScenarioResult.ServerSide serverSide = new ScenarioResult.ServerSide(indexed,
                delta(nodeBefore, nodeAfter, "received"), delta(nodeBefore, nodeAfter, "failed"), esAfter.size(),
                delta(nodeBefore, nodeAfter, "esConnectionsOpened"), delta(nodeBefore, nodeAfter, "esProductChecks"),
                delta(nodeBefore, nodeAfter, "docsConnections"), delta(nodeBefore, nodeAfter, "docsConnectionsTimedOut"), null);
        Map<String, Long> states = new TreeMap<>();
        tables.forEach(t -> t.stateHistogram().forEach((state, n) -> states.merge(state, n, Long::sum)));
        ScenarioResult.Sockets socketsPart = new ScenarioResult.Sockets(
                sum(tcpBefore, tcpAfter, "ActiveOpens"), sum(tcpBefore, tcpAfter, "OutRsts"),
                tables.stream().mapToInt(TcpSocketTable::distinctLocalPortCount).sum(),
                tables.stream().mapToLong(t -> t.count("TIME_WAIT")).sum(), states, null, null, null,
                sum(tcpBefore, tcpAfter, "EstabResets"), null, null);
        ScenarioResult.NatSide natSide = new ScenarioResult.NatSide(scenario.nat().range(), scenario.nat().ports(),
                clients.size(), scenario.nat().randomFully(), scenario.nat().idleTimeoutSeconds(), routerAddress,
                nodeWhileFull == null ? null : delta(nodeBefore, nodeWhileFull, "docsConnections"),
                Math.max(0, sum(tcpBefore, tcpAfter, "ActiveOpens") - delta(nodeBefore, nodeAfter, "docsConnections")),
                sum(tcpBefore, tcpAfter, "TCPSynRetrans"),
                delta(conntrackBefore, conntrackAfter, "insert_failed"), delta(conntrackBefore, conntrackAfter, "drop"),
                conntrackAfter.getOrDefault("entries", 0L), delta(routerTcpBefore, routerTcpAfter, "OutRsts"));
        String stoppedBy = results.stream().map(LoadResult::stoppedBy).filter(s -> !"completed".equals(s)).findFirst()
                .orElse(results.get(0).stoppedBy());
        return new ScenarioResult(runId, setup, clientSide, serverSide, socketsPart,
                new ScenarioResult.Integrity(missing, unexpected),
                new ScenarioResult.Timing(durationMs, LoadResult.docsPerSecond(acknowledged, durationMs), stoppedBy,
                        results.get(0).samples()),
                natSide);
    }

    /** The load whose first failure came first (by the clock), or null when none failed. */
    static LoadResult firstToFail(List<LoadResult> results) {
        LoadResult first = null;
        for (LoadResult r : results) {
            if (r.failed() > 0 && (first == null || r.firstFailureEpochMs() != null
                    && (first.firstFailureEpochMs() == null || r.firstFailureEpochMs() < first.firstFailureEpochMs()))) {
                first = r;
            }
        }
        return first;
    }

    /** Every load's failures by their text, added up; null when none counted any. */
    static Map<String, Integer> errorCounts(List<LoadResult> results) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        results.stream().map(LoadResult::errorCounts).filter(c -> c != null)
                .forEach(c -> c.forEach((text, n) -> counts.merge(text, n, Integer::sum)));
        return counts.isEmpty() ? null : counts;
    }

    /** The counter's growth over the run, added up over the load generators. */
    private static long sum(List<Map<String, Long>> before, List<Map<String, Long>> after, String counter) {
        long total = 0;
        for (int i = 0; i < before.size(); i++) {
            total += delta(before.get(i), after.get(i), counter);
        }
        return total;
    }
}
