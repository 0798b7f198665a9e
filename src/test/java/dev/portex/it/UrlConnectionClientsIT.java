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
 * {@code HttpURLConnection}. Read to the end and closed, the connection goes back into the JDK's
 * keep-alive cache and carries every document. Never read, it cannot go back: each document opens a
 * new connection, and the old ones stay open until a garbage collection finds their sockets.
 */
@ExtendWith(PortexStackExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests wait (idle gaps, TIME_WAIT, a leak that never recovers): side by side
@Order(1) // starts first: it waits longest (see the Failsafe configuration)
class UrlConnectionClientsIT {

    @Test
    @DisplayName("urlconnection: with the body read and closed, the keep-alive cache sends all 160 documents over one connection")
    void aReadAndClosedBodyKeepsOneConnection(Incident incident) {
        ScenarioResult r = LibraryClients.run(incident, "urlconnection", 48600, LibraryClients.DOCS);

        LibraryClients.assertOneConnectionForEverything(r);
        LibraryClientsTable.assertReadmeShows(r);
    }

    @Test
    @Tag("recovery")
    @DisplayName("urlconnection-unread: 100 documents on 100 ports, then BindException; the unread connections stay open")
    void anUnreadBodyRunsOutOfPorts(Incident incident) {
        ScenarioResult r = LibraryClients.run(incident, "urlconnection-unread", 48700, LibraryClients.DOCS);

        LibraryClients.assertRunsOutOfPortsAt101(r, "java.net.BindException", incident);
        LibraryClients.assertEveryConnectionHeldByTheClient(r);
        LibraryClientsTable.assertReadmeShows(r);
    }
}
