package dev.portex.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.budget.PortBudget;
import dev.portex.budget.Prediction;
import dev.portex.internal.harness.Bench;
import dev.portex.internal.harness.Cleanup;
import dev.portex.internal.harness.HostSetup;
import dev.portex.internal.harness.PortexSession;
import dev.portex.internal.harness.WarmStack;
import dev.portex.internal.infra.ExitHooks;
import dev.portex.internal.infra.HostLog;
import dev.portex.internal.containers.PortexLabels;
import dev.portex.api.PortexException;
import dev.portex.internal.infra.PortexHome;
import dev.portex.model.InvalidScenarioException;
import dev.portex.model.ClientKind;
import dev.portex.model.EsClientMode;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.internal.report.Report;
import dev.portex.internal.report.ReportFiles;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ./portex}: run the incident's scenarios on a fresh stack and say what happened. Subcommands with their
 * own options and defaults (picocli); the help is generated from the same annotations.
 */
@Command(name = "portex", mixinStandardHelpOptions = true, versionProvider = Portex.Version.class,
        synopsisSubcommandLabel = "[COMMAND]",
        header = {"portex: client-side ephemeral port exhaustion (errno 99, \"Cannot assign requested address\"),",
                "reproduced on a real Node/Express + Elasticsearch stack in Docker."},
        description = "With no command: compare. `./portex help COMMAND` or `./portex COMMAND --help` shows a command's options.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 the scenario ran (an expected failure is a result), 2 bad options,",
                "3 no Docker engine, 1 anything else."},
        subcommands = {Portex.Compare.class, Portex.Run.class, Portex.Budget.class, Portex.BenchCommand.class,
                Portex.ReplayIncident.class, Portex.Up.class, Portex.Down.class, Portex.Setup.class, Portex.Clean.class,
                HelpCommand.class})
public final class Portex implements Runnable {
    static {
        // picocli's default factory would otherwise load Groovy (on the classpath for REST Assured) to look for closures
        // in annotations: a tenth of a second of every start, for a feature portex does not use
        System.setProperty("picocli.disable.closures", "true");
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** Options that are about portex itself, not about the default command. */
    private static final List<String> OVERVIEW_OPTIONS = List.of("-h", "--help", "-V", "--version");

    /** {@code ./portex --version}: the artifact's version, from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Portex.class.getPackage().getImplementationVersion();
            return new String[] {"portex " + (v == null ? "(development build)" : v)};
        }
    }

    /** Where results go; stderr carries steps, progress and errors. */
    private final PrintStream out;

    private Portex(PrintStream out) {
        this.out = out;
    }

    /** Set when a command failed because the Docker engine went away. */
    private static volatile boolean engineGone;

    /** True once a command failed because the Docker engine went away. */
    static boolean engineGone() {
        return engineGone;
    }

    /**
     * Whether the caller's stderr is a terminal (progress drawn in place), when a {@link Resident} runs the command for a
     * caller; null in the CLI's own JVM, which asks its console.
     */
    static volatile Boolean terminal;

    public static void main(String[] args) {
        HostSetup.allowSetup(); // ./portex prepares a fresh host (Docker engine, base image); a library never does unasked
        ExitHooks.quietConcurrentPrune(); // another JVM's prune at the same moment is not this run's failure
        exit(execute(args, System.out));
    }

    /** Ends the JVM with {@code code}, as {@link #main} does after a command. */
    static void exit(int code) {
        if (engineGone) {
            // Testcontainers' exit hook would try to prune containers on the vanished engine and print a stack trace;
            // what is left is for ./portex clean, as the error line says.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        HostLog.debug("exit " + code);
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. No arguments, or options first, means compare. */
    static int execute(String[] args, PrintStream out) {
        try {
            PortexLabels.sessionId(); // a bad $PORTEX_SESSION ends here, before any container starts
        } catch (PortexException e) {
            System.err.println("portex: " + e.getMessage());
            return e.exitCode();
        }
        CommandLine cli = commandLine(out);
        String[] effective = args.length == 0 || args[0].startsWith("-") && !OVERVIEW_OPTIONS.contains(args[0])
                ? prepend("compare", args) : args;
        int code = cli.execute(effective);
        cli.getOut().flush();
        return code;
    }

    static CommandLine commandLine(PrintStream out) {
        CommandLine cli = new CommandLine(new Portex(out));
        cli.setOut(new PrintWriter(out, true));
        cli.setUsageHelpWidth(110);
        cli.setParameterExceptionHandler((e, args) -> {
            System.err.println("portex: " + oneLine(e));
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e));
        return cli;
    }

    /** `./portex` alone or with -h: the overview. */
    @Override
    public void run() {
        CommandLine.usage(this, out);
    }

    /** The one line for a bad command line: the problem and the fix, as the option's converter worded it. */
    static String oneLine(ParameterException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof UsageException usage) {
                return usage.getMessage();
            }
        }
        if (e.getCause() instanceof Converters.WholeMessage whole) {
            return whole.getMessage();
        }
        if (e.getCause() instanceof TypeConversionException conversion && e.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            String message = conversion.getMessage();
            return o.longestName() + (message.startsWith("must") ? " " : ": ") + message;
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof CommandLine.Model.OptionSpec o) {
            return o.longestName() + " needs a value, e.g. " + o.longestName() + " " + example(o.longestName());
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            String command = e.getCommandLine().getCommandName();
            if (arg.startsWith("-")) {
                String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                return "unknown option " + flag + ": see ./portex help" + (command.equals("portex") ? "" : " " + command)
                        + " for the options";
            }
            return command.equals("portex")
                    ? "unknown command '" + arg + "': use one of " + String.join(", ", e.getCommandLine().getSubcommands().keySet())
                    : "unexpected argument '" + arg + "': options look like --docs 300";
        }
        return e.getMessage();
    }

    private static String example(String option) {
        return switch (option) {
            case "--port-range", "--server-port-range" -> "40000-40136";
            case "--rate" -> "800";
            case "--es-client" -> "per-request";
            case "--targets" -> "2";
            case "--tw-reuse" -> "1";
            case "--mitigation" -> "so-linger-zero";
            case "--idle-gap", "--server-keep-alive" -> "6000";
            case "--reuse" -> "idle-timeout";
            case "--repetitions" -> "3";
            case "--client" -> "pooled";
            default -> "300";
        };
    }

    /** The exit code for an exception from a command; one line on stderr, the trace only with PORTEX_DEBUG. */
    static int failed(Exception e) {
        if (e instanceof UsageException) {
            System.err.println("portex: " + e.getMessage());
            return 2;
        }
        if (e instanceof InvalidScenarioException invalid) {
            System.err.println("portex: " + invalid.cliMessage()); // a scenario's check, in the options' terms
            return 2;
        }
        if (PortexSession.interrupted()) {
            return 130;
        }
        if (e instanceof PortexException p) {
            System.err.println("portex: " + p.getMessage());
            return p.exitCode();
        }
        if (HostSetup.ensuredOnce() && !HostSetup.engineAnswers()) {
            engineGone = true;
            System.err.println("portex: the Docker engine stopped answering during the run (" + e.getMessage()
                    + "): start it again, then ./portex clean removes what this run left behind");
            return HostSetup.NO_DOCKER;
        }
        boolean debug = System.getenv("PORTEX_DEBUG") != null;
        System.err.println("portex: failed: " + e + (debug ? "" : " (set PORTEX_DEBUG=1 for the stack trace)"));
        if (debug) {
            e.printStackTrace();
        }
        return 1;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** What a command prints: one scenario's summary (run), or a table of several and the report files. */
    enum Output { ONE_SCENARIO, TABLE_AND_REPORT }

    /** Runs scenarios on one fresh stack and prints them ({@code json}: as JSON) the way {@code output} says. */
    static void runScenarios(PrintStream out, String command, List<Scenario> scenarios, boolean json, Output output) {
        runScenarios(out, command, scenarios, json, output, r -> Optional.empty());
    }

    /** The same, with a projection of each result to production ({@code --project-rate}), when there is one. */
    static void runScenarios(PrintStream out, String command, List<Scenario> scenarios, boolean json, Output output,
            java.util.function.Function<ScenarioResult, Optional<dev.portex.budget.Projection>> projection) {
        List<ScenarioResult> results = new ArrayList<>();
        // runs that all go to your own service need no Elasticsearch and no Node
        try (PortexSession session = PortexSession.start(scenarios.stream().anyMatch(s -> s.target() == null))) {
            boolean terminal = Portex.terminal != null ? Portex.terminal : System.console() != null;
            for (Scenario scenario : scenarios) {
                HostLog.info("running " + scenario.client() + (scenario.target() != null
                        ? " against your service " + scenario.target().label() : " (es client: " + scenario.esClient() + ")")
                        + ": " + scenario.docs() + " documents, port range " + scenario.portRange()
                        + " (" + scenario.portRange().size() + " ports) ...");
                ProgressPrinter progress = new ProgressPrinter(System.err, terminal, scenario.client().cliName());
                try {
                    results.add(session.runner().withProgress(progress).run(scenario));
                } finally {
                    progress.finish();
                }
            }
        }
        HostLog.debug("stack closed");
        if (output == Output.TABLE_AND_REPORT) {
            Path dir = PortexHome.root().resolve("target/portex-report");
            ScenarioResult first = results.get(0);
            String title = String.format(Locale.ROOT, "portex %s: %,d documents, port range %s (%,d ports)",
                    command, first.setup().docs(), scenarios.get(0).portRange(), scenarios.get(0).portRange().size());
            ReportFiles files = Report.write(dir, results, title);
            HostLog.info("report written: " + files.html() + " (also " + files.json().getFileName() + ", "
                    + files.png().getFileName() + ")");
        }
        if (json && output == Output.ONE_SCENARIO) {
            com.fasterxml.jackson.databind.node.ObjectNode result = JSON.valueToTree(results.get(0));
            projection.apply(results.get(0)).ifPresent(p -> result.set("projection", JSON.valueToTree(p)));
            printJson(out, result);
        } else if (json) {
            printJson(out, results);
        } else if (output == Output.ONE_SCENARIO) {
            out.print(Summary.of(results.get(0)));
            projection.apply(results.get(0)).ifPresent(p -> out.print(Summary.projection(p)));
        } else {
            out.print(Summary.table(command, results));
        }
    }

    static void printJson(PrintStream out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (Exception e) {
            throw new PortexException("cannot write JSON: " + e.getMessage());
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.Compare.class, sortOptions = false,
            description = {"Every client on the same port range, side by side (the default command).",
                    "Writes target/portex-report/. With --matrix: the Java clients against both Elasticsearch client modes."})
    static final class Compare implements Callable<Integer> {
        @ParentCommand
        Portex portex;
        @Mixin
        ScenarioOptions options;

        @Option(names = "--matrix", description = "the Java clients x the pooled and per-request Elasticsearch clients "
                + "(Node's range narrowed like the client's unless --server-port-range is given)")
        boolean matrix;

        @Option(names = "--java-clients", description = "the HTTP clients Java teams ship instead, on the same range: "
                + "${COMPLETION-CANDIDATES}", completionCandidates = Converters.LibraryNames.class)
        boolean javaClients;

        @Option(names = "--python-clients", description = "the Python clients teams send from beside requests, each "
                + "beside its fix, on the same range: ${COMPLETION-CANDIDATES}", completionCandidates = Converters.PythonLibraryNames.class)
        boolean pythonClients;

        @Option(names = "--go-clients", description = "the Go clients (net/http) as commonly written, each beside its fix, "
                + "on the same range: ${COMPLETION-CANDIDATES}", completionCandidates = Converters.GoLibraryNames.class)
        boolean goClients;

        @Option(names = "--node-clients", description = "the Node.js clients (fetch, axios; on Node.js 24 and 18) as "
                + "commonly written, each beside its fix, on the same range: ${COMPLETION-CANDIDATES}",
                completionCandidates = Converters.NodeLibraryNames.class)
        boolean nodeClients;

        @Mixin
        ProgramOptions program;

        @Option(names = "--client", hidden = true)
        void refuseClient(String client) {
            throw new UsageException("compare runs every client itself: drop --client, or use ./portex run --client " + client);
        }

        @Override
        public Integer call() {
            runScenarios(portex.out, "compare", scenarios(), options.json, Output.TABLE_AND_REPORT);
            return 0;
        }

        List<Scenario> scenarios() {
            List<Scenario> scenarios = new ArrayList<>();
            if ((javaClients ? 1 : 0) + (pythonClients ? 1 : 0) + (goClients ? 1 : 0) + (nodeClients ? 1 : 0)
                    + (matrix ? 1 : 0) > 1) {
                throw new UsageException("--java-clients, --python-clients, --go-clients, --node-clients and --matrix each "
                        + "choose what compare runs: give one of them");
            }
            if (javaClients || pythonClients || goClients || nodeClients) {
                (javaClients ? ClientKind.libraries() : pythonClients ? ClientKind.pythonLibraries()
                        : goClients ? ClientKind.goLibraries() : ClientKind.nodeLibraries())
                        .forEach(client -> scenarios.add(options.scenario(client)));
                program.scenario(options).ifPresent(scenarios::add);
                return scenarios;
            }
            if (!matrix) {
                for (ClientKind client : ClientKind.incident()) {
                    scenarios.add(options.sideBySide(client));
                }
                program.scenario(options).ifPresent(scenarios::add);
                return scenarios;
            }
            // Node's namespace is its own: the same numbers as the client's range do not collide.
            PortRange serverRange = options.serverPortRange != null ? options.serverPortRange : options.portRange;
            for (ClientKind client : ClientKind.of(ClientKind.Runtime.JAVA)) {
                for (EsClientMode es : List.of(EsClientMode.POOLED, EsClientMode.PER_REQUEST)) {
                    scenarios.add(options.sideBySide(client).withEsClient(es).withServerPortRange(serverRange));
                }
            }
            return scenarios;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.Run.class, sortOptions = false,
            description = "One scenario: a readable summary, or one JSON object with --json.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        Portex portex;

        @Option(names = "--client", paramLabel = "NAME", converter = Converters.Client.class, order = -3,
                completionCandidates = Converters.ClientNames.class,
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
                defaultValue = "per-request")
        ClientKind client;

        @Mixin
        ProgramOptions program;

        @Mixin
        ScenarioOptions options;

        @Mixin
        NatOptions nat;

        @Mixin
        TargetOptions target;

        @Mixin
        ProjectionOptions projection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            projection.check();
            Optional<Scenario> own = program.scenario(options);
            if (own.isPresent() && spec.commandLine().getParseResult().hasMatchedOption("--client")) {
                throw new UsageException("--client " + client + " and your own program each name the whole client: give one of them");
            }
            Scenario scenario = target.apply(nat.apply(own.orElseGet(() -> options.scenario(client))));
            runScenarios(portex.out, "run", List.of(scenario), options.json, Output.ONE_SCENARIO, projection::of);
            return 0;
        }
    }

    @Command(name = "replay-incident", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.Replay.class, sortOptions = false,
            description = {"The incident at its own scale, per-request then pooled (about 20 minutes).",
                    "Range 32768-60999, 800 docs/s, 360,000 documents, 16 threads; writes target/portex-report/."})
    static final class ReplayIncident implements Callable<Integer> {
        @ParentCommand
        Portex portex;
        @Mixin
        ScenarioOptions options;

        @Override
        public Integer call() {
            runScenarios(portex.out, "replay-incident",
                    List.of(options.sideBySide(ClientKind.PER_REQUEST), options.sideBySide(ClientKind.POOLED)), options.json,
                    Output.TABLE_AND_REPORT);
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.Bench.class, sortOptions = false,
            description = {"End-to-end docs/s of every client next to wrk's, CPU per document, and memory.",
                    "One warm-up run, then --repetitions runs of --docs on a range too wide to exhaust, each followed by"
                            + " wrk on the same Node server for as long, over as many keep-alive connections."})
    static final class BenchCommand implements Callable<Integer> {
        @ParentCommand
        Portex portex;

        @Option(names = "--client", paramLabel = "NAME", converter = Converters.IncidentClient.class,
                completionCandidates = Converters.IncidentNames.class,
                description = "bench only this client, one of ${COMPLETION-CANDIDATES}; repeat for several"
                        + " (default: all of them)")
        List<ClientKind> clients;

        @Option(names = "--docs", paramLabel = "N", converter = Converters.Docs.class,
                description = "documents per measured run (default: ${DEFAULT-VALUE})")
        int docs;

        @Option(names = "--concurrency", paramLabel = "C", converter = Converters.Concurrency.class,
                description = "client threads or processes (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Option(names = "--repetitions", paramLabel = "N", converter = Converters.Repetitions.class,
                description = "measured runs per client (default: ${DEFAULT-VALUE})")
        int repetitions;

        @Option(names = "--jit-warm-up", paramLabel = "N", converter = Converters.JitWarmUpRequests.class,
                description = "requests the Java load generator sends over loopback before each measured run of a client"
                        + " that reuses connections, with C2 on, so the run measures compiled code; 0 for none, C1 only"
                        + " (default: ${DEFAULT-VALUE})")
        int jitWarmUp;

        @Option(names = "--json", description = "print JSON on stdout; steps go to stderr")
        boolean json;

        @Override
        public Integer call() {
            Bench.Result result;
            try (PortexSession session = PortexSession.start()) {
                result = Bench.run(session.runner(), clients == null ? ClientKind.incident() : clients.stream().distinct().toList(),
                        docs, repetitions, concurrency, jitWarmUp);
            }
            if (json) {
                printJson(portex.out, result);
            } else {
                portex.out.print(Bench.table(result));
            }
            return 0;
        }
    }

    @Command(name = "budget", mixinStandardHelpOptions = true, defaultValueProvider = Defaults.Budget.class, sortOptions = false,
            description = "The port-budget arithmetic: when does a rate exhaust a range (no containers).")
    static final class Budget implements Callable<Integer> {
        @ParentCommand
        Portex portex;

        @Option(names = "--rate", paramLabel = "R", converter = Converters.Rate.class,
                description = "new connections (documents) per second (default: ${DEFAULT-VALUE})")
        double rate;

        @Option(names = "--port-range", paramLabel = "LOW-HIGH", converter = Converters.Range.class,
                description = "the ephemeral port range, inclusive (default: ${DEFAULT-VALUE})")
        PortRange portRange;

        @Option(names = "--docs", paramLabel = "N", converter = Converters.Docs.class,
                description = "documents to send (default: ${DEFAULT-VALUE})")
        int docs;

        @Option(names = "--tw-reuse", paramLabel = "0|1|2", converter = Converters.TwReuse.class,
                description = "net.ipv4.tcp_tw_reuse (default: ${DEFAULT-VALUE})")
        int tcpTwReuse;

        @Option(names = "--targets", paramLabel = "K", converter = Converters.Targets.class,
                description = "destinations; the limit holds per destination (default: ${DEFAULT-VALUE})")
        int targets;

        @Option(names = "--json", description = "print JSON on stdout")
        boolean json;

        @Override
        public Integer call() {
            Prediction prediction;
            try {
                prediction = PortBudget.builder().portRange(portRange).rate(rate).docs(docs).tcpTwReuse(tcpTwReuse)
                        .destinations(targets).predict();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (json) {
                printJson(portex.out, prediction);
            } else {
                String text = prediction.render();
                portex.out.print(text.endsWith("\n") ? text : text + "\n");
            }
            return 0;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Start the warm stack: Elasticsearch and Node stay up between runs until ./portex down.",
                    "run, compare and bench use it (each run empties the index first); PORTEX_STACK=fresh never does."})
    static final class Up implements Callable<Integer> {
        @ParentCommand
        Portex portex;

        @Override
        public Integer call() {
            WarmStack.Status status = WarmStack.up();
            PortexHome.checkout().ifPresent(root -> Resident.start(root.resolve("target")));
            portex.out.printf(Locale.ROOT, "portex up: %s%n  elasticsearch  %s (%s)%n  node           es client pooled, 1 port%n"
                            + "  spare          a Java load generator started ahead, range " + WarmStack.SPARE_RANGE
                            + " (each run in that range takes it; the next is started for the run after)%n"
                            + "  resident       the CLI's JVM stays up beside it: ./portex run is handed to it instead of "
                            + "starting one (log: target/" + Resident.LOG + ")%n"
                            + "  used by        ./portex run, compare and bench; PORTEX_STACK=warm for @PortexTest tests; ./portex down removes it%n",
                    status.started() ? String.format(Locale.ROOT, "the warm stack is up, started in %.1f s", status.seconds())
                            : "the warm stack was up already", status.elasticsearchUrl(), status.elasticsearchImage());
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Remove the warm stack that ./portex up started.")
    static final class Down implements Callable<Integer> {
        @ParentCommand
        Portex portex;

        @Override
        public Integer call() {
            PortexHome.checkout().ifPresent(root -> Resident.stop(root.resolve("target")));
            int removed = WarmStack.down();
            portex.out.println(removed == 0 ? "portex down: no warm stack was up"
                    : "portex down: the warm stack is removed (" + removed + " containers and networks)");
            return 0;
        }
    }

    @Command(name = "setup", mixinStandardHelpOptions = true, description = "Prepare this host: Docker engine, base image (idempotent).")
    static final class Setup implements Callable<Integer> {
        @Override
        public Integer call() {
            HostSetup.ensureReady();
            HostLog.info("setup complete");
            return 0;
        }
    }

    @Command(name = "clean", mixinStandardHelpOptions = true, description = "Remove every portex container and network: what a crashed run left, and the warm stack.")
    static final class Clean implements Callable<Integer> {
        @Override
        public Integer call() {
            PortexHome.checkout().ifPresent(root -> Resident.stop(root.resolve("target")));
            Cleanup.removeLeftovers(true);
            return 0;
        }
    }
}
