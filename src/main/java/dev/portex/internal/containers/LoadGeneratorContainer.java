package dev.portex.internal.containers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.portex.internal.infra.HostLog;
import dev.portex.api.PortexException;
import dev.portex.internal.loadgen.EndOfLoad;
import dev.portex.internal.loadgen.JitWarmUp;
import dev.portex.internal.loadgen.LoadGenerator;
import dev.portex.internal.loadgen.SenderException;
import dev.portex.internal.loadgen.Standby;
import dev.portex.model.ClientProgram;
import dev.portex.model.CommandProgram;
import dev.portex.model.ImageProgram;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.SenderProgram;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Network;
import dev.portex.model.ClientKind;
import dev.portex.model.CloseMode;
import dev.portex.model.ConnectionReuse;
import dev.portex.internal.loadgen.LoadResult;
import dev.portex.internal.sockets.TcpSocketTable;
import dev.portex.internal.tls.StackCa;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * A load generator in its own network namespace. The container idles; each {@link #run} is a
 * {@code docker exec} of the Java ({@code per-request}, {@code pooled}) or Python
 * ({@code python-post}, {@code python-session}) generator, so the namespace's TIME_WAIT sockets
 * outlive the run and can be inspected, waited out, or run into again.
 */
public class LoadGeneratorContainer extends PortexContainer<LoadGeneratorContainer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private volatile Load lastLoad;
    private volatile JitWarmUp lastJitWarmUp;
    private volatile Consumer<Progress> progress;

    /**
     * Names a host folder: each Java load generator run then records a JDK Flight Recording (the {@code profile}
     * settings) of itself, copied there as {@code <client>-<runId>.jfr} before the container goes. For profiling the
     * load generator; the recording costs it some CPU, so runs measured for their rate leave it unset.
     */
    public static final String JFR_ENV = "PORTEX_LOADGEN_JFR";
    private static final String JFR_IN_CONTAINER = "/tmp/loadgen.jfr";
    /** The image's class-data sharing archive of /app/loadgen.jar (containers/loadgen-java/Dockerfile); absent, the JVM goes without. */
    static final String CLASS_ARCHIVE = "/app/loadgen.jsa";

    /** Where the user's sender classpath is mounted, one entry per path, read-only. */
    static final String SENDER_CLASSPATH_DIR = "/portex-classpath/";

    private List<String> senderClasspath;

    /** Where an HTTPS run's load generator finds the stack's CA ({@link #trust}): its certificate as PEM, and a trust store. */
    public static final String TLS_DIR = "/tmp/portex-tls/";
    public static final String CA_FILE = TLS_DIR + "ca.pem";
    public static final String TRUST_STORE = TLS_DIR + "truststore.p12";
    /** A client certificate of the stack's CA and its key (PKCS#12, the trust store's password), for mutual TLS. */
    public static final String CLIENT_KEY_STORE = TLS_DIR + dev.portex.internal.loadgen.StackTrust.CLIENT_KEY_STORE_FILE;
    public static final String CLIENT_KEY_STORE_ENV = "PORTEX_CLIENT_KEY_STORE";
    /** The environment variables that tell a command or a sender where the stack's CA is, in an HTTPS run. */
    public static final String CA_FILE_ENV = "PORTEX_CA_FILE";
    public static final String TRUST_STORE_ENV = "PORTEX_TRUST_STORE";
    public static final String TRUST_STORE_PASSWORD_ENV = "PORTEX_TRUST_STORE_PASSWORD";

    /**
     * Copies the stack's CA certificate into this (started) container, as {@link #CA_FILE} and in {@link #TRUST_STORE}:
     * what an HTTPS load trusts; and a client certificate of the CA with its key, {@link #CLIENT_KEY_STORE}, for a client
     * that presents one. The CA's key stays in the harness.
     */
    public LoadGeneratorContainer trust(StackCa ca) {
        copyFileToContainer(org.testcontainers.images.builder.Transferable.of(ca.certificatePem().getBytes(StandardCharsets.US_ASCII), 0644), CA_FILE);
        copyFileToContainer(org.testcontainers.images.builder.Transferable.of(ca.trustStore(), 0644), TRUST_STORE);
        copyFileToContainer(org.testcontainers.images.builder.Transferable.of(ca.issueClientKeyStore("portex-load-generator"), 0644),
                CLIENT_KEY_STORE);
        return this;
    }

    /**
     * A load generator for {@code scenario}: for the user's own sender, the Java image with the sender's classpath
     * mounted read-only (the test JVM's own jars and class folders, so the container runs exactly that code).
     */
    public static LoadGeneratorContainer forScenario(Scenario scenario) {
        LoadGeneratorContainer container = forClient(scenario.client());
        if (scenario.sender() != null) {
            List<String> mounted = new ArrayList<>();
            List<String> classpath = scenario.sender().classpath();
            for (int i = 0; i < classpath.size(); i++) {
                java.nio.file.Path entry = java.nio.file.Path.of(classpath.get(i));
                String inside = SENDER_CLASSPATH_DIR + i + "-" + entry.getFileName();
                container.withFileSystemBind(entry.toAbsolutePath().toString(), inside, BindMode.READ_ONLY);
                mounted.add(inside);
            }
            container.senderClasspath = List.copyOf(mounted);
        }
        return container;
    }

    /** A load generator able to run {@code client}: the image of its runtime (Java, Python, Go, Node.js 24 or 18). */
    public static LoadGeneratorContainer forClient(ClientKind client) {
        return switch (client.runtime()) {
            case JAVA -> new LoadGeneratorContainer(PortexImages.loadgenJava());
            case PYTHON -> new LoadGeneratorContainer(PortexImages.loadgenPython());
            case GO -> new LoadGeneratorContainer(PortexImages.loadgenGo());
            case NODE, NODE_18 -> new LoadGeneratorContainer(PortexImages.loadgenNode(client.runtime().nodeMajor()));
        };
    }

    public LoadGeneratorContainer(String image) {
        super(image);
        withNetworkAliases("loadgen-" + PortexLabels.sessionId() + "-" + System.nanoTime() % 100000);
    }

    /**
     * What to send: the load generator's own options (see containers/loadgen-*).
     * {@code awaitRecoverySeconds} &gt; 0 (the Java, Go and Node.js load generators): after a failure, the same client retries until it
     * gets an answer, for at most that long; see {@link #endOfLoad}. {@code jitWarmUp} &gt; 0 (a Java client that
     * reuses connections; {@code bench} only): that many requests over loopback first, with C2 on as well (see
     * {@link dev.portex.internal.loadgen.JitWarmUp}).
     */
    public record Load(ClientKind client, int docs, double rate, int concurrency, List<String> targets,
                       String runId, int maxSeconds, CloseMode closeMode, ClientProgram program, int idleGapMs,
                       ConnectionReuse reuse, int awaitRecoverySeconds, int jitWarmUp, boolean anySuccess,
                       boolean trustsTheStack) {
        /** A load to portex's ingest server over plain HTTP: a document is acknowledged by its 201. */
        public Load(ClientKind client, int docs, double rate, int concurrency, List<String> targets, String runId,
                int maxSeconds, CloseMode closeMode, ClientProgram program, int idleGapMs, ConnectionReuse reuse,
                int awaitRecoverySeconds, int jitWarmUp) {
            this(client, docs, rate, concurrency, targets, runId, maxSeconds, closeMode, program, idleGapMs, reuse,
                    awaitRecoverySeconds, jitWarmUp, false, false);
        }

        /**
         * A load whose time is mostly waiting, with little CPU: idle gaps between its documents (the keep-alive race, a
         * NAT's idle timeout), a rate that spreads it over {@link #PACED_SECONDS} or more ({@code --rate 10}), or a client
         * that retries a connect through a range that ran out, about 60 s of stall.
         */
        boolean mostlyWaits() {
            return idleGapMs > 0 || rate > 0 && docs / rate >= PACED_SECONDS
                    || client.group() == ClientKind.Group.RETRYING && !client.reusesConnections();
        }

        /** A load paced to last this long at least waits between its documents most of the time. */
        static final double PACED_SECONDS = 10;

        /**
         * The same load over HTTPS: the load generator trusts the stack's CA ({@link #trust}, copied in before), its
         * Java clients by default and a command through {@code $PORTEX_CA_FILE} and {@code $PORTEX_TRUST_STORE}.
         */
        public Load trustingTheStack() {
            return new Load(client, docs, rate, concurrency, targets, runId, maxSeconds, closeMode, program, idleGapMs,
                    reuse, awaitRecoverySeconds, jitWarmUp, anySuccess, true);
        }

        /**
         * The environment of the load generator's process: where the stack's CA is, for an HTTPS load; for a built-in
         * client of another runtime also the variable its library reads its trusted CAs from (requests:
         * {@code REQUESTS_CA_BUNDLE}; httpx, aiohttp and Go: {@code SSL_CERT_FILE}; Node.js: {@code NODE_EXTRA_CA_CERTS}).
         * A command gets the {@code PORTEX_} ones only: what it trusts is its own to say.
         */
        List<String> environment() {
            if (!trustsTheStack) {
                return List.of();
            }
            List<String> environment = new ArrayList<>(List.of(CA_FILE_ENV + "=" + CA_FILE, TRUST_STORE_ENV + "=" + TRUST_STORE,
                    TRUST_STORE_PASSWORD_ENV + "=" + StackCa.TRUST_STORE_PASSWORD, CLIENT_KEY_STORE_ENV + "=" + CLIENT_KEY_STORE));
            if (program == null) {
                switch (client.runtime()) {
                    case PYTHON -> environment.addAll(List.of("REQUESTS_CA_BUNDLE=" + CA_FILE, "SSL_CERT_FILE=" + CA_FILE));
                    case GO -> environment.add("SSL_CERT_FILE=" + CA_FILE);
                    case NODE, NODE_18 -> environment.add("NODE_EXTRA_CA_CERTS=" + CA_FILE);
                    case JAVA -> { } // --trust-store sets the JVM's default trust
                }
            }
            return environment;
        }

        /** The same load, to your own service (its {@code targets}): any 2xx acknowledges a document. */
        public Load toOwnService() {
            return new Load(client, docs, rate, concurrency, targets, runId, maxSeconds, closeMode, program, idleGapMs,
                    reuse, awaitRecoverySeconds, jitWarmUp, true, trustsTheStack);
        }

        /** The same load, one document, under another run id: a probe that does not count as the run's. */
        public Load probe(String probeRunId) {
            return new Load(client, 1, 0, 1, targets, probeRunId, 30, closeMode, program, 0, reuse, 0, 0, anySuccess,
                    trustsTheStack);
        }

        /** The program to exec in the container, before {@link #toArgs()}. */
        List<String> entryPoint(List<String> senderClasspath) {
            return entryPoint(senderClasspath, List.of());
        }

        /** The same, with {@code jvmOptions} added to the Java load generator's JVM (ignored for the others). */
        List<String> entryPoint(List<String> senderClasspath, List<String> jvmOptions) {
            if (program instanceof CommandProgram) {
                return List.of("python3", "/app/command_loadgen.py");
            }
            if (client.runtime() == ClientKind.Runtime.PYTHON) {
                return List.of("python3", "/app/loadgen.py");
            }
            if (client.runtime() == ClientKind.Runtime.GO) {
                return List.of("/app/loadgen");
            }
            if (client.runtime().nodeMajor() != null) {
                return List.of("node", "/app/loadgen.js");
            }
            return javaEntryPoint(senderClasspath, jvmOptions, jitWarmUp > 0);
        }

        /** True when a load generator {@linkplain #onStandby on standby} can run this load: the Java one, on its own jar. */
        boolean fitsStandby(List<String> senderClasspath, boolean recording) {
            return client.runtime() == ClientKind.Runtime.JAVA && !(program instanceof CommandProgram)
                    && senderClasspath == null && !recording && jitWarmUp == 0;
        }

        public List<String> toArgs() {
            if (program instanceof CommandProgram command) {
                return List.of("--command", command.command(), "--docs", String.valueOf(docs),
                        "--target", String.join(",", targets), "--run-id", runId, "--max-seconds", String.valueOf(maxSeconds));
            }
            List<String> args = new ArrayList<>(program instanceof SenderProgram sender
                    ? List.of("--sender", sender.className()) : List.of("--client", client.loadgenName()));
            args.addAll(List.of(
                    "--docs", String.valueOf(docs),
                    "--rate", String.format(Locale.ROOT, "%s", rate),
                    "--concurrency", String.valueOf(concurrency),
                    "--target", String.join(",", targets),
                    "--run-id", runId,
                    "--max-seconds", String.valueOf(maxSeconds)));
            if (closeMode != CloseMode.GRACEFUL) {
                args.addAll(List.of("--close-mode", closeMode.cliName()));
            }
            if (idleGapMs > 0) {
                args.addAll(List.of("--idle-gap-ms", String.valueOf(idleGapMs)));
            }
            if (reuse != ConnectionReuse.DEFAULT) {
                args.addAll(List.of("--reuse", reuse.cliName()));
            }
            if (awaitRecoverySeconds > 0) {
                args.addAll(List.of("--await-recovery-seconds", String.valueOf(awaitRecoverySeconds)));
            }
            if (jitWarmUp > 0) {
                args.addAll(List.of("--jit-warm-up", String.valueOf(jitWarmUp)));
            }
            if (anySuccess) {
                args.addAll(List.of("--acknowledge", dev.portex.internal.loadgen.LoadOptions.ACKNOWLEDGE_ANY_SUCCESS));
            }
            if (trustsTheStack && client.runtime() == ClientKind.Runtime.JAVA) {
                args.addAll(List.of("--trust-store", TRUST_STORE)); // the others read the variables of environment()
            }
            return args;
        }
    }

    /** The Java load generator's command line, without its options. */
    static List<String> javaEntryPoint(List<String> senderClasspath, List<String> jvmOptions) {
        return javaEntryPoint(senderClasspath, jvmOptions, false);
    }

    /**
     * {@code fullTiered}: with C2 as well, for a load after a JIT warm-up ({@code --jit-warm-up}), which leaves C2's
     * compilations outside the measured window.
     */
    static List<String> javaEntryPoint(List<String> senderClasspath, List<String> jvmOptions, boolean fullTiered) {
        // Otherwise C1 only, for short runs and long ones: C2's compilations cost more CPU than its faster code saves
        // within a run. bench, pooled, 8 threads, load generator's CPU per document with C1 and with full
        // tiered compilation: 284 and 487 us over 15,000 documents, 180 and 203 us over 60,000.
        List<String> java = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-Xmx256m"));
        if (!fullTiered) {
            java.add("-XX:TieredStopAtLevel=1");
        }
        java.addAll(jvmOptions);
        // The image's class-data sharing archive matches its own jar only, not a sender's classpath.
        java.addAll(senderClasspath == null ? List.of("-XX:SharedArchiveFile=" + CLASS_ARCHIVE, "-jar", "/app/loadgen.jar")
                : List.of("-cp", String.join(":", senderClasspath), LoadGenerator.class.getName()));
        return java;
    }

    /**
     * A spare for the warm stack: a Java load generator in a namespace with {@code range}, its generator already started
     * {@linkplain Standby on standby}, carrying the warm label {@code role}. A run claims it ({@link #attachToSpare}) instead
     * of starting a container and a JVM of its own; its namespace has never opened a connection.
     */
    public static LoadGeneratorContainer spare(Network network, PortRange range, String role) {
        LoadGeneratorContainer spare = new LoadGeneratorContainer(PortexImages.loadgenJava());
        spare.withNetwork(network).withPortRange(range).withTcpTwReuse(0).asWarm(role)
                .withCommand(Standby.containerCommand(javaEntryPoint(null, List.of())).toArray(String[]::new));
        return spare;
    }

    /** Lets a {@linkplain #spare spare}'s load generator start now, instead of 10 s after the container started. */
    public void startStandby() {
        exec(Standby.startNow().toArray(String[]::new));
    }

    /** True until this container's load generator on standby has taken a load (or turned out not to be there). */
    private volatile boolean onStandby;

    /**
     * Stands for the warm stack's spare {@code containerId} ({@link #spare}): its first {@link #run} that
     * {@linkplain Load#fitsStandby fits} goes to the load generator on standby there, which reports ports of the range
     * found taken (then the run goes on in this namespace, as after {@link #start}'s last attempt). The caller removes
     * the container when done, as any load generator's.
     */
    public LoadGeneratorContainer attachToSpare(String containerId, PortRange range) {
        attachTo(containerId);
        withPortRange(range);
        onStandby = true;
        return this;
    }

    /**
     * A progress sample of a running load, as the load generator reports it every sample interval; the counts
     * of its {@link dev.portex.model.Sample} ({@code established} is -1 but in the last one).
     */
    public record Progress(long tMs, int acknowledged, int failed, int timeWait, int established, int docs) {
        static Progress parse(String text) {
            String[] f = text.trim().split(" ");
            return new Progress(Long.parseLong(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
        }
    }

    /** Receives progress samples while {@link #run} lasts (Java load generator only). */
    public LoadGeneratorContainer withProgress(Consumer<Progress> listener) {
        this.progress = listener;
        return this;
    }

    private record StreamedExec(int exitCode, String stdout, String stderr) {
    }

    /** docker exec with stderr streamed line by line (Testcontainers' execInContainer only returns at the end). */
    private StreamedExec execStreaming(List<String> command, List<String> environment, Consumer<String> stderrLine) {
        DockerClient docker = getDockerClient();
        var create = docker.execCreateCmd(getContainerId()).withAttachStdout(true).withAttachStderr(true)
                .withCmd(command.toArray(String[]::new));
        if (!environment.isEmpty()) {
            create.withEnv(environment);
        }
        String execId = create.exec().getId();
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        StringBuilder partial = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                if (frame.getStreamType() == StreamType.STDERR) {
                    partial.append(text);
                    int newline;
                    while ((newline = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, newline);
                        partial.delete(0, newline + 1);
                        if (line.startsWith(LoadGenerator.PROGRESS_PREFIX)) {
                            stderrLine.accept(line);
                        } else {
                            stderr.append(line).append('\n');
                        }
                    }
                } else {
                    stdout.append(text);
                }
            }
        }) {
            docker.execStartCmd(execId).exec(callback).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the load generator ran", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("docker exec failed: " + e.getMessage(), e);
        }
        Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        return new StreamedExec(exit == null ? -1 : exit.intValue(), stdout.toString(), stderr.append(partial).toString());
    }

    /** How a user's image ran: its exit status (null when it was stopped at the time limit) and its last stderr lines. */
    public record ImageRun(Integer exitCode, String stderrTail, long durationMs) {
    }

    /**
     * Runs the user's {@code program} once as the whole load generator, in this container's network namespace (so
     * with its narrowed range): the image's own process, {@code $PORTEX_TARGET_URL}, {@code $PORTEX_DOCS} and
     * {@code $PORTEX_RUN_ID} in its environment, stopped after {@code maxSeconds}, removed afterwards. Nothing is
     * pulled: the image must exist on this Docker engine.
     */
    public ImageRun runImage(ImageProgram program, String targetUrl, int docs, String runId, int maxSeconds) {
        try (LoadGate.Pass pass = LoadGate.enter(false)) {
            return runImagePast(program, targetUrl, docs, runId, maxSeconds);
        }
    }

    private ImageRun runImagePast(ImageProgram program, String targetUrl, int docs, String runId, int maxSeconds) {
        DockerClient docker = getDockerClient();
        try {
            docker.inspectImageCmd(program.image()).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            throw new PortexException("image " + program.image() + " does not exist on this Docker engine (nothing is "
                    + "pulled here): build it first, e.g. docker build -t " + program.image() + " .", 2);
        }
        // the same labels as this load generator's (its runner's too), so that what finds its containers finds this one
        java.util.Map<String, String> labels = new java.util.HashMap<>(PortexLabels.all());
        String runner = getLabels().get(PortexLabels.RUNNER);
        if (runner != null) {
            labels.put(PortexLabels.RUNNER, runner);
        }
        var create = docker.createContainerCmd(program.image())
                .withLabels(labels)
                .withEnv("PORTEX_TARGET_URL=" + targetUrl, "PORTEX_DOCS=" + docs, "PORTEX_RUN_ID=" + runId)
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withNetworkMode("container:" + getContainerId()));
        if (!program.args().isEmpty()) {
            create.withCmd(program.args());
        }
        String id;
        try {
            id = create.exec().getId();
        } catch (RuntimeException e) {
            throw new PortexException("cannot create a container from " + program.image() + ": " + e.getMessage(), 2);
        }
        long started = System.nanoTime();
        try {
            try {
                docker.startContainerCmd(id).exec();
            } catch (RuntimeException e) {
                throw new PortexException("image " + program.image() + " does not start: " + e.getMessage()
                        + " (is its command right? --client-args replaces it)", 2);
            }
            Integer exit;
            try {
                exit = docker.waitContainerCmd(id).exec(new com.github.dockerjava.api.command.WaitContainerResultCallback())
                        .awaitStatusCode(maxSeconds, java.util.concurrent.TimeUnit.SECONDS);
            } catch (com.github.dockerjava.api.exception.DockerClientException e) {
                docker.killContainerCmd(id).exec();
                exit = null;
            }
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            return new ImageRun(exit, stderrTail(docker, id), durationMs);
        } finally {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    private static String stderrTail(DockerClient docker, String id) {
        StringBuilder text = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }) {
            docker.logContainerCmd(id).withStdErr(true).withStdOut(false).withTail(20).exec(callback).awaitCompletion(10,
                    java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            return "(its log could not be read: " + e.getMessage() + ")";
        }
        String tail = text.toString().strip();
        return tail.length() > 500 ? tail.substring(tail.length() - 500) : tail;
    }

    /**
     * What the Java load generator recorded at the end of run {@code runId}, before it closed its client
     * and exited (see {@link dev.portex.internal.loadgen.EndOfLoad}): the namespace's sockets and TCP counters
     * then, and how long after the first failure the same client got an answer again (null: it did
     * not, or was not asked to). Null for the Python and command load generators and users' images, which record nothing.
     */
    public EndOfLoadRecord endOfLoad(String runId) {
        Map<String, String> files = readFiles(List.of(EndOfLoad.path(runId, EndOfLoad.TCP), EndOfLoad.path(runId, EndOfLoad.TCP6),
                EndOfLoad.path(runId, EndOfLoad.SNMP), EndOfLoad.path(runId, EndOfLoad.RECOVERED_AFTER_MS)));
        String tcp = files.get(EndOfLoad.path(runId, EndOfLoad.TCP));
        if (tcp == null) {
            return null;
        }
        String tcp6 = files.get(EndOfLoad.path(runId, EndOfLoad.TCP6));
        String snmp = files.get(EndOfLoad.path(runId, EndOfLoad.SNMP));
        String recovered = files.get(EndOfLoad.path(runId, EndOfLoad.RECOVERED_AFTER_MS));
        return new EndOfLoadRecord(
                tcp6 == null || tcp6.isBlank() ? TcpSocketTable.parse(tcp) : TcpSocketTable.parse(tcp, tcp6),
                snmp == null ? Map.of() : parseTcpCounters(snmp),
                recovered == null ? null : Long.parseLong(recovered.strip()));
    }

    /** See {@link #endOfLoad}. */
    public record EndOfLoadRecord(TcpSocketTable sockets, Map<String, Long> tcpCounters, Long recoveredAfterMs) {
    }

    /** The load this container ran last, or null. */
    public Load lastLoad() {
        return lastLoad;
    }

    private void keepRecording(java.nio.file.Path file) {
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            copyFileFromContainer(JFR_IN_CONTAINER, file.toString());
            HostLog.info("load generator's flight recording: " + file);
        } catch (IOException | RuntimeException e) {
            // a recording we cannot keep must not fail the run it recorded
            HostLog.info("could not keep the load generator's flight recording in " + file + ": " + e.getMessage());
        }
    }

    /** The JIT warm-up the last {@link #run} made before its load ({@code Load.jitWarmUp} &gt; 0), if any. */
    public Optional<JitWarmUp> jitWarmUp() {
        return Optional.ofNullable(lastJitWarmUp);
    }

    /** Runs one load to completion (bounded by its own time limit) and returns its JSON result. */
    public LoadResult run(Load load) {
        return run(load, false);
    }

    /**
     * Runs one load to completion, through the {@link LoadGate}: {@code alone}, with no other load or container start of
     * this JVM beside it until its load is over (not during the recovery it may await afterwards).
     */
    public LoadResult run(Load load, boolean alone) {
        // A probe ("does the namespace take a document again?"): too little CPU to gate, and a probe "right after" a run
        // must not wait behind other work. A load that mostly waits: held for its whole length, its pass would keep a load
        // that needs the machine alone waiting, and every load and container start queued behind that one, the CPU idle.
        if (!alone && (load.docs() == 1 || load.mostlyWaits())) {
            return runPast(load, LoadGate.none());
        }
        try (LoadGate.Pass pass = LoadGate.enter(alone)) {
            return runPast(load, pass);
        }
    }

    private LoadResult runPast(Load load, LoadGate.Pass pass) {
        lastLoad = load;
        lastJitWarmUp = null;
        String jfrFolder = System.getenv(JFR_ENV);
        boolean recording = jfrFolder != null && !jfrFolder.isBlank() && load.client().runtime() == ClientKind.Runtime.JAVA
                && !(load.program() instanceof CommandProgram);
        Consumer<String> progressLine = line -> {
            if (line.equals(LoadGenerator.LOAD_DONE)) {
                pass.close(); // what follows is waiting for recovery, or the exit
            } else if (line.startsWith(LoadGenerator.PROGRESS_PREFIX) && progress != null) {
                progress.accept(Progress.parse(line.substring(LoadGenerator.PROGRESS_PREFIX.length())));
            }
        };
        StreamedExec result = null;
        boolean standby = onStandby;
        onStandby = false;
        if (standby && load.fitsStandby(senderClasspath, recording)) {
            result = execStreaming(Standby.claim(load.toArgs(), load.maxSeconds()), load.environment(), progressLine);
            if (result.exitCode() == Standby.NOT_ON_STANDBY) {
                HostLog.info("the spare load generator was not on standby: starting one in its namespace");
                result = null;
            } else if (result.exitCode() == Standby.RANGE_NOT_FREE) {
                // Docker's DNS listener holds a port of the range: the run goes on in this namespace, one port short, and
                // says so (as a fresh container does after its attempts, see PortexContainer.start)
                setPortsTakenAtStart(Standby.parsePortsTaken(result.stdout()));
                HostLog.info("the spare load generator's range holds port(s) " + getPortsTakenAtStart()
                        + " (Docker's DNS listener): the run has one port fewer per port taken");
                result = null;
            } else {
                HostLog.debug("load ran on the load generator on standby");
            }
        }
        if (result == null) {
            List<String> command = new ArrayList<>(load.entryPoint(senderClasspath, recording
                    ? List.of("-XX:StartFlightRecording=settings=profile,filename=" + JFR_IN_CONTAINER) : List.of()));
            command.addAll(load.toArgs());
            result = execStreaming(command, load.environment(), progressLine);
        }
        lastJitWarmUp = JitWarmUp.find(result.stderr()).orElse(null);
        if (recording) {
            keepRecording(java.nio.file.Path.of(jfrFolder).resolve(load.client().cliName() + "-" + load.runId() + ".jfr"));
        }
        if (result.exitCode() == SenderException.EXIT_CODE) {
            // the user's program cannot run at all (a sender class, a command): one line, the user's to fix
            throw new PortexException(result.stderr().strip().replaceFirst("^loadgen: ", ""), 2);
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("load generator exited with " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        String stdout = result.stdout().strip();
        String lastLine = stdout.substring(stdout.lastIndexOf('\n') + 1);
        try {
            return JSON.readValue(lastLine, LoadResult.class);
        } catch (IOException e) {
            throw new IllegalStateException("load generator printed no JSON result: " + stdout
                    + "\n" + result.stderr(), e);
        }
    }

}
