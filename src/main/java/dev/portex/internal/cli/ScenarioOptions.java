package dev.portex.internal.cli;

import dev.portex.model.ClientKind;
import dev.portex.model.ClientProgram;
import dev.portex.model.ConnectionReuse;
import dev.portex.model.Durability;
import dev.portex.model.Fault;
import dev.portex.model.EsClientMode;
import dev.portex.model.Mitigation;
import dev.portex.model.PortRange;
import dev.portex.model.InvalidScenarioException;
import dev.portex.model.Scenario;
import picocli.CommandLine.Option;

/**
 * The options that shape a scenario, shared by run, compare and replay-incident. Their defaults come from
 * each command's {@link Defaults}, so that `./portex COMMAND --help` shows that command's own.
 */
final class ScenarioOptions {
    @Option(names = "--docs", paramLabel = "N", converter = Converters.Docs.class,
            description = "documents to send per client (default: ${DEFAULT-VALUE})")
    int docs;

    @Option(names = "--rate", paramLabel = "R", converter = Converters.Rate.class,
            description = "documents per second, 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--concurrency", paramLabel = "C", converter = Converters.Concurrency.class,
            description = "client threads or processes (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--port-range", paramLabel = "LOW-HIGH", converter = Converters.Range.class,
            description = "the load generator's ephemeral port range, inclusive (default: ${DEFAULT-VALUE})")
    PortRange portRange;

    @Option(names = "--es-client", paramLabel = "MODE", converter = Converters.EsClient.class,
            completionCandidates = Converters.EsClientNames.class,
            description = "how Node talks to Elasticsearch: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    EsClientMode esClient;

    @Option(names = "--server-port-range", paramLabel = "LOW-HIGH", converter = Converters.Range.class,
            description = "also narrow Node's own ephemeral port range")
    PortRange serverPortRange;

    @Option(names = "--targets", paramLabel = "K", converter = Converters.Targets.class,
            description = "spread documents over K Node ports; the limit holds per destination (default: ${DEFAULT-VALUE})")
    int targets;

    @Option(names = "--max-seconds", paramLabel = "S", converter = Converters.MaxSeconds.class,
            description = "hard time limit of one run (default: ${DEFAULT-VALUE})")
    int maxSeconds;

    @Option(names = "--tw-reuse", paramLabel = "0|1|2", converter = Converters.TwReuse.class,
            description = "the load generator's net.ipv4.tcp_tw_reuse (default: ${DEFAULT-VALUE})")
    int tcpTwReuse;

    @Option(names = "--mitigation", paramLabel = "NAME", converter = Converters.MitigationName.class,
            completionCandidates = Converters.MitigationNames.class,
            description = "${COMPLETION-CANDIDATES}; Java clients only (default: ${DEFAULT-VALUE})")
    Mitigation mitigation;

    @Option(names = "--idle-gap", paramLabel = "MS", converter = Converters.IdleMillis.class,
            description = "pause MS milliseconds before each document after the first (per thread): pooled connections "
                    + "sit idle that long, e.g. past Node's 5 s keep-alive timeout; Java clients only (default: ${DEFAULT-VALUE})")
    int idleGapMs;

    @Option(names = "--reuse", paramLabel = "NAME", converter = Converters.ReuseName.class,
            completionCandidates = Converters.ReuseNames.class,
            description = "when the pooled client reuses an idle connection: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); "
                    + "see \"The keep-alive race\" in docs/clients.md")
    ConnectionReuse reuse;

    @Option(names = "--server-keep-alive", paramLabel = "MS", converter = Converters.IdleMillis.class,
            description = "Node's keep-alive timeout (server.keepAliveTimeout; Node's default: 5000)")
    Integer serverKeepAliveMs;

    @Option(names = "--fault", paramLabel = "KIND@TIME", converter = Converters.FaultSpec.class,
            completionCandidates = Converters.FaultKinds.class,
            description = "kill a container TIME into the load (e.g. es-kill@2s, node-kill@1500ms): KIND is one of "
                    + "${COMPLETION-CANDIDATES}; no new document is sent 10 s after it; see \"Faults\" in docs/clients.md")
    Fault fault;

    @Option(names = "--durability", paramLabel = "NAME", converter = Converters.DurabilityName.class,
            completionCandidates = Converters.DurabilityNames.class,
            description = "Elasticsearch's translog durability for the run: ${COMPLETION-CANDIDATES} (default: request with --fault, else async)")
    Durability durability;

    @Option(names = "--await-recovery",
            description = "after exhaustion, retry one document a second until a connection succeeds (at most 120 s)")
    boolean awaitRecovery;

    @Option(names = "--tls",
            description = "HTTPS to the ingest server (port 8443), its certificate signed by a CA made for the stack, which "
                    + "the load generator trusts; a command gets it as $PORTEX_CA_FILE (PEM) and $PORTEX_TRUST_STORE (PKCS#12)")
    boolean tls;

    @Option(names = "--json", description = "print JSON on stdout; steps and progress go to stderr")
    boolean json;

    /**
     * The scenario for {@code client}, validated by the model (a mitigation for a Python client, a range that holds
     * Node's port, ...): its messages name the option and the fix.
     */
    Scenario scenario(ClientKind client) {
        return scenario(client, null);
    }

    /**
     * The scenario for {@code client} as one of several side by side (compare, replay-incident): {@code --reuse} is
     * the pooled client's setting, the other clients keep their own behaviour.
     */
    Scenario sideBySide(ClientKind client) {
        return scenario(client, null, client == ClientKind.POOLED);
    }

    /** The scenario for a user's own {@code program} ({@code client} is its kind), validated the same way. */
    Scenario scenario(ClientKind client, ClientProgram program) {
        return scenario(client, program, true);
    }

    private Scenario scenario(ClientKind client, ClientProgram program, boolean withReuse) {
        try {
            return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets,
                    tcpTwReuse, mitigation, awaitRecovery, maxSeconds, idleGapMs, withReuse ? reuse : ConnectionReuse.DEFAULT,
                    serverKeepAliveMs, program, fault, durability, null, null, tls);
        } catch (InvalidScenarioException e) {
            throw new UsageException(e.cliMessage()); // the same check, told in the options' terms
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
