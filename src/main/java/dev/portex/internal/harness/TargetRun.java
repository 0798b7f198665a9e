package dev.portex.internal.harness;

import static dev.portex.internal.harness.ScenarioRunner.join;
import static dev.portex.internal.harness.ScenarioRunner.read;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.portex.api.PortexException;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.containers.PortexLabels;
import dev.portex.internal.containers.TargetServiceContainer;
import dev.portex.internal.infra.HostLog;
import dev.portex.internal.loadgen.LoadResult;
import dev.portex.internal.sockets.TcpSocketTable;
import dev.portex.model.CommandProgram;
import dev.portex.model.ConnectionReuse;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * One run against your own service ({@link Scenario#target()}), without portex's stack: a network of the run's own,
 * the service on it as {@link Target#ALIAS} (its image started for the run, or the test's running container joined to
 * the network for the run), and the load generator in its narrowed namespace. What is measured is what the client side
 * shows: acknowledged (any 2xx; a command's exit 0), failures and the first error, the connections the client's kernel
 * opened, its local ports and socket states, recovery, the verdict. The run's network, load generator and (an image's)
 * service go when it ends; a container of the test's is left running, off the network.
 */
final class TargetRun {
    private final String runnerId;
    private final Consumer<LoadGeneratorContainer.Progress> progress;

    TargetRun(String runnerId, Consumer<LoadGeneratorContainer.Progress> progress) {
        this.runnerId = runnerId;
        this.progress = progress;
    }

    ScenarioResult run(Scenario scenario, Consumer<LoadGeneratorContainer> afterRun, boolean alone) {
        if (scenario.sender() != null) {
            SenderCheck.verify(scenario.sender());
        }
        HostSetup.ensureReady();
        Target target = scenario.target();
        String runId = UUID.randomUUID().toString();
        Map<String, String> labels = new HashMap<>(PortexLabels.all());
        labels.put(PortexLabels.RUNNER, runnerId);
        labels.put(PortexLabels.RUN, runId);
        try (Network network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withLabels(labels)).build();
                Service service = startService(target, network, runId);
                LoadGeneratorContainer loadgen = LoadGeneratorContainer.forScenario(scenario).withNetwork(network)
                        .withPortRange(scenario.portRange()).withTcpTwReuse(scenario.tcpTwReuse())
                        .withLabel(PortexLabels.RUNNER, runnerId).withLabel(PortexLabels.RUN, runId)) {
            loadgen.withProgress(progress);
            loadgen.start();
            HostLog.debug("load generator container started beside " + service.name());
            return measure(scenario, runId, target, service, loadgen, afterRun, alone);
        }
    }

    /** The service of one run: started from its image, or the test's container joined to the run's network. */
    private interface Service extends AutoCloseable {
        String name();

        @Override
        void close();
    }

    private Service startService(Target target, Network network, String runId) {
        if (target.image() != null) {
            TargetServiceContainer container = new TargetServiceContainer(target).withNetwork(network)
                    .withLabel(PortexLabels.RUNNER, runnerId).withLabel(PortexLabels.RUN, runId);
            container.start();
            HostLog.debug("your service started: " + target.image());
            return new Service() {
                @Override
                public String name() {
                    return target.image();
                }

                @Override
                public void close() {
                    container.stop();
                }
            };
        }
        DockerClient docker = DockerClientFactory.instance().client();
        String id = target.container();
        var state = inspect(docker, id);
        if (!Boolean.TRUE.equals(state.getState().getRunning())) {
            throw new PortexException("your service's container " + target.label() + " is not running: start it before the"
                    + " run (a Testcontainers container: its start(), or @Container with @Testcontainers)", 2);
        }
        TargetServiceContainer.listeningPortsOf(id).filter(ports -> !ports.contains(target.port())).ifPresent(ports -> {
            throw new PortexException(ports.isEmpty()
                    ? "your service's container " + target.label() + " listens on no port yet: let its start wait until it"
                            + " does (a wait strategy, e.g. waitingFor(Wait.forListeningPort()))"
                    : "your service's container " + target.label() + " listens on port(s) " + ports + ", not on "
                            + target.port() + ": give the port inside the container, e.g. against(container, "
                            + ports.iterator().next() + ")", 2);
        });
        docker.connectToNetworkCmd().withNetworkId(network.getId()).withContainerId(id)
                .withContainerNetwork(new ContainerNetwork().withAliases(Target.ALIAS)).exec();
        String name = state.getName().replaceFirst("^/", "");
        return new Service() {
            @Override
            public String name() {
                return "container " + name;
            }

            @Override
            public void close() {
                PortexStack.quietly(() -> docker.disconnectFromNetworkCmd().withNetworkId(network.getId())
                        .withContainerId(id).withForce(true).exec());
            }
        };
    }

    private static com.github.dockerjava.api.command.InspectContainerResponse inspect(DockerClient docker, String id) {
        try {
            return docker.inspectContainerCmd(id).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new PortexException("your service's container " + id + " does not exist on this Docker engine: pass a "
                    + "started container (against(container, port) after its start())", 2);
        }
    }

    private ScenarioResult measure(Scenario scenario, String runId, Target target, Service service,
            LoadGeneratorContainer loadgen, Consumer<LoadGeneratorContainer> afterRun, boolean alone) {
        var loadgenImageRead = read(loadgen::imageVersions);
        Map<String, Long> tcpBefore = loadgen.tcpCounters();
        LoadGeneratorContainer.Load sent = ScenarioRunner.load(scenario, List.of(target.url()), runId, scenario.docs(), 0)
                .toOwnService();
        LoadResult load = loadgen.run(sent, alone);
        HostLog.debug("load against your service ended");
        LoadGeneratorContainer.EndOfLoadRecord endOfLoad = loadgen.endOfLoad(runId);
        Map<String, Long> tcpAfter = endOfLoad != null ? endOfLoad.tcpCounters() : loadgen.tcpCounters();
        TcpSocketTable clientSockets = (endOfLoad != null ? endOfLoad.sockets()
                : TcpSocketTable.settled(loadgen::socketTable, TcpSocketTable.SETTLE_LIMIT))
                .filter(s -> s.remotePort() == target.port());
        Long recoveredAfterMs = !scenario.awaitRecovery() || load.failed() == 0 ? null
                : endOfLoad != null ? endOfLoad.recoveredAfterMs() : ScenarioRunner.awaitRecovery(loadgen, sent, load,
                        scenario.portRange());
        afterRun.accept(loadgen);
        ScenarioResult.Setup setup = new ScenarioResult.Setup(scenario.client(),
                scenario.program() == null ? null : scenario.program().label(), null, null, null,
                ScenarioRunner.versions(scenario.client(), null, Map.of(), join(loadgenImageRead)),
                ScenarioResult.Range.of(scenario.portRange()), loadgen.getPortsTakenAtStart().size(), null, 1,
                scenario.tcpTwReuse(), scenario.mitigation(), scenario.docs(), scenario.rate(), scenario.concurrency(),
                scenario.idleGapMs() > 0 ? scenario.idleGapMs() : null,
                scenario.reuse() == ConnectionReuse.DEFAULT ? null : scenario.reuse(), null, null, null);
        ScenarioResult.ClientSide clientSide = ScenarioRunner.clientSide(load);
        ScenarioResult.Sockets sockets = ScenarioRunner.clientSockets(tcpBefore, tcpAfter, clientSockets, null, recoveredAfterMs);
        ScenarioResult.TargetSide targetSide = new ScenarioResult.TargetSide(service.name(), target.port(), target.url(),
                scenario.program() instanceof CommandProgram ? "exit 0" : "2xx", ScenarioResult.TargetSide.NOT_MEASURED);
        return new ScenarioResult(runId, setup, clientSide, null, sockets, null,
                new ScenarioResult.Timing(load.durationMs(), load.docsPerSecond(), load.stoppedBy(), load.samples()),
                null, targetSide);
    }
}
