package dev.portex.cli;

import dev.portex.budget.PortRange;
import dev.portex.containers.IngestNodeContainer;
import dev.portex.containers.IngestNodeContainer.EsClient;
import dev.portex.containers.LoadGeneratorContainer;
import dev.portex.harness.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed and validated command line. Every check happens here, before any container starts,
 * and every message names the problem and the fix.
 */
public record CliOptions(
        String command,
        String client,
        int docs,
        double rate,
        int concurrency,
        PortRange portRange,
        EsClient esClient,
        PortRange serverPortRange,
        int targets,
        int tcpTwReuse,
        String mitigation,
        boolean awaitRecovery,
        int maxSeconds,
        int repetitions,
        boolean json,
        boolean matrix,
        boolean javaClients) {

    public static final List<String> COMMANDS = List.of("run", "compare", "budget", "bench", "replay-incident", "setup",
            "clean", "help");
    private static final Set<String> VALUE_FLAGS = Set.of("--client", "--docs", "--rate", "--concurrency",
            "--port-range", "--es-client", "--server-port-range", "--targets", "--max-seconds", "--tw-reuse",
            "--mitigation", "--repetitions");
    private static final Set<String> SWITCHES = Set.of("--json", "--matrix", "--await-recovery", "--java-clients");
    /** Close modes of the load generator that a user can pick; tcp_tw_reuse is its own option. */
    public static final List<String> MITIGATIONS = List.of("none", "so-linger-zero", "server-closes-first");
    /** `./portex budget` with no options prints the incident's own arithmetic. */
    static final String INCIDENT_RANGE = "32768-60999";
    /** Ports the stack listens on inside its namespaces; an ephemeral range must not take them. */
    private static final int NODE_PORT = IngestNodeContainer.HTTP_PORT;

    public static CliOptions parse(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = "compare";
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
            command = rest.remove(0);
            if (!COMMANDS.contains(command)) {
                throw new UsageException("unknown command '" + command + "': use one of " + String.join(", ", COMMANDS));
            }
        }
        if (command.equals("help") && rest.size() == 1 && COMMANDS.contains(rest.get(0))) {
            rest.clear(); // `./portex help bench`: the one help text covers every command
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            command = "help";
            rest.removeIf(a -> a.equals("--help") || a.equals("-h"));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> switches = new java.util.HashSet<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (SWITCHES.contains(flag)) {
                switches.add(flag);
                continue;
            }
            if (!VALUE_FLAGS.contains(flag)) {
                throw new UsageException(arg.startsWith("-")
                        ? "unknown option " + flag + ": see ./portex help for the options"
                        : "unexpected argument '" + arg + "': options look like --docs 300");
            }
            if (value == null) {
                if (i + 1 >= rest.size()) {
                    throw new UsageException(flag + " needs a value, e.g. " + flag + " " + example(flag));
                }
                value = rest.get(++i);
            }
            values.put(flag, value);
        }
        return validate(command, values, switches);
    }

    private static CliOptions validate(String command, Map<String, String> v, Set<String> switches) {
        String client = v.getOrDefault("--client", "per-request");
        if (!LoadGeneratorContainer.ALL_CLIENTS.contains(client) && !LoadGeneratorContainer.JAVA_LIBRARY_CLIENTS.contains(client)) {
            throw new UsageException("unknown client '" + client + "': use --client with one of "
                    + String.join(", ", LoadGeneratorContainer.ALL_CLIENTS) + ", "
                    + String.join(", ", LoadGeneratorContainer.JAVA_LIBRARY_CLIENTS));
        }
        if (switches.contains("--java-clients") && (!command.equals("compare") || switches.contains("--matrix"))) {
            throw new UsageException("--java-clients is an option of compare, without --matrix: ./portex compare --java-clients");
        }
        if (v.containsKey("--client") && command.equals("compare")) {
            throw new UsageException("compare runs every client itself: drop --client, or use ./portex run --client " + client);
        }
        // budget and replay-incident default to the incident's own numbers; bench to a measurable load.
        boolean incident = command.equals("budget") || command.equals("replay-incident");
        boolean bench = command.equals("bench");
        int docs = whole("--docs", v.getOrDefault("--docs", incident ? "360000" : bench ? "3000" : "300"), 1, 10_000_000);
        double rate = decimal("--rate", v.getOrDefault("--rate", incident ? "800" : "0"));
        // replay-incident: 16 threads keep 800 connections/s while the range is empty and lose least as it
        // fills (connect() then walks occupied ports; 32 threads mostly contend for the same locks).
        int concurrency = whole("--concurrency", v.getOrDefault("--concurrency",
                command.equals("replay-incident") ? "16" : bench ? "8" : "1"), 1, 256);
        int repetitions = whole("--repetitions", v.getOrDefault("--repetitions", "3"), 1, 20);
        int targets = whole("--targets", v.getOrDefault("--targets", "1"), 1, 16);
        int maxSeconds = whole("--max-seconds", v.getOrDefault("--max-seconds",
                command.equals("replay-incident") ? "1200" : "300"), 1, 7200);
        PortRange portRange = range("--port-range",
                v.getOrDefault("--port-range", incident ? INCIDENT_RANGE : Scenario.DEFAULT_RANGE.toString()), targets);
        int twReuse = whole("--tw-reuse", v.getOrDefault("--tw-reuse", "0"), 0, 2);
        String mitigation = v.getOrDefault("--mitigation", "none");
        if (!MITIGATIONS.contains(mitigation)) {
            throw new UsageException("unknown mitigation '" + mitigation + "': use --mitigation with one of "
                    + String.join(", ", MITIGATIONS) + " (and --tw-reuse 1 for tcp_tw_reuse)");
        }
        if (!mitigation.equals("none") && !LoadGeneratorContainer.JAVA_CLIENTS.contains(client)) {
            throw new UsageException("--mitigation " + mitigation + " applies to the per-request and pooled clients: use --client per-request or pooled");
        }
        PortRange serverRange = v.containsKey("--server-port-range")
                ? range("--server-port-range", v.get("--server-port-range"), targets) : null;
        EsClient esClient;
        try {
            esClient = EsClient.of(v.getOrDefault("--es-client", "pooled"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new CliOptions(command, client, docs, rate, concurrency, portRange, esClient, serverRange, targets,
                twReuse, mitigation, switches.contains("--await-recovery"), maxSeconds, repetitions,
                switches.contains("--json"), switches.contains("--matrix"), switches.contains("--java-clients"));
    }

    public Scenario scenario(String forClient) {
        return new Scenario(forClient, docs, rate, concurrency, portRange, esClient, serverPortRange, targets,
                tcpTwReuse, mitigation, awaitRecovery, maxSeconds);
    }

    static PortRange range(String flag, String text, int targets) {
        PortRange range;
        try {
            range = PortRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
        int lastNodePort = NODE_PORT + targets - 1;
        if (range.low() <= lastNodePort && range.high() >= NODE_PORT) {
            throw new UsageException(flag + " " + range + " overlaps the ingest server's listening port"
                    + (targets > 1 ? "s " + NODE_PORT + "-" + lastNodePort : " " + NODE_PORT)
                    + ": choose a range above it, e.g. 40000-40136");
        }
        return range;
    }

    static int whole(String flag, String value, int min, int max) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException(flag + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }

    static double decimal(String flag, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException(flag + " must be a number >= 0 (documents per second; 0 = as fast as possible), got '"
                + value + "'");
    }

    private static String example(String flag) {
        return switch (flag) {
            case "--client" -> "pooled";
            case "--port-range", "--server-port-range" -> "40000-40136";
            case "--rate" -> "800";
            case "--es-client" -> "per-request";
            case "--targets" -> "2";
            case "--tw-reuse" -> "1";
            case "--mitigation" -> "so-linger-zero";
            case "--repetitions" -> "3";
            default -> "300";
        };
    }
}
