package dev.portex.harness;

import dev.portex.budget.PortRange;
import dev.portex.containers.IngestNodeContainer.EsClient;

/**
 * One run of the incident: which client sends how many documents, how fast, from a namespace
 * with which ephemeral port range, to a Node server using which Elasticsearch client.
 *
 * @param serverPortRange Node's own narrowed range, or null to leave Node's namespace alone
 * @param targets how many Node ports (destinations) the documents are spread over, round-robin
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
        int maxSeconds) {

    public static final PortRange DEFAULT_RANGE = new PortRange(40000, 40136);

    public static Scenario of(String client, PortRange range, int docs) {
        return new Scenario(client, docs, 0, 1, range, EsClient.POOLED, null, 1, 300);
    }

    public Scenario withRate(double r) {
        return new Scenario(client, docs, r, concurrency, portRange, esClient, serverPortRange, targets, maxSeconds);
    }

    public Scenario withConcurrency(int c) {
        return new Scenario(client, docs, rate, c, portRange, esClient, serverPortRange, targets, maxSeconds);
    }

    public Scenario withEsClient(EsClient e) {
        return new Scenario(client, docs, rate, concurrency, portRange, e, serverPortRange, targets, maxSeconds);
    }

    public Scenario withServerPortRange(PortRange r) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, r, targets, maxSeconds);
    }

    public Scenario withTargets(int k) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, k, maxSeconds);
    }

    public Scenario withMaxSeconds(int s) {
        return new Scenario(client, docs, rate, concurrency, portRange, esClient, serverPortRange, targets, s);
    }
}
