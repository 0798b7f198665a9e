package dev.portex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portex.budget.PortBudget;
import dev.portex.budget.PortRange;
import dev.portex.budget.Prediction;
import dev.portex.containers.HostLog;
import dev.portex.containers.IngestNodeContainer.EsClient;
import dev.portex.harness.Scenario;
import dev.portex.containers.LoadGeneratorContainer;
import dev.portex.harness.Cleanup;
import dev.portex.harness.Bench;
import dev.portex.harness.Cleanup;
import dev.portex.harness.HostSetup;
import dev.portex.harness.PortexException;
import dev.portex.harness.PortexStack;
import dev.portex.harness.ScenarioResult;
import dev.portex.harness.ScenarioRunner;
import dev.portex.harness.PortexHome;
import dev.portex.report.Report;
import dev.portex.report.ReportFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;

/** {@code ./portex}: run the incident's scenarios on a fresh stack and say what happened. */
public final class Portex {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Set by the shutdown hook: the main thread's errors are then consequences, not news. */
    private static volatile boolean interrupted;
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Portex() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out));
    }

    static int execute(String[] args, PrintStream out) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("portex: " + e.getMessage());
            return 2;
        }
        try {
            switch (options.command()) {
                case "help" -> out.print(Help.TEXT);
                case "setup" -> {
                    HostSetup.ensureReady();
                    HostLog.info("setup complete");
                }
                case "clean" -> Cleanup.removeLeftovers(true);
                case "budget" -> budget(options, out);
                case "run" -> run(options, List.of(options.scenario(options.client())), out);
                case "compare" -> run(options, compareScenarios(options), out);
                case "replay-incident" -> run(options, List.of(options.scenario("per-request"), options.scenario("pooled")), out);
                case "bench" -> bench(options, out);
                default -> throw new UsageException("unknown command " + options.command());
            }
            return 0;
        } catch (UsageException e) {
            System.err.println("portex: " + e.getMessage());
            return 2;
        } catch (PortexException e) {
            if (!interrupted) {
                System.err.println("portex: " + e.getMessage());
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            if (interrupted) {
                return 130;
            }
            // Unexpected: one line for the reader, the trace only on request.
            System.err.println("portex: failed: " + e + (System.getenv("PORTEX_DEBUG") == null
                    ? " (set PORTEX_DEBUG=1 for the stack trace)" : ""));
            if (System.getenv("PORTEX_DEBUG") != null) {
                e.printStackTrace();
            }
            return 1;
        }
    }

    /**
     * Every client on the same range; with --matrix, the Java clients against both Elasticsearch
     * client modes instead (Node's own range narrowed like the client's when none is given).
     */
    static List<Scenario> compareScenarios(CliOptions options) {
        List<Scenario> scenarios = new ArrayList<>();
        if (options.javaClients()) {
            LoadGeneratorContainer.JAVA_LIBRARY_CLIENTS.forEach(client -> scenarios.add(options.scenario(client)));
            return scenarios;
        }
        if (!options.matrix()) {
            for (String client : LoadGeneratorContainer.ALL_CLIENTS) {
                scenarios.add(options.scenario(client));
            }
            return scenarios;
        }
        // Node's namespace is its own: the same numbers as the client's range do not collide.
        PortRange serverRange = options.serverPortRange() != null ? options.serverPortRange() : options.portRange();
        for (String client : LoadGeneratorContainer.JAVA_CLIENTS) {
            for (EsClient es : List.of(EsClient.POOLED, EsClient.PER_REQUEST)) {
                scenarios.add(options.scenario(client).withEsClient(es).withServerPortRange(serverRange));
            }
        }
        return scenarios;
    }

    /**
     * Ctrl-C or SIGTERM: remove everything this JVM started (by its session label, so containers still
     * starting are found too) and say so in one line. Registered before the first container starts.
     */
    private static Thread cleanupOnSignal() {
        Thread hook = new Thread(() -> {
            interrupted = true;
            System.err.println("\nportex: interrupted, removing this run's containers and network ...");
            try {
                // Testcontainers' own hook removes the containers it started at this moment; removing the
                // same ones at once makes both complain. Let it go first, then remove whatever is left.
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                int removed = Cleanup.removeSession();
                System.err.println("portex: interrupted, cleaned up (" + removed + " removed)");
            } catch (RuntimeException e) {
                System.err.println("portex: interrupted; clean-up failed (" + e.getMessage() + "): run ./portex clean");
            }
        }, "portex-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }

    private static void bench(CliOptions options, PrintStream out) {
        HostSetup.ensureReady();
        Bench.Result result;
        Thread cleanupOnSignal = cleanupOnSignal();
        try (PortexStack stack = PortexStack.start()) {
            result = Bench.run(new ScenarioRunner(stack), LoadGeneratorContainer.ALL_CLIENTS, options.docs(),
                    options.repetitions(), options.concurrency());
        } finally {
            removeHook(cleanupOnSignal);
        }
        if (options.json()) {
            try {
                out.println(JSON.writeValueAsString(result));
            } catch (Exception e) {
                throw new PortexException("cannot write JSON: " + e.getMessage());
            }
        } else {
            out.print(Bench.table(result));
        }
    }

    private static String title(CliOptions options, List<ScenarioResult> results) {
        ScenarioResult first = results.get(0);
        return String.format(Locale.ROOT, "portex %s: %,d documents, port range %s (%,d ports)",
                options.command(), first.docs(), options.portRange(), options.portRange().size());
    }

    private static void budget(CliOptions options, PrintStream out) {
        Prediction prediction;
        try {
            prediction = PortBudget.builder()
                    .portRange(options.portRange())
                    .rate(options.rate())
                    .docs(options.docs())
                    .tcpTwReuse(options.tcpTwReuse())
                    .destinations(options.targets())
                    .predict();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (options.json()) {
            try {
                out.println(JSON.writeValueAsString(prediction));
            } catch (Exception e) {
                throw new PortexException("cannot write JSON: " + e.getMessage());
            }
        } else {
            String text = prediction.render();
            out.print(text.endsWith("\n") ? text : text + "\n");
        }
    }

    private static void run(CliOptions options, List<Scenario> scenarios, PrintStream out) throws PortexException {
        HostSetup.ensureReady();
        List<ScenarioResult> results = new ArrayList<>();
        Thread cleanupOnSignal = cleanupOnSignal();
        try (PortexStack stack = PortexStack.start()) {
            ScenarioRunner runner = new ScenarioRunner(stack);
            boolean terminal = System.console() != null;
            for (Scenario scenario : scenarios) {
                HostLog.info("running " + scenario.client() + " (es client: " + scenario.esClient().id() + "): "
                        + scenario.docs() + " documents, port range " + scenario.portRange()
                        + " (" + scenario.portRange().size() + " ports) ...");
                ProgressPrinter progress = new ProgressPrinter(System.err, terminal, scenario.client());
                try {
                    results.add(runner.withProgress(progress).run(scenario));
                } finally {
                    progress.finish();
                }
            }
        } finally {
            removeHook(cleanupOnSignal);
        }
        if (!options.command().equals("run")) {
            Path dir = PortexHome.root().resolve("target/portex-report");
            ReportFiles files = Report.write(dir, results, title(options, results));
            HostLog.info("report written: " + files.html() + " (also " + files.json().getFileName() + ", "
                    + files.png().getFileName() + ")");
        }
        if (options.json()) {
            try {
                out.println(JSON.writeValueAsString(results.size() == 1 && options.command().equals("run")
                        ? results.get(0) : results));
            } catch (Exception e) {
                throw new PortexException("cannot write JSON: " + e.getMessage());
            }
        } else if (options.command().equals("run")) {
            out.print(Summary.of(results.get(0)));
        } else {
            out.print(Summary.table(options.command(), results));
        }
    }
}
