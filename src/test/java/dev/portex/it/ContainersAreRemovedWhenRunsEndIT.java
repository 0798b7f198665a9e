package dev.portex.it;

import dev.portex.model.ClientKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.portex.model.PortRange;
import dev.portex.internal.infra.HostLog;
import dev.portex.model.EsClientMode;
import dev.portex.internal.containers.NatRouterContainer;
import dev.portex.internal.containers.PortexImages;
import dev.portex.internal.containers.PortexLabels;
import dev.portex.internal.harness.PortexStack;
import dev.portex.model.Scenario;
import dev.portex.internal.harness.ScenarioRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.DockerClientFactory;

/**
 * Everything portex starts is gone when a run ends, however it ends: a failing assertion inside
 * a test's stack, or a {@code ./portex run} stopped with SIGTERM (Ctrl-C in CI, a cancelled job).
 * Resources are recognised by the IDs captured from the stack, or by the session label
 * ({@code dev.portex.session}) of the CLI's own JVM, never by the project label alone: the shared
 * stack of other test classes lives in this JVM, and other runs may share the engine.
 */
@Order(2) // starts early: it waits long (see the Failsafe configuration)
class ContainersAreRemovedWhenRunsEndIT {
    static final PortRange RANGE = new PortRange(40000, 40036);
    static final String SIMULATED_FAILURE = "simulated failing assertion inside the stack's try-with-resources";
    /** From SIGTERM to the end of the JVM: stopping a handful of containers, not waiting out a run. */
    static final Duration EXIT_AFTER_SIGTERM = Duration.ofSeconds(90);

    @Test
    @DisplayName("when an assertion fails while a scenario runs, closing the stack removes its Elasticsearch, "
            + "Node servers, load generator and network")
    void failingAssertionLeavesNothingBehind() {
        DockerClient docker = DockerClientFactory.instance().client();
        Set<String> containers = new LinkedHashSet<>();
        List<String> seenWhileRunning = new ArrayList<>();
        AtomicReference<String> network = new AtomicReference<>();
        try {
            Throwable failure = catchThrowable(() -> {
                try (PortexStack stack = PortexStack.start()) {
                    network.set(stack.network().getId());
                    containers.add(stack.elasticsearch().getContainerId());
                    ScenarioRunner runner = new ScenarioRunner(stack);
                    // Leaves the stack's shared (pooled) Node server running ...
                    runner.run(Scenario.of(ClientKind.POOLED, RANGE, 10));
                    // ... and this one starts a fresh Node server of its own, then fails mid-run.
                    runner.run(Scenario.of(ClientKind.PER_REQUEST, RANGE, 10).withEsClient(EsClientMode.PER_REQUEST), loadgen -> {
                        containers.add(loadgen.getContainerId());
                        // everything on this test's own network: other classes' runs go on beside it on the shared stack
                        containers.addAll(docker.listContainersCmd().withShowAll(true).withNetworkFilter(List.of(network.get()))
                                .exec().stream().map(Container::getId).toList());
                        seenWhileRunning.addAll(describe(containers));
                        throw new AssertionError(SIMULATED_FAILURE);
                    });
                }
            });

            assertThat(failure)
                    .as("what the try-with-resources block threw: the simulated failure itself, not a clean-up error")
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(SIMULATED_FAILURE);
            assertThat(seenWhileRunning)
                    .as("containers this test's stack had while the failing scenario ran: Elasticsearch, the shared "
                            + "(pooled) Node, the scenario's own Node, its load generator (the first scenario's was removed)")
                    .hasSize(4);
            assertThat(seenWhileRunning).filteredOn(c -> c.contains("/elasticsearch:")).as("Elasticsearch containers").hasSize(1);
            assertThat(seenWhileRunning).filteredOn(c -> c.contains("/ingest-node:")).as("Node containers").hasSize(2);
            assertThat(seenWhileRunning).filteredOn(c -> c.contains("/loadgen-java:")).as("load generators").hasSize(1);
            await("the stack's containers and network to be removed")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(stillPresent(containers))
                                .as("containers of the failed run still present (docker ps -a)")
                                .isEmpty();
                        assertThat(docker.listNetworksCmd().withIdFilter(network.get()).exec())
                                .as("the failed run's network %s (docker network ls)", network.get())
                                .isEmpty();
                    });
        } finally {
            removeQuietly(containers, network.get() == null ? List.of() : List.of(network.get()));
        }
    }

    enum Moment {
        /** The first container of the run exists: the stack is still being started. */
        WHILE_ELASTICSEARCH_STARTS("while Elasticsearch starts", List.of("run", "--client", "per-request", "--docs", "300")),
        /** The load generator's container runs the Java load generator (a docker exec), at 10 documents/s. */
        WHILE_DOCUMENTS_ARE_SENT("while the load generator sends documents",
                List.of("run", "--client", "per-request", "--docs", "300", "--rate", "10")),
        /** The same, behind a NAT: its router (NET_ADMIN, rules in its own namespace) and its internal network exist too. */
        WHILE_DOCUMENTS_GO_THROUGH_THE_NAT("while the load generator sends documents through a NAT",
                List.of("run", "--client", "pooled", "--docs", "300", "--rate", "10", "--nat-ports", "40000-40003"));

        final String label;
        final List<String> args;

        Moment(String label, List<String> args) {
            this.label = label;
            this.args = args;
        }

        boolean reached(String session) {
            DockerClient docker = DockerClientFactory.instance().client();
            if (this == WHILE_ELASTICSEARCH_STARTS) {
                return !containerIds(Map.of(PortexLabels.SESSION, session)).isEmpty();
            }
            if (this == WHILE_DOCUMENTS_GO_THROUGH_THE_NAT && docker.listContainersCmd().withLabelFilter(Map.of(
                    PortexLabels.SESSION, session, NatRouterContainer.ROLE_LABEL, NatRouterContainer.ROLE)).exec().isEmpty()) {
                return false;
            }
            List<Container> running = docker.listContainersCmd()
                    .withLabelFilter(Map.of(PortexLabels.SESSION, session, PortexImages.IMAGE_LABEL, "loadgen-java"))
                    .exec();
            for (Container loadgen : running) {
                try {
                    String[][] processes = docker.topContainerCmd(loadgen.getId()).exec().getProcesses();
                    if (processes != null && Arrays.stream(processes)
                            .anyMatch(row -> String.join(" ", row).contains("/app/loadgen.jar"))) {
                        return true;
                    }
                } catch (RuntimeException e) {
                    // stopped between the listing and `docker top`: not this moment
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @ParameterizedTest(name = "a ./portex run stopped with SIGTERM {0} leaves no container and no network behind")
    @EnumSource(Moment.class)
    void interruptedCliRunLeavesNothingBehind(Moment moment) throws IOException {
        DockerClient docker = DockerClientFactory.instance().client();
        Path stderr = Files.createTempFile("portex-sigterm-", ".stderr");
        stderr.toFile().deleteOnExit();
        // the CLI's session by name (PORTEX_SESSION): other test classes start containers on the same engine meanwhile
        String cliSession = CommandLineFailsClearlyIT.newSession();
        Process process = startCli(moment.args, stderr, cliSession);
        AtomicReference<String> session = new AtomicReference<>(cliSession);
        try {
            await("a container of the CLI's own session to appear (" + moment + ")")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        assertThat(process.isAlive())
                                .as("./portex %s is still running (it must not end before it is stopped); stderr:%n%s",
                                        String.join(" ", moment.args), read(stderr))
                                .isTrue();
                        return moment.reached(session.get());
                    });
            String leftBeforeSignal = String.join(", ", describe(containerIds(Map.of(PortexLabels.SESSION, session.get()))));
            HostLog.info("sending SIGTERM to ./portex (session " + session.get() + "), which has: " + leftBeforeSignal);

            process.destroy(); // SIGTERM to the bash script, which exec'd java: the JVM receives it

            await("./portex to exit after SIGTERM")
                    .atMost(EXIT_AFTER_SIGTERM)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !process.isAlive());
            HostLog.info("./portex exited with " + process.exitValue() + " after SIGTERM; its stderr: "
                    + String.join(" | ", read(stderr).strip().lines().toList()));
            await("the interrupted run's containers and networks to be removed")
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        Map<String, String> ofSession = Map.of(PortexLabels.SESSION, session.get());
                        assertThat(describe(containerIds(ofSession)))
                                .as("containers labelled %s=%s left after ./portex exited (code %d) on SIGTERM %s; "
                                                + "before the signal it had: %s; its stderr:%n%s",
                                        PortexLabels.SESSION, session.get(), process.exitValue(), moment,
                                        leftBeforeSignal, read(stderr))
                                .isEmpty();
                        assertThat(networkNames(ofSession))
                                .as("networks labelled %s=%s left after ./portex exited on SIGTERM %s",
                                        PortexLabels.SESSION, session.get(), moment)
                                .isEmpty();
                    });
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            if (session.get() != null) {
                Map<String, String> ofSession = Map.of(PortexLabels.SESSION, session.get());
                await("the killed CLI to stop").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
                removeQuietly(containerIds(ofSession), docker.listNetworksCmd()
                        .withFilter("label", List.of(PortexLabels.SESSION + "=" + session.get())).exec()
                        .stream().map(Network::getId).toList());
            }
        }
    }

    static Process startCli(List<String> args, Path stderr, String session) throws IOException {
        Path home = Path.of(System.getProperty("portex.home", ".")).toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(home.resolve("portex").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(PortexLabels.SESSION_ENV, session);
        return builder
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
    }

    static Set<String> containerIds(Map<String, String> labels) {
        DockerClient docker = DockerClientFactory.instance().client();
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec().stream()
                .map(Container::getId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static List<String> networkNames(Map<String, String> labels) {
        DockerClient docker = DockerClientFactory.instance().client();
        List<String> filters = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return docker.listNetworksCmd().withFilter("label", filters).exec().stream()
                .map(n -> n.getName() + " (" + n.getId().substring(0, 12) + ")")
                .toList();
    }

    /** "portex/elasticsearch:abc (0123456789ab, running)" for each container that still exists. */
    static List<String> describe(Set<String> ids) {
        DockerClient docker = DockerClientFactory.instance().client();
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(PortexLabels.PROJECT)).exec()
                .stream()
                .filter(c -> ids.contains(c.getId()))
                .map(c -> c.getImage() + " (" + c.getId().substring(0, 12) + ", " + c.getState() + ")")
                .toList();
    }

    static List<String> stillPresent(Set<String> ids) {
        return describe(ids);
    }

    /** Removes exactly the given containers and networks, if they are still there. */
    static void removeQuietly(Set<String> containers, List<String> networks) {
        DockerClient docker = DockerClientFactory.instance().client();
        for (String id : containers) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        for (String id : networks) {
            try {
                docker.removeNetworkCmd(id).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
