package dev.portex.junit;

import dev.portex.api.DocumentSender;
import dev.portex.internal.harness.ScenarioRunner;
import dev.portex.internal.harness.SenderCheck;
import dev.portex.model.InvalidScenarioException;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Target;
import org.testcontainers.containers.ContainerState;

/**
 * A test's handle on the stack: runs senders (yours, or portex's own clients through {@link #run(Scenario)}) and
 * returns the same {@link ScenarioResult} that {@code ./portex run --json} prints.
 */
public final class PortexHarness {
    /** 100 ports: an even size, so the port count is exact (see docs/concepts.md, "Open observations"). */
    public static final PortRange DEFAULT_RANGE = new PortRange(41000, 41099);

    private final ScenarioRunner runner;

    /** @param runner whose stack starts at the first run that needs it ({@link ScenarioRunner#onDemand}) */
    PortexHarness(ScenarioRunner runner) {
        this.runner = runner;
    }

    /** Your {@link DocumentSender}, run from the test classpath inside a narrowed namespace; set it up, then {@link SenderRun#run()}. */
    public SenderRun sender(Class<? extends DocumentSender> type) {
        return new SenderRun(Scenario.ofProgram(SenderCheck.of(type), DEFAULT_RANGE, 300));
    }

    /** Runs any scenario (portex's own clients too). */
    public ScenarioResult run(Scenario scenario) {
        return runner.run(scenario);
    }

    /** One run of a sender, set up fluently; each setter returns a new set-up. */
    public final class SenderRun {
        private final Scenario scenario;

        private SenderRun(Scenario scenario) {
            this.scenario = scenario;
        }

        /**
         * The load generator's ephemeral range, inclusive, of an even size (default 41000-41099): the kernel scans an
         * even number of ports per connect(), so on an odd-sized range the last free port can be missed and the
         * count is not exact.
         *
         * @throws IllegalArgumentException naming this call, for an odd size, a range outside 1024-65535, one of a single
         *         port, or one that holds Node's port 8080, with a range that is accepted
         */
        public SenderRun onPorts(int low, int high) {
            String call = "onPorts(" + low + ", " + high + ")";
            PortRange range;
            try {
                range = new PortRange(low, high);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(call + ": " + e.getMessage() + "; e.g. onPorts(41000, 41099)", e);
            }
            if (range.size() % 2 != 0) {
                throw new IllegalArgumentException(call + " holds " + range.size() + " ports, an odd "
                        + "number: the kernel then can miss the last free port, so counts are not exact; use an even size, "
                        + "e.g. onPorts(" + low + ", " + (high + 1) + ")");
            }
            return set(() -> scenario.withPortRange(range), "onPorts", low + ", " + high, "41000, 41099");
        }

        /**
         * Sends to your own service instead of portex's ingest server: {@code service}, a container your test started
         * (a Testcontainers {@code GenericContainer}, say), listening on {@code port} inside it. portex joins it to the
         * run's network for the run (it stays running, and is left off that network after), and your sender's
         * {@code target} is {@code http://target-service:PORT/} (see {@link #path}). A document counts as acknowledged
         * when your sender returns a 2xx. The run starts no Elasticsearch, and its result has no server side
         * ({@link ScenarioResult#serverSide()} is null): assert on what the client shows, e.g.
         * {@code acknowledgedEveryDocument()}, {@code usedAtMostLocalPorts(1)}, {@code exhaustedAtDocument(101)}.
         *
         * <pre>{@code
         * @Container
         * static GenericContainer<?> orders = new GenericContainer<>("our/orders-service:1.4").withExposedPorts(8080);
         *
         * @Test
         * void ourClientKeepsOneConnection(PortexHarness portex) {
         *     ScenarioResult result = portex.sender(OrdersClientSender.class).against(orders, 8080).path("/orders")
         *             .documents(300).run();
         *     PortexAssertions.assertThat(result).acknowledgedEveryDocument().usedAtMostLocalPorts(1);
         * }
         * }</pre>
         *
         * @throws IllegalArgumentException naming this call, for a container that was not started or a port outside 1-65535
         */
        public SenderRun against(ContainerState service, int port) {
            String call = "against(" + (service == null ? "null" : "container") + ", " + port + ")";
            if (service == null || service.getContainerId() == null) {
                throw new IllegalArgumentException(call + ": the container is not started: start it first (its start(), or"
                        + " @Container on a static field with @Testcontainers on the class)");
            }
            return set(() -> scenario.withTarget(Target.container(service.getContainerId(), port)), "against",
                    "container, " + port, "container, 8080");
        }

        /**
         * Sends to your own service, started by portex from {@code image} for the run (on the run's network, removed
         * after it) and ready once it listens on {@code port}; otherwise as {@link #against(ContainerState, int)}. The
         * image must be on the Docker engine already: portex pulls nothing.
         */
        public SenderRun againstImage(String image, int port) {
            return set(() -> scenario.withTarget(Target.image(image, port)), "againstImage", "\"" + image + "\", " + port,
                    "\"our/orders-service:1.4\", 8080");
        }

        /**
         * The path your sender's {@code target} ends with, against your own service (default {@code /}).
         *
         * @throws IllegalStateException before {@link #against} or {@link #againstImage}: portex's ingest server has its
         *         own path
         */
        public SenderRun path(String path) {
            if (scenario.target() == null) {
                throw new IllegalStateException("path(\"" + path + "\") goes with your own service: call against(container, "
                        + "port) or againstImage(image, port) first; portex's ingest server takes documents at /docs");
            }
            return set(() -> scenario.withTarget(scenario.target().withPath(path)), "path", "\"" + path + "\"",
                    "\"/orders\"");
        }

        /**
         * Over HTTPS: your sender gets an {@code https://} target on portex's ingest server, whose certificate a CA made
         * for the stack signed. Its JVM trusts that CA by default (the JDK's {@code HttpClient}, Apache HttpClient, OkHttp
         * and others built with their defaults need nothing more); a sender that builds its own trust finds the CA in
         * {@code $PORTEX_CA_FILE} (PEM) and {@code $PORTEX_TRUST_STORE} (PKCS#12, password
         * {@code $PORTEX_TRUST_STORE_PASSWORD}). A sender that refuses the certificate fails its first document with
         * its client's handshake error.
         *
         * @throws InvalidScenarioException with {@link #against} or {@link #againstImage}: your service's TLS is its own
         */
        public SenderRun tls() {
            return set(scenario::withTls, "tls", null, null);
        }

        /**
         * How many documents to send (default 300).
         *
         * @throws InvalidScenarioException for fewer than 1, e.g. {@code documents(0): the documents to send must be a
         *         whole number >= 1; e.g. documents(300)}
         */
        public SenderRun documents(int docs) {
            return set(() -> scenario.withDocs(docs), "documents", null, null);
        }

        /**
         * Threads sending at once, sharing your one sender instance (default 1).
         *
         * @throws InvalidScenarioException for fewer than 1
         */
        public SenderRun concurrency(int threads) {
            return set(() -> scenario.withConcurrency(threads), "concurrency", null, null);
        }

        /**
         * Documents per second; 0, the default, is as fast as possible.
         *
         * @throws InvalidScenarioException for a negative rate, or one that is not a number
         */
        public SenderRun rate(double docsPerSecond) {
            return set(() -> scenario.withRate(docsPerSecond), "rate", null, null);
        }

        /**
         * Hard time limit of the run (default 300 s).
         *
         * @throws InvalidScenarioException for less than 1 s
         */
        public SenderRun maxSeconds(int seconds) {
            return set(() -> scenario.withMaxSeconds(seconds), "maxSeconds", null, null);
        }

        /** The set-up with {@code change} made; a refused value is named as this set-up's own {@code method}. */
        private SenderRun set(java.util.function.Supplier<Scenario> change, String method, String value, String example) {
            try {
                return new SenderRun(change.get());
            } catch (InvalidScenarioException e) {
                throw e.calledAs(method, value, example);
            }
        }

        public Scenario scenario() {
            return scenario;
        }

        /**
         * Runs it: a fresh namespace, your sender on your classpath, every document checked in Elasticsearch (against
         * your own service: what the client side shows).
         */
        public ScenarioResult run() {
            return runner.run(scenario);
        }
    }
}
