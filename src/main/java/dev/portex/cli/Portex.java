package dev.portex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portex.containers.HostLog;
import dev.portex.containers.LoadGeneratorContainer;
import dev.portex.harness.Cleanup;
import dev.portex.harness.HostSetup;
import dev.portex.harness.PortexException;
import dev.portex.harness.PortexStack;
import dev.portex.harness.ScenarioResult;
import dev.portex.harness.ScenarioRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code ./portex}: run the incident's scenarios on a fresh stack and say what happened. */
public final class Portex {
    static final ObjectMapper JSON = new ObjectMapper();
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
                case "run" -> run(options, List.of(options.client()), out);
                case "compare" -> run(options, compareClients(options), out);
                default -> throw new UsageException("unknown command " + options.command());
            }
            return 0;
        } catch (UsageException e) {
            System.err.println("portex: " + e.getMessage());
            return 2;
        } catch (PortexException e) {
            System.err.println("portex: " + e.getMessage());
            return e.exitCode();
        }
    }

    private static List<String> compareClients(CliOptions options) {
        return LoadGeneratorContainer.ALL_CLIENTS;
    }

    private static void run(CliOptions options, List<String> clients, PrintStream out) throws PortexException {
        HostSetup.ensureReady();
        List<ScenarioResult> results = new ArrayList<>();
        try (PortexStack stack = PortexStack.start()) {
            Thread cleanupOnSignal = new Thread(stack::close, "portex-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanupOnSignal);
            ScenarioRunner runner = new ScenarioRunner(stack);
            for (String client : clients) {
                HostLog.info("running " + client + ": " + options.docs() + " documents, port range "
                        + options.portRange() + " (" + options.portRange().size() + " ports) ...");
                results.add(runner.run(options.scenario(client)));
            }
            Runtime.getRuntime().removeShutdownHook(cleanupOnSignal);
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
            out.print(Summary.table(results));
        }
    }
}
