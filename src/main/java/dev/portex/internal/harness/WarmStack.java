package dev.portex.internal.harness;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.portex.internal.containers.ElasticsearchNodeContainer;
import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.internal.containers.LoadGeneratorContainer;
import dev.portex.internal.containers.PortexImages;
import dev.portex.internal.containers.PortexLabels;
import dev.portex.internal.infra.HostLog;
import dev.portex.api.PortexException;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * The warm stack: Elasticsearch and the default Node server (pooled Elasticsearch client, one port) on a network of
 * their own, started by {@code ./portex up} and kept running between runs until {@code ./portex down} (or
 * {@code ./portex clean}). A run that uses it empties the index first, and starts its load generators (and any other
 * Node server it needs) fresh, as on a fresh stack, so no two runs' documents or TIME_WAIT sockets ever mix. One run
 * at a time: a run holds a lock on the host while it uses the warm stack.
 *
 * <p>Its parts are created with the Docker API, not by Testcontainers: Testcontainers removes what it started when the
 * JVM ends (its exit hook prunes by its session label), and its own reusable containers need a user-wide opt-in and
 * match on a hash of the whole container definition, which includes a random network alias.
 */
public final class WarmStack {
    /** The warm stack's Docker network. */
    public static final String NETWORK_NAME = "portex-warm";
    /** {@code warm}, {@code fresh}, or unset (the caller's default): which stack a run uses. */
    public static final String STACK_ENV = "PORTEX_STACK";
    static final String NETWORK_ROLE = "network";
    static final String ELASTICSEARCH_ROLE = "elasticsearch";
    /** The shared Node server most scenarios use (the key {@link ScenarioRunner} shares servers by). */
    static final String DEFAULT_NODE_KEY = "pooled/1";
    /** The spare load generator's role: a Java one on standby, in a namespace no run has used. */
    static final String SPARE_ROLE = "loadgen-spare";
    /**
     * A claimed spare is renamed with this prefix before its run uses it (labels cannot change): should that run die
     * before it removes the spare, the next one knows the namespace has been used and removes it instead of taking it.
     */
    public static final String USED_PREFIX = "portex-used-";
    /**
     * The spare's port range: the default one ({@code ./portex run}'s 137 ports), so that the run one repeats while
     * working on a client finds its load generator started.
     */
    public static final PortRange SPARE_RANGE = Scenario.DEFAULT_RANGE;

    private WarmStack() {
    }

    /** Which stack a run uses. */
    public enum Use {
        /** The warm stack; an error when none is up, or it is in use. */
        WARM,
        /** A stack of the run's own, removed when the run ends. */
        FRESH,
        /** The warm stack when one is up, free and of this build's images; else a fresh one (the CLI's default). */
        WARM_IF_UP;

        /** {@link #STACK_ENV} as set, else {@code otherwise}; a value other than warm or fresh is refused. */
        public static Use fromEnvironment(Use otherwise) {
            return parse(System.getenv(STACK_ENV), otherwise);
        }

        static Use parse(String value, Use otherwise) {
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "warm" -> WARM;
                case "fresh" -> FRESH;
                default -> throw new PortexException(STACK_ENV + "=" + value + " is not a stack: use " + STACK_ENV
                        + "=warm (the stack ./portex up started) or " + STACK_ENV + "=fresh (one per run), or unset it", 2);
            };
        }
    }

    /** The running parts found by their labels: the network's id, Elasticsearch's container, the Node servers' by key. */
    record Parts(String networkId, Container elasticsearch, Map<String, Container> nodes, List<Container> spares,
                 List<Container> usedSpares) {
        /** Why this build cannot use these parts (another Elasticsearch image), or null when it can. */
        String mismatch(String wantedElasticsearchImage) {
            if (elasticsearch == null) {
                return "the warm stack has no Elasticsearch running (./portex up starts it again)";
            }
            if (!elasticsearch.getImage().equals(wantedElasticsearchImage)) {
                return "the warm stack runs " + elasticsearch.getImage() + ", this build wants " + wantedElasticsearchImage
                        + " (./portex down, then ./portex up, warms the new one)";
            }
            return null;
        }
    }

    /** The warm stack's parts, if its network exists. */
    static Optional<Parts> find() {
        DockerClient docker = DockerClientFactory.instance().client();
        List<com.github.dockerjava.api.model.Network> networks = docker.listNetworksCmd()
                .withFilter("label", List.of(PortexLabels.WARM + "=" + NETWORK_ROLE)).exec();
        if (networks.isEmpty()) {
            return Optional.empty();
        }
        Container elasticsearch = null;
        Map<String, Container> nodes = new LinkedHashMap<>();
        List<Container> spares = new ArrayList<>();
        List<Container> usedSpares = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withLabelFilter(List.of(PortexLabels.WARM)).exec()) {
            String role = c.getLabels().get(PortexLabels.WARM);
            if (ELASTICSEARCH_ROLE.equals(role)) {
                elasticsearch = c;
            } else if (SPARE_ROLE.equals(role)) {
                boolean used = c.getNames() != null
                        && Arrays.stream(c.getNames()).anyMatch(n -> n.startsWith("/" + USED_PREFIX));
                (used ? usedSpares : spares).add(c);
            } else if (role != null && role.startsWith("node:")) {
                nodes.put(role.substring("node:".length()), c);
            }
        }
        return Optional.of(new Parts(networks.get(0).getId(), elasticsearch, nodes, List.copyOf(spares), List.copyOf(usedSpares)));
    }

    /** Set while a run of this JVM holds the warm stack: a second open of the lock file would release the first's lock. */
    private static final java.util.concurrent.atomic.AtomicBoolean HELD_HERE = new java.util.concurrent.atomic.AtomicBoolean();

    /** The host lock a run holds while it uses the warm stack; empty when another run (of any JVM) holds it. */
    static Optional<AutoCloseable> tryLease() {
        if (!HELD_HERE.compareAndSet(false, true)) {
            return Optional.empty();
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "portex-warm.lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_HERE.set(false);
                return Optional.empty();
            }
            return Optional.of(() -> {
                try {
                    lock.release();
                    channel.close();
                } finally {
                    HELD_HERE.set(false);
                }
            });
        } catch (IOException e) {
            HELD_HERE.set(false);
            throw new PortexException("cannot lock " + file + " for the warm stack: " + e.getMessage()
                    + " (set " + STACK_ENV + "=fresh to run without it)");
        }
    }

    /** What {@link #up()} found or started. */
    public record Status(boolean started, String elasticsearchUrl, String elasticsearchImage, double seconds) {
    }

    /**
     * Starts the warm stack, or leaves the one that is up as it is (it says so). A warm stack of other images is
     * replaced. Refused while a run uses it.
     */
    public static Status up() {
        HostSetup.ensureReady();
        PortexImages.checkStack();
        long t0 = System.nanoTime();
        String wanted = PortexImages.elasticsearch();
        try (AutoCloseable lease = tryLease().orElseThrow(WarmStack::inUse)) {
            Optional<Parts> found = find();
            if (found.isPresent() && found.get().mismatch(wanted) == null && found.get().nodes().containsKey(DEFAULT_NODE_KEY)) {
                ElasticsearchNodeContainer es = new ElasticsearchNodeContainer().attachTo(found.get().elasticsearch().getId());
                found.get().usedSpares().forEach(c -> Cleanup.removeContainer(c.getId()));
                if (found.get().spares().stream().noneMatch(c -> c.getImage().equals(PortexImages.loadgenJava()))) {
                    startSpare(found.get().networkId(), true); // a warm stack from before spares, or its spare was removed
                }
                return new Status(false, es.getBaseUrl(), wanted, (System.nanoTime() - t0) / 1e9);
            }
            if (found.isPresent()) {
                HostLog.info(found.get().mismatch(wanted) != null ? found.get().mismatch(wanted) + ": replacing it"
                        : "the warm stack's Node server is gone: starting the warm stack again");
                removeParts();
            }
            String networkId = DockerClientFactory.instance().client().createNetworkCmd().withName(NETWORK_NAME)
                    .withLabels(PortexLabels.warm(NETWORK_ROLE)).withCheckDuplicate(true).exec().getId();
            org.testcontainers.containers.Network network = existing(networkId);
            try {
                ElasticsearchNodeContainer es = new ElasticsearchNodeContainer().withNetwork(network)
                        .asWarm(ELASTICSEARCH_ROLE).startDetached();
                HostLog.info(String.format(Locale.ROOT, "warm stack: elasticsearch ready in %.1f s", (System.nanoTime() - t0) / 1e9));
                new IngestNodeContainer().withNetwork(network).asWarm("node:" + DEFAULT_NODE_KEY).startDetached();
                startSpare(networkId, true);
                return new Status(true, es.getBaseUrl(), wanted, (System.nanoTime() - t0) / 1e9);
            } catch (RuntimeException | Error e) {
                removeParts();
                throw e;
            }
        } catch (PortexException e) {
            throw e;
        } catch (Exception e) {
            throw new PortexException("the warm stack did not start: " + e.getMessage() + " (./portex clean removes what is left)");
        }
    }

    /**
     * Starts a spare load generator on the warm stack's network ({@link LoadGeneratorContainer#spare}); its JVM starts
     * now ({@code jvmNow}, and goes on starting after this returns) or when {@link LoadGeneratorContainer#startStandby}
     * is called. A run that finds it claims it; one that claimed it starts the next. Like any load
     * generator's, its namespace is made again while Docker's DNS listener holds a port of its range (see
     * {@code PortexContainer.start}).
     */
    static LoadGeneratorContainer startSpare(String networkId, boolean jvmNow) {
        for (int attempt = 1; ; attempt++) {
            LoadGeneratorContainer spare = LoadGeneratorContainer.spare(existing(networkId), SPARE_RANGE, SPARE_ROLE)
                    .startDetached();
            if (spare.checkPortsTakenAtStart().isEmpty() || attempt == 6) {
                // after 6 tries, the claiming run's own check turns it down
                if (jvmNow) {
                    spare.startStandby();
                }
                return spare;
            }
            spare.stop();
        }
    }

    /** Removes the warm stack; returns how many containers and networks were removed. Refused while a run uses it. */
    public static int down() {
        HostSetup.ensureDockerEngine();
        try (AutoCloseable lease = tryLease().orElseThrow(WarmStack::inUse)) {
            return removeParts();
        } catch (PortexException e) {
            throw e;
        } catch (Exception e) {
            throw new PortexException("could not remove the warm stack: " + e.getMessage() + " (./portex clean removes it too)");
        }
    }

    private static int removeParts() {
        return Cleanup.removeLabelled(PortexLabels.WARM);
    }

    static PortexException inUse() {
        return new PortexException("the warm stack is in use by another portex run on this host: wait for it to end, or set "
                + STACK_ENV + "=fresh to run on a stack of your own");
    }

    /** A Docker network that exists already, for {@code withNetwork}: closing it leaves it alone. */
    static org.testcontainers.containers.Network existing(String id) {
        return new org.testcontainers.containers.Network() {
            @Override
            public String getId() {
                return id;
            }

            @Override
            public void close() {
                // the warm stack's network outlives the run
            }
        };
    }
}
