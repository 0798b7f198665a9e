package dev.portex.internal.loadgen;

import dev.portex.model.CliNamed;
import dev.portex.model.ClientKind;
import dev.portex.model.CloseMode;
import dev.portex.model.ConnectionReuse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Command-line options of a load generator. The Java and the Python load generators take the
 * same options and print the same JSON, so the harness treats every client alike.
 */
public record LoadOptions(
        ClientKind client,
        int docs,
        double rate,
        int concurrency,
        List<URI> targets,
        String runId,
        int maxSeconds,
        int sampleMs,
        CloseMode closeMode,
        String sender,
        int idleGapMs,
        ConnectionReuse reuse,
        int awaitRecoverySeconds,
        int jitWarmUp,
        boolean anySuccess,
        String trustStore) {

    /** {@code --acknowledge}'s values: Node's 201 (the default), or any 2xx (your own service as the target). */
    public static final String ACKNOWLEDGE_CREATED = "201";
    public static final String ACKNOWLEDGE_ANY_SUCCESS = "2xx";

    /** The clients this (Java) load generator runs. */
    public static final List<ClientKind> CLIENTS = ClientKind.builtIns().stream()
            .filter(c -> c.runtime() == ClientKind.Runtime.JAVA).toList();

    /** Thrown for bad options; the message names the problem and the fix. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    public static LoadOptions parse(String... args) {
        String client = null;
        int docs = 100;
        double rate = 0;
        int concurrency = 1;
        List<URI> targets = null;
        String runId = UUID.randomUUID().toString();
        int maxSeconds = 300;
        int sampleMs = 200;
        String closeMode = CloseMode.GRACEFUL.cliName();
        String sender = null;
        int idleGapMs = 0;
        String reuse = ConnectionReuse.DEFAULT.cliName();
        int awaitRecoverySeconds = 0;
        int jitWarmUp = 0;
        String acknowledge = ACKNOWLEDGE_CREATED;
        String trustStore = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--")) {
                throw new UsageException("unexpected argument '" + flag + "': options look like --docs 100");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value, e.g. " + flag + " " + example(flag));
            }
            String value = args[++i];
            switch (flag) {
                case "--client" -> client = value;
                case "--docs" -> docs = wholeNumber(flag, value, 1);
                case "--rate" -> rate = decimal(flag, value);
                case "--concurrency" -> concurrency = wholeNumber(flag, value, 1);
                case "--target" -> targets = uris(value);
                case "--run-id" -> runId = value;
                case "--max-seconds" -> maxSeconds = wholeNumber(flag, value, 1);
                case "--sample-ms" -> sampleMs = wholeNumber(flag, value, 10);
                case "--close-mode" -> closeMode = value;
                case "--sender" -> sender = value;
                case "--idle-gap-ms" -> idleGapMs = wholeNumber(flag, value, 0);
                case "--reuse" -> reuse = value;
                case "--await-recovery-seconds" -> awaitRecoverySeconds = wholeNumber(flag, value, 0);
                case "--jit-warm-up" -> jitWarmUp = wholeNumber(flag, value, 0);
                case "--acknowledge" -> acknowledge = value;
                case "--trust-store" -> trustStore = value;
                default -> throw new UsageException("unknown option " + flag
                        + ": known are --client --docs --rate --concurrency --target --run-id --max-seconds --sample-ms --close-mode"
                        + " --sender --idle-gap-ms --reuse --await-recovery-seconds --jit-warm-up --acknowledge --trust-store");
            }
        }
        if (sender != null) {
            if (client != null && !client.equals(ClientKind.SENDER.cliName())) {
                throw new UsageException("--sender runs your DocumentSender: drop --client " + client);
            }
            client = ClientKind.SENDER.cliName();
        }
        List<String> javaClients = CLIENTS.stream().map(ClientKind::cliName).toList();
        if (client == null || sender == null && !javaClients.contains(client)) {
            throw new UsageException("--client must be one of " + String.join(", ", javaClients)
                    + (client == null ? "" : ", got '" + client + "'") + " (or --sender CLASS for your own DocumentSender)");
        }
        CloseMode mode;
        try {
            mode = CloseMode.byName(closeMode);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--close-mode must be one of " + String.join(", ", CliNamed.names(CloseMode.class))
                    + ", got '" + closeMode + "'");
        }
        ConnectionReuse reuseMode;
        try {
            reuseMode = ConnectionReuse.byName(reuse);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--reuse must be one of " + String.join(", ", CliNamed.names(ConnectionReuse.class))
                    + ", got '" + reuse + "'");
        }
        if (reuseMode != ConnectionReuse.DEFAULT && !ClientKind.POOLED.cliName().equals(client)) {
            throw new UsageException("--reuse " + reuse + " configures the pooled client: use --client pooled");
        }
        if (idleGapMs > 0 && rate > 0) {
            throw new UsageException("--idle-gap-ms and --rate both pace the documents: drop one of them");
        }
        if (jitWarmUp > JitWarmUp.MAX_REQUESTS) {
            throw new UsageException("--jit-warm-up must be at most " + JitWarmUp.MAX_REQUESTS + " requests, got " + jitWarmUp
                    + ": the JIT has compiled the client's path long before (bench's default is 40000)");
        }
        if (jitWarmUp > 0 && (sender != null || !ClientKind.byName(client).reusesConnections())) {
            throw new UsageException("--jit-warm-up needs a built-in client that reuses connections (such as pooled): "
                    + (sender != null ? "a DocumentSender" : client) + " would open a connection per warm-up request");
        }
        if (targets == null) {
            throw new UsageException("--target is required, e.g. --target http://ingest-node:8080/docs");
        }
        if (!acknowledge.equals(ACKNOWLEDGE_CREATED) && !acknowledge.equals(ACKNOWLEDGE_ANY_SUCCESS)) {
            throw new UsageException("--acknowledge must be " + ACKNOWLEDGE_CREATED + " (portex's ingest server) or "
                    + ACKNOWLEDGE_ANY_SUCCESS + " (your own service), got '" + acknowledge + "'");
        }
        return new LoadOptions(ClientKind.byName(client), docs, rate, concurrency, targets, runId, maxSeconds, sampleMs, mode,
                sender, idleGapMs, reuseMode, awaitRecoverySeconds, jitWarmUp, acknowledge.equals(ACKNOWLEDGE_ANY_SUCCESS),
                trustStore);
    }

    private static String example(String flag) {
        return switch (flag) {
            case "--client" -> "pooled";
            case "--target" -> "http://ingest-node:8080/docs";
            case "--rate" -> "800";
            case "--trust-store" -> "/tmp/portex-tls/truststore.p12";
            default -> "100";
        };
    }

    static int wholeNumber(String flag, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new UsageException(flag + " must be a whole number >= " + min + ", got '" + value + "'");
    }

    static double decimal(String flag, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new UsageException(flag + " must be a number >= 0 (0 = as fast as possible), got '" + value + "'");
    }

    private static List<URI> uris(String value) {
        List<URI> list = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                URI uri = URI.create(part.trim());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                list.add(uri);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--target must be http or https URLs separated by commas, e.g. "
                        + "http://ingest-node:8080/docs, got '" + part + "'");
            }
        }
        return List.copyOf(list);
    }

    /** True when {@code status} acknowledges a document: 201 from portex's ingest server, any 2xx with {@code --acknowledge 2xx}. */
    public boolean acknowledges(int status) {
        return anySuccess ? status >= 200 && status <= 299 : status == 201;
    }

    /** Document {@code seq} (1-based) goes to the targets round-robin. */
    public URI targetFor(int seq) {
        return targets.get((seq - 1) % targets.size());
    }
}
