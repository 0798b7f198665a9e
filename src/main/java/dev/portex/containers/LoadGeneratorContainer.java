package dev.portex.containers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.portex.loadgen.EndOfLoad;
import dev.portex.loadgen.LoadGenerator;
import dev.portex.loadgen.LoadResult;
import dev.portex.sockets.TcpSocketTable;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A load generator in its own network namespace. The container idles; each {@link #run} is a
 * {@code docker exec} of the Java ({@code per-request}, {@code pooled}) or Python
 * ({@code python-post}, {@code python-session}) generator, so the namespace's TIME_WAIT sockets
 * outlive the run and can be inspected, waited out, or run into again.
 */
public class LoadGeneratorContainer extends PortexContainer<LoadGeneratorContainer> {
    public static final List<String> JAVA_CLIENTS = List.of("per-request", "pooled");
    public static final List<String> PYTHON_CLIENTS = List.of("python-post", "python-session");
    public static final List<String> ALL_CLIENTS = List.of("per-request", "pooled", "python-post", "python-session");
    /**
     * The HTTP clients Java teams ship (issue 14), in the Java image too; not part of ALL_CLIENTS, so
     * {@code compare} and {@code bench} keep to the incident's four: {@code compare --java-clients} runs these.
     */
    public static final List<String> JAVA_LIBRARY_CLIENTS = dev.portex.loadgen.clients.JavaClientCatalogue.NAMES;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final boolean python;
    private volatile Load lastLoad;
    private volatile Consumer<Progress> progress;

    /** A load generator able to run {@code client}: the Java image for the Java clients, the Python image otherwise. */
    public static LoadGeneratorContainer forClient(String client) {
        if (JAVA_CLIENTS.contains(client) || JAVA_LIBRARY_CLIENTS.contains(client)) {
            return new LoadGeneratorContainer(PortexImages.loadgenJava(), false);
        }
        if (PYTHON_CLIENTS.contains(client)) {
            return new LoadGeneratorContainer(PortexImages.loadgenPython(), true);
        }
        throw new IllegalArgumentException("unknown client '" + client + "': use one of " + String.join(", ", ALL_CLIENTS)
                + ", " + String.join(", ", JAVA_LIBRARY_CLIENTS));
    }

    public LoadGeneratorContainer(String image, boolean python) {
        super(image);
        this.python = python;
        withNetworkAliases("loadgen-" + PortexLabels.sessionId() + "-" + System.nanoTime() % 100000);
    }

    /**
     * What to send: the load generator's own options (see containers/loadgen-*).
     * {@code awaitRecoverySeconds} &gt; 0 (Java only): after a failure, the same client retries until it
     * gets an answer, for at most that long; see {@link #endOfLoad}.
     */
    public record Load(String client, int docs, double rate, int concurrency, List<String> targets,
                       String runId, int maxSeconds, String closeMode, int awaitRecoverySeconds) {
        public Load(String client, int docs, double rate, int concurrency, List<String> targets,
                    String runId, int maxSeconds, String closeMode) {
            this(client, docs, rate, concurrency, targets, runId, maxSeconds, closeMode, 0);
        }

        /** The same load, one document, under another run id: a probe that does not count as the run's. */
        public Load probe(String probeRunId) {
            return new Load(client, 1, 0, 1, targets, probeRunId, 30, closeMode);
        }

        public List<String> toArgs() {
            List<String> args = new ArrayList<>(List.of(
                    "--client", client,
                    "--docs", String.valueOf(docs),
                    "--rate", String.format(Locale.ROOT, "%s", rate),
                    "--concurrency", String.valueOf(concurrency),
                    "--target", String.join(",", targets),
                    "--run-id", runId,
                    "--max-seconds", String.valueOf(maxSeconds)));
            if (!"graceful".equals(closeMode)) {
                args.addAll(List.of("--close-mode", closeMode));
            }
            if (awaitRecoverySeconds > 0) {
                args.addAll(List.of("--await-recovery-seconds", String.valueOf(awaitRecoverySeconds)));
            }
            return args;
        }
    }

    /** A progress sample of a running load, as the load generator reports it every sample interval. */
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
    private StreamedExec execStreaming(List<String> command, Consumer<String> stderrLine) {
        DockerClient docker = getDockerClient();
        String execId = docker.execCreateCmd(getContainerId()).withAttachStdout(true).withAttachStderr(true)
                .withCmd(command.toArray(String[]::new)).exec().getId();
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

    /**
     * What the Java load generator recorded at the end of run {@code runId}, before it closed its client
     * and exited (see {@link dev.portex.loadgen.EndOfLoad}): the namespace's sockets and TCP counters
     * then, and how long after the first failure the same client got an answer again (null: it did
     * not, or was not asked to). Null for the Python load generator, which records nothing.
     */
    public EndOfLoadRecord endOfLoad(String runId) {
        if (python) {
            return null;
        }
        String tcp = readFile(EndOfLoad.path(runId, EndOfLoad.TCP));
        if (tcp == null) {
            return null;
        }
        String tcp6 = readFile(EndOfLoad.path(runId, EndOfLoad.TCP6));
        String snmp = readFile(EndOfLoad.path(runId, EndOfLoad.SNMP));
        String recovered = readFile(EndOfLoad.path(runId, EndOfLoad.RECOVERED_AFTER_MS));
        return new EndOfLoadRecord(
                tcp6 == null || tcp6.isBlank() ? TcpSocketTable.parse(tcp) : TcpSocketTable.parse(tcp, tcp6),
                snmp == null ? Map.of() : parseTcpCounters(snmp),
                recovered == null ? null : Long.parseLong(recovered.strip()));
    }

    /** See {@link #endOfLoad}. */
    public record EndOfLoadRecord(TcpSocketTable sockets, Map<String, Long> tcpCounters, Long recoveredAfterMs) {
    }

    private String readFile(String path) {
        try {
            var result = execInContainer("cat", path);
            return result.getExitCode() == 0 ? result.getStdout() : null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " in the load generator: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
    }

    /** The load this container ran last, or null. */
    public Load lastLoad() {
        return lastLoad;
    }

    /** Runs one load to completion (bounded by its own time limit) and returns its JSON result. */
    public LoadResult run(Load load) {
        lastLoad = load;
        // C1 only: a run lasts seconds; C2's compiler threads would take a quarter of a core from the load.
        List<String> command = new ArrayList<>(python
                ? List.of("python3", "/app/loadgen.py")
                : List.of("java", "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", "/app/loadgen.jar"));
        command.addAll(load.toArgs());
        StreamedExec result = execStreaming(command, line -> {
            if (line.startsWith(LoadGenerator.PROGRESS_PREFIX) && progress != null) {
                progress.accept(Progress.parse(line.substring(LoadGenerator.PROGRESS_PREFIX.length())));
            }
        });
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
