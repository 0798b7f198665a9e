package dev.portex.internal.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.portex.internal.infra.HostLog;
import dev.portex.internal.containers.PortexLabels;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/** Finds and removes every container and network that carries the portex label. */
public final class Cleanup {
    private Cleanup() {
    }

    /** Removes all portex containers and networks; returns how many things were removed. */
    public static int removeLeftovers(boolean log) {
        HostSetup.ensureDockerEngine();
        return remove(Map.of(PortexLabels.PROJECT, "true"), log);
    }

    /**
     * Waits until nothing labelled with this JVM's session is left, for at most {@code limit}, looking every
     * 200 ms; true when that happened. On a signal Testcontainers' own shutdown hook stops the containers it
     * started: letting it finish first keeps two removals of one container from colliding (and printing traces).
     */
    public static boolean awaitSessionGone(java.time.Duration limit) {
        Map<String, String> labels = Map.of(PortexLabels.SESSION, PortexLabels.sessionId());
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                DockerClient docker = DockerClientFactory.instance().client();
                if (docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec().isEmpty()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // the engine is busy removing: look again
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Removes what this JVM started (its session label), e.g. from a shutdown hook on Ctrl-C. Other
     * hooks (Testcontainers' own) may be stopping the same containers at that moment, so it repeats
     * until nothing labelled is left, for at most 30 s: the JVM halts as soon as the hooks return.
     */
    public static int removeSession() {
        Map<String, String> labels = Map.of(PortexLabels.SESSION, PortexLabels.sessionId());
        int removed = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                int found = remove(labels, false);
                removed += found;
                if (found == 0) {
                    return removed;
                }
            } catch (RuntimeException e) {
                // a container in the middle of its removal by someone else: look again
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return removed;
            }
        }
        return removed;
    }

    /** Removes the containers and networks that carry the label {@code key} (any value); returns how many. */
    static int removeLabelled(String key) {
        return remove(List.of(key), false);
    }

    /** Removes one container (with its volumes), if it is still there. */
    static void removeContainer(String id) {
        try {
            DockerClientFactory.instance().client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException
                 | com.github.dockerjava.api.exception.ConflictException e) {
            // already gone, or being removed by someone else
        }
    }

    private static int remove(Map<String, String> labels, boolean log) {
        return remove(labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), log);
    }

    /** {@code labelFilter}: Docker label filters, {@code key=value} or {@code key}, all of which must match. */
    private static int remove(List<String> labelFilter, boolean log) {
        DockerClient docker = DockerClientFactory.instance().client();
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(labelFilter).exec();
        for (Container c : containers) {
            removeContainer(c.getId());
        }
        List<Network> networks = docker.listNetworksCmd().withFilter("label", labelFilter).exec();
        for (Network n : networks) {
            try {
                docker.removeNetworkCmd(n.getId()).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                // already gone
            }
        }
        if (log) {
            HostLog.info("clean: removed " + containers.size() + " container(s) and " + networks.size() + " network(s)");
        }
        return containers.size() + networks.size();
    }
}
