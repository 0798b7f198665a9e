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
 * OkHttp 5. A client per document puts each connection back into that client's own pool, which keeps
 * it for five minutes: the ports stay taken (ESTABLISHED, then CLOSE_WAIT once Node closes its idle side after 6 s)
 * and do not come back within 120 s. One shared client uses one connection.
 */
@ExtendWith(PortexStackExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests wait (idle gaps, TIME_WAIT, a leak that never recovers): side by side
@Order(1) // starts first: it waits longest (see the Failsafe configuration)
class OkHttpClientsIT {

    @Test
    @Tag("recovery")
    @DisplayName("okhttp-per-request: 100 documents on 100 ports, then BindException; the pools keep the ports, nothing comes back within 120 s")
    void aClientPerDocumentRunsOutOfPortsForGood(Incident incident) {
        ScenarioResult r = LibraryClients.run(incident, "okhttp-per-request", 48400, LibraryClients.DOCS);

        LibraryClients.assertRunsOutOfPortsAt101(r, "java.net.BindException", incident);
        LibraryClients.assertEveryConnectionHeldByTheClient(r);
        assertThat(r.sockets().recoveredAfterMs()).as("recovery within 120 s: the pools hold the connections for 5 minutes").isNull();
        LibraryClientsTable.assertReadmeShows(r);
    }

    @Test
    @DisplayName("okhttp-shared: one OkHttpClient sends all 160 documents over one connection")
    void oneSharedClientKeepsOneConnection(Incident incident) {
        ScenarioResult r = LibraryClients.run(incident, "okhttp-shared", 48500, LibraryClients.DOCS);

        LibraryClients.assertOneConnectionForEverything(r);
        LibraryClientsTable.assertReadmeShows(r);
    }
}
