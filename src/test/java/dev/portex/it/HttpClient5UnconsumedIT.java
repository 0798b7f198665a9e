package dev.portex.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.ScenarioResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One pooled Apache HttpClient 5 whose responses are never consumed or closed: it does not run out of
 * ports, it runs out of pooled connections. After the pool's five connections per route are leased for
 * good, every document waits for one until the lease time-out (1 s here; 3 minutes by default).
 */
@ExtendWith(PortexStackExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests wait (idle gaps, TIME_WAIT, a leak that never recovers): side by side
@Order(1) // starts first: it waits longest (see the Failsafe configuration)
class HttpClient5UnconsumedIT {

    @Test
    @Tag("recovery")
    @DisplayName("httpclient5-unconsumed: 5 documents, then every one times out waiting for a pooled connection, for good")
    void unconsumedResponsesDrainThePool(Incident incident) {
        int docs = 20; // each failing document waits 1 s for the pool
        ScenarioResult r = LibraryClients.run(incident, "httpclient5-unconsumed", 48800, docs);

        assertThat(r.clientSide().acknowledged()).as("documents acknowledged: one per connection of the pool (5 per route)")
                .isEqualTo(5);
        assertThat(r.clientSide().firstFailureAt()).as("the first failing document").isEqualTo(6);
        assertThat(r.clientSide().failed()).as("every later document fails too").isEqualTo(docs - 5);
        assertThat(r.clientSide().error().type()).as("the exception HttpClient 5 throws")
                .isEqualTo("org.apache.hc.core5.http.ConnectionRequestTimeoutException");
        assertThat(r.clientSide().error().message()).as("its message: the pool's lease time-out")
                .startsWith("Timeout deadline: 1000 MILLISECONDS, actual: ");
        assertThat(r.sockets().clientConnectionsOpened()).as("connections opened: the pool's 5, no more").isEqualTo(5);
        assertThat(r.serverSide().serverReceived()).as("requests Node received: the failing ones never got a connection")
                .isEqualTo(5);
        assertThat(r.sockets().recoveredAfterMs()).as("recovery within 120 s: leased connections never go back").isNull();
        incident.assertElasticsearchHolds(r, 5);
        LibraryClientsTable.assertReadmeShows(r);
    }
}
