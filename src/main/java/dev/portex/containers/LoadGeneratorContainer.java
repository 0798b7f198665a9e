package dev.portex.containers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.loadgen.LoadResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.testcontainers.containers.Container.ExecResult;

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

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final boolean python;
    private volatile Load lastLoad;

    /** A load generator able to run {@code client}: the Java image for the Java clients, the Python image otherwise. */
    public static LoadGeneratorContainer forClient(String client) {
        if (JAVA_CLIENTS.contains(client)) {
            return new LoadGeneratorContainer(PortexImages.loadgenJava(), false);
        }
        if (PYTHON_CLIENTS.contains(client)) {
            return new LoadGeneratorContainer(PortexImages.loadgenPython(), true);
        }
        throw new IllegalArgumentException("unknown client '" + client + "': use one of " + String.join(", ", ALL_CLIENTS));
    }

    public LoadGeneratorContainer(String image, boolean python) {
        super(image);
        this.python = python;
        withNetworkAliases("loadgen-" + PortexLabels.sessionId() + "-" + System.nanoTime() % 100000);
    }

    /** What to send: the load generator's own options (see containers/loadgen-*). */
    public record Load(String client, int docs, double rate, int concurrency, List<String> targets,
                       String runId, int maxSeconds, String closeMode) {
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
            return args;
        }
    }

    /** The load this container ran last, or null. */
    public Load lastLoad() {
        return lastLoad;
    }

    /** Runs one load to completion (bounded by its own time limit) and returns its JSON result. */
    public LoadResult run(Load load) {
        lastLoad = load;
        List<String> command = new ArrayList<>(python
                ? List.of("python3", "/app/loadgen.py")
                : List.of("java", "-XX:+UseSerialGC", "-Xmx256m", "-jar", "/app/loadgen.jar"));
        command.addAll(load.toArgs());
        ExecResult result = exec(command.toArray(String[]::new));
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("load generator exited with " + result.getExitCode() + ": "
                    + result.getStderr().strip());
        }
        String stdout = result.getStdout().strip();
        String lastLine = stdout.substring(stdout.lastIndexOf('\n') + 1);
        try {
            return JSON.readValue(lastLine, LoadResult.class);
        } catch (IOException e) {
            throw new IllegalStateException("load generator printed no JSON result: " + stdout
                    + "\n" + result.getStderr(), e);
        }
    }

}
