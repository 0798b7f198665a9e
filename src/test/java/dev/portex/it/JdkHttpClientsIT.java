package dev.portex.it;

import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Execution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.ScenarioResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java.net.http.HttpClient} (Java 17). A client per document keeps each keep-alive connection
 * open in a client nobody uses again; it lets go only when Node closes the idle connection (after its
 * 5 s keep-alive timeout), so the range comes back within seconds. One shared client uses one connection.
 */
@ExtendWith(PortexStackExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests wait (idle gaps, TIME_WAIT, a leak that never recovers): side by side
class JdkHttpClientsIT {

    @Test
    @Tag("recovery")
    @DisplayName("jdk-per-request: 100 documents on 100 ports, then ConnectException; the connections stay open until Node closes them, seconds later")
    void aClientPerDocumentRunsOutOfPorts(Incident incident) {
        ScenarioResult r = LibraryClients.run(incident, "jdk-per-request", 48200, LibraryClients.DOCS);

        LibraryClients.assertRunsOutOfPortsAt101(r, "java.net.ConnectException", incident);
        assertThat(r.sockets().clientSocketStates()).as("socket states at the end of the load: held open (ESTABLISHED), a few closed by a GC")
                .isNotEmpty();
        assertThat(r.sockets().clientSocketStates().keySet()).as("states: open, or closed by a garbage collection (a race)")
                .isSubsetOf("ESTABLISHED", "TIME_WAIT");
        assertThat(r.sockets().clientSocketStates().get("ESTABLISHED")).as("connections still open at the end of the load")
                .isGreaterThan(50L);
        assertThat(r.sockets().recoveredAfterMs()).as("time until the same code got an answer again: Node's keep-alive timeout is 5 s")
                .isLessThan(20_000L);
        LibraryClientsTable.assertReadmeShows(r);
    }

    @Test
    @DisplayName("jdk-shared: one HttpClient sends all 160 documents over one connection")
    void oneSharedClientKeepsOneConnection(Incident incident) {
        ScenarioResult r = LibraryClients.run(incident, "jdk-shared", 48300, LibraryClients.DOCS);

        LibraryClients.assertOneConnectionForEverything(r);
        LibraryClientsTable.assertReadmeShows(r);
    }
}
