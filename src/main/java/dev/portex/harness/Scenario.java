package dev.portex.harness;

import dev.portex.budget.PortRange;
import dev.portex.containers.IngestNodeContainer.EsClient;
import java.util.function.Consumer;

/**
 * One run of the incident: which client sends how many documents, how fast, from a namespace
 * with which ephemeral port range and TCP settings, to a Node server using which Elasticsearch client.
 *
 * @param serverPortRange Node's own narrowed range, or null to leave Node's namespace alone
 * @param targets how many Node ports (destinations) the documents are spread over, round-robin
 * @param tcpTwReuse the load generator's {@code net.ipv4.tcp_tw_reuse} (0 unless a mitigation says otherwise)
 * @param mitigation how the per-request client closes its connections: {@link #NO_MITIGATION} (its
 *        default: graceful close, TIME_WAIT on the client), {@code so-linger-zero}, {@code server-closes-first}
 * @param awaitRecovery after a failure, keep retrying one document until the namespace recovers
 */
public record Scenario(
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
        int maxSeconds) {

    public static final PortRange DEFAULT_RANGE = new PortRange(40000, 40136);
    public static final String NO_MITIGATION = "none";

    public static Scenario of(String client, PortRange range, int docs) {
        return new Scenario(client, docs, 0, 1, range, EsClient.POOLED, null, 1, 0, NO_MITIGATION, false, 300);
    }

    /** A copy with some settings changed: {@code scenario.with(s -> s.concurrency = 4)}. */
    public Scenario with(Consumer<Builder> changes) {
        Builder b = new Builder(this);
        changes.accept(b);
        return b.build();
    }

    public Scenario withRate(double rate) {
        return with(b -> b.rate = rate);
    }

    public Scenario withConcurrency(int concurrency) {
        return with(b -> b.concurrency = concurrency);
    }

    public Scenario withEsClient(EsClient esClient) {
        return with(b -> b.esClient = esClient);
    }

    public Scenario withServerPortRange(PortRange range) {
        return with(b -> b.serverPortRange = range);
    }

    public Scenario withTargets(int targets) {
        return with(b -> b.targets = targets);
    }

    /** Mutable settings for {@link #with}. */
    public static final class Builder {
        public String client;
        public int docs;
        public double rate;
        public int concurrency;
        public PortRange portRange;
        public EsClient esClient;
        public PortRange serverPortRange;
        public int targets;
        public int tcpTwReuse;
        public String mitigation;
        public boolean awaitRecovery;
        public int maxSeconds;

        Builder(Scenario s) {
            client = s.client;
            docs = s.docs;
            rate = s.rate;
            concurrency = s.concurrency;
            portRange = s.portRange;
            esClient = s.esClient;
            serverPortRange = s.serverPortRange;
            targets = s.targets;
            tcpTwReuse = s.tcpTwReuse;
            mitigation = s.mitigation;
            awaitRecovery = s.awaitRecovery;
            maxSeconds = s.maxSeconds;
        }

        Scenario build() {
            return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets,
                    tcpTwReuse, mitigation, awaitRecovery, maxSeconds);
        }
    }
}
