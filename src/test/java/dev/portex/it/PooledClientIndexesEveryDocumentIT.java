package dev.portex.it;

import dev.portex.model.Verdict;
import dev.portex.model.ClientKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fix: one client with a connection pool (what {@code requests.Session()} does) reuses its
 * keep-alive connection, so the same narrow range carries many times more documents than it has ports.
 */
@PortexStackTest
class PooledClientIndexesEveryDocumentIT {

    @ParameterizedTest(name = "with {2} ephemeral ports ({0}-{1}), a pooled client indexes all {3} documents")
    @CsvSource({
            "40000, 40036, 37, 370",
            "41000, 41099, 100, 500",
            "40000, 40136, 137, 600",
            "42000, 42250, 251, 1000"})
    void indexesEveryDocument(int low, int high, int size, int docs, Incident incident) {
        ScenarioResult r = incident.run(Scenario.of(ClientKind.POOLED, new PortRange(low, high), docs));

        assertThat(r.clientSide().failed()).as("failed documents (first error: %s)", r.clientSide().error()).isZero();
        assertThat(r.clientSide().acknowledged()).as("acknowledged documents, %d times the %d ports of the range", docs / size, size)
                .isEqualTo(docs);
        assertThat(r.serverSide().serverReceived()).as("requests Node received").isEqualTo(docs);
        assertThat(r.verdict()).as("portex's verdict").isEqualTo(new Verdict.AllIndexed(docs));
        incident.assertElasticsearchHolds(r, docs);
    }
}
