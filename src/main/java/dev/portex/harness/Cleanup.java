package dev.portex.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.portex.containers.HostLog;
import dev.portex.containers.PortexLabels;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/** Finds and removes every container and network that carries the portex label. */
public final class Cleanup {
    private Cleanup() {
    }

    /** Removes all portex containers and networks; returns how many things were removed. */
    public static int removeLeftovers(boolean log) {
        HostSetup.ensureDockerEngine();
        DockerClient docker = DockerClientFactory.instance().client();
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(PortexLabels.PROJECT)).exec();
        for (Container c : containers) {
            docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        List<Network> networks = docker.listNetworksCmd().withFilter("label", List.of(PortexLabels.PROJECT)).exec();
        for (Network n : networks) {
            docker.removeNetworkCmd(n.getId()).exec();
        }
        if (log) {
            HostLog.info("clean: removed " + containers.size() + " container(s) and " + networks.size() + " network(s)");
        }
        return containers.size() + networks.size();
    }
}
