package dev.portex.internal.containers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.portex.api.PortexException;
import dev.portex.internal.sockets.TcpSocketTable;
import dev.portex.model.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Your own service, started from its image for one run ({@code --target-image}): on the run's network as
 * {@link Target#ALIAS}, nothing published on the host, ready when its namespace has a socket listening on the target's
 * port. The image must be on the Docker engine already (portex pulls nothing). Each way a service can fail to be a
 * target ends the run with one line that names the fix: an image the engine does not have, a container that exits,
 * one that listens on other ports than the one given, one that listens on none within {@link #STARTUP_LIMIT}.
 */
public class TargetServiceContainer extends PortexContainer<TargetServiceContainer> {
    /** How long a service may take to listen on its port. */
    public static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    /** How long a service that listens on other ports than the target's is given before the run ends. */
    static final Duration WRONG_PORT_GRACE = Duration.ofSeconds(3);

    private final Target target;

    public TargetServiceContainer(Target target) {
        super(imageOf(target));
        this.target = target;
        withNetworkAliases(Target.ALIAS);
        // readiness is checked in start(), from the namespace's sockets: the service need not publish a port
        waitingFor(new AbstractWaitStrategy() {
            @Override
            protected void waitUntilReady() {
            }
        });
    }

    private static String imageOf(Target target) {
        if (target.image() == null) {
            throw new IllegalArgumentException("the target is a running container, not an image: " + target);
        }
        return target.image();
    }

    /**
     * Starts the service and waits until it listens on its port.
     *
     * @throws PortexException (exit 2) for an image the engine does not have or a service that listens on other ports;
     *         (exit 1) for a service that exits, or listens on no port within {@link #STARTUP_LIMIT}; each with the
     *         service's last log lines where it wrote any. The container is removed then.
     */
    @Override
    public void start() {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(target.image()).exec();
        } catch (NotFoundException e) {
            throw new PortexException("--target-image " + target.image() + ": no such image on this Docker engine (portex "
                    + "pulls nothing): build or load it first, e.g. docker build -t " + target.image() + " .", 2);
        }
        super.start();
        try {
            awaitListening();
        } catch (PortexException e) {
            stop();
            throw e;
        }
    }

    private void awaitListening() {
        long giveUpAt = System.nanoTime() + STARTUP_LIMIT.toNanos();
        Set<Integer> others = Set.of();
        long othersSince = 0;
        while (true) {
            InspectContainerResponse info = getDockerClient().inspectContainerCmd(getContainerId()).exec();
            if (!Boolean.TRUE.equals(info.getState().getRunning())) {
                throw new PortexException("your service (" + target.image() + ") exited with code "
                        + info.getState().getExitCodeLong() + " before it listened on port " + target.port() + logEnd(), 1);
            }
            TcpSocketTable sockets = socketTable();
            Set<Integer> listening = sockets.reachableListeningPorts();
            if (listening.contains(target.port())) {
                return;
            }
            if (sockets.listeningPorts().contains(target.port())) {
                throw new PortexException("your service (" + target.image() + ") listens on port " + target.port()
                        + " on its loopback address only, where the client cannot reach it: bind it to 0.0.0.0", 2);
            }
            long now = System.nanoTime();
            if (!listening.equals(others)) {
                others = listening;
                othersSince = now;
            } else if (!others.isEmpty() && now - othersSince > WRONG_PORT_GRACE.toNanos()) {
                throw new PortexException("your service (" + target.image() + ") listens on port(s) " + others + ", not on "
                        + target.port() + ": give the port inside its container, " + others.iterator().next()
                        + " (--target-port " + others.iterator().next() + ")", 2);
            }
            if (now > giveUpAt) {
                throw new PortexException("your service (" + target.image() + ") did not listen on port " + target.port()
                        + " within " + STARTUP_LIMIT.toSeconds() + " s: check --target-port (the port inside its container)"
                        + logEnd(), 1);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    private String logEnd() {
        try {
            String log = getLogs().strip();
            if (log.isEmpty()) {
                return "";
            }
            String[] lines = log.split("\n");
            return "; its log ends: " + String.join(" | ",
                    java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 3), lines.length));
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * The ports a socket listens on, other than on loopback, in the network namespace of the running container {@code containerId} (a container
     * your test started), read from this host's {@code /proc}; empty when this JVM cannot look (an engine in a VM).
     */
    public static Optional<Set<Integer>> listeningPortsOf(String containerId) {
        try {
            InspectContainerResponse info = DockerClientFactory.instance().client().inspectContainerCmd(containerId).exec();
            Long pid = info.getState() == null ? null : info.getState().getPidLong();
            if (pid == null || pid <= 0) {
                return Optional.empty();
            }
            Path net = Path.of("/proc", String.valueOf(pid), "net");
            if (!Files.isReadable(net.resolve("tcp"))) {
                return Optional.empty();
            }
            return Optional.of(TcpSocketTable.read(net.resolve("tcp"), net.resolve("tcp6")).reachableListeningPorts());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
