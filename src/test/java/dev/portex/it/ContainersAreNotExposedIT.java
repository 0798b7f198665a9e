package dev.portex.it;

import dev.portex.model.ClientKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.portex.internal.containers.NatRouterContainer;
import dev.portex.model.Nat;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecInContainerPattern;

/**
 * Elasticsearch runs without security, and the stack is meant for a developer's machine or CI:
 * every container publishes its ports on 127.0.0.1 only, runs as an ordinary user, unprivileged,
 * with no added capabilities, on the stack's own network (the narrowed port range is a
 * namespaced sysctl, which needs none of these). One exception, named here: the NAT router of a run behind a NAT
 * ({@code --nat-ports}) adds NET_ADMIN, and nothing else, for the netfilter rules of its own network namespace; it
 * too runs as an ordinary user, unprivileged, and publishes nothing.
 */
@PortexStackTest
class ContainersAreNotExposedIT {
    static final PortRange RANGE = new PortRange(40000, 40036);

    enum Service {
        ELASTICSEARCH("Elasticsearch", true),
        INGEST_NODE("ingest-node (Node/Express)", true),
        LOAD_GENERATOR("load generator", false),
        NAT_ROUTER("NAT router", false, NatRouterContainer.CAPABILITY),
        LOAD_GENERATOR_BEHIND_NAT("load generator behind the NAT", false);

        final String label;
        /** Whether the service publishes a port to the host at all (the tests talk to it). */
        final boolean publishesPorts;
        /** The capabilities it adds to Docker's defaults: none, but for the NAT router's NET_ADMIN. */
        final List<String> addedCapabilities;

        Service(String label, boolean publishesPorts, String... addedCapabilities) {
            this.label = label;
            this.publishesPorts = publishesPorts;
            this.addedCapabilities = List.of(addedCapabilities);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @ParameterizedTest(name = "the {0} container publishes nothing beyond 127.0.0.1 and runs as a non-root user, "
            + "unprivileged, with no added capabilities (the NAT router: NET_ADMIN only)")
    @EnumSource(Service.class)
    void isNotExposed(Service service, Incident incident) {
        switch (service) {
            case ELASTICSEARCH -> assertNotExposed(service, incident.stack().elasticsearch().getContainerId());
            // The stack's shared Node server (pooled Elasticsearch client), which most runs use; a run's own Node is made the
            // same way (IngestNodeContainer).
            case INGEST_NODE -> assertNotExposed(service, incident.sharedNode(Scenario.of(ClientKind.POOLED, RANGE, 10))
                    .getContainerId());
            case LOAD_GENERATOR -> incident.run(Scenario.of(ClientKind.PER_REQUEST, RANGE, 10),
                    loadgen -> assertNotExposed(service, loadgen.getContainerId()));
            case NAT_ROUTER, LOAD_GENERATOR_BEHIND_NAT -> incident.runBehindNat(
                    Scenario.of(ClientKind.PER_REQUEST, RANGE, 10).withNat(Nat.of(40000, 40003)),
                    (router, clients, target) -> { },
                    (router, clients, target) -> assertNotExposed(service, service == Service.NAT_ROUTER
                            ? router.getContainerId() : clients.get(0).getContainerId()));
        }
    }

    static void assertNotExposed(Service service, String containerId) {
        DockerClient docker = DockerClientFactory.instance().client();
        InspectContainerResponse c = docker.inspectContainerCmd(containerId).exec();
        String name = service + " container " + c.getName() + " (" + containerId.substring(0, 12) + ")";

        List<String> published = bindings(c.getNetworkSettings().getPorts());
        List<String> requested = bindings(c.getHostConfig().getPortBindings());
        if (service.publishesPorts) {
            assertThat(published)
                    .as("ports the %s publishes on the host: the tests reach its API through one", name)
                    .isNotEmpty();
        }
        assertThat(published)
                .as("host addresses of the %s's published ports (container port -> host ip:port): only 127.0.0.1, "
                        + "so nothing beyond this machine reaches it", name)
                .allSatisfy(binding -> assertThat(binding).contains(" -> 127.0.0.1:"));
        assertThat(requested)
                .as("host addresses the %s asked Docker to bind (HostConfig.PortBindings): only 127.0.0.1", name)
                .allSatisfy(binding -> assertThat(binding).contains(" -> 127.0.0.1:"));

        String user = c.getConfig().getUser();
        assertThat(user)
                .as("Config.User of the %s: its image must name an ordinary user (USER in its Dockerfile)", name)
                .isNotBlank();
        assertThat(user.split(":")[0])
                .as("the user the %s runs as (Config.User '%s')", name, user)
                .isNotIn("root", "0");
        ExecResult uid = exec(docker, c, "id", "-u");
        assertThat(uid.getExitCode()).as("exit code of `id -u` in the %s (stderr: %s)", name, uid.getStderr()).isZero();
        assertThat(uid.getStdout().strip())
                .as("numeric uid of the %s's processes (`id -u`): 0 would be root", name)
                .isNotEmpty()
                .isNotEqualTo("0");

        assertThat(c.getHostConfig().getPrivileged())
                .as("HostConfig.Privileged of the %s: the narrowed port range is a namespaced sysctl, which needs "
                        + "no privileged mode", name)
                .isFalse();
        Capability[] added = c.getHostConfig().getCapAdd();
        assertThat(added == null ? List.<String>of() : Arrays.stream(added).map(Capability::name).toList())
                .as(service.addedCapabilities.isEmpty() ? "HostConfig.CapAdd of the %s: no capability beyond Docker's defaults"
                        : "HostConfig.CapAdd of the %s: NET_ADMIN for the rules of its own network namespace, and nothing"
                        + " else", name)
                .containsExactlyElementsOf(service.addedCapabilities);
        assertThat(c.getHostConfig().getNetworkMode())
                .as("HostConfig.NetworkMode of the %s: the stack's own network, never the host's", name)
                .isNotEqualTo("host");
    }

    /** "9200/tcp -> 127.0.0.1:49153" for every binding that exists. */
    static List<String> bindings(Ports ports) {
        List<String> result = new ArrayList<>();
        if (ports == null) {
            return result;
        }
        for (Map.Entry<ExposedPort, Ports.Binding[]> entry : ports.getBindings().entrySet()) {
            if (entry.getValue() == null) {
                continue;
            }
            for (Ports.Binding binding : entry.getValue()) {
                String ip = binding.getHostIp() == null || binding.getHostIp().isEmpty() ? "(all addresses)"
                        : binding.getHostIp();
                result.add(entry.getKey() + " -> " + ip + ":" + binding.getHostPortSpec());
            }
        }
        return result;
    }

    static ExecResult exec(DockerClient docker, InspectContainerResponse container, String... command) {
        try {
            return ExecInContainerPattern.execInContainer(docker, container, command);
        } catch (IOException e) {
            throw new IllegalStateException("docker exec " + String.join(" ", command) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during docker exec " + command[0], e);
        }
    }
}
