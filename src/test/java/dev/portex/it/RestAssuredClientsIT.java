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
 * REST Assured 6 (Apache HttpClient 4 underneath). By default it builds a new HttpClient per request
 * and never shuts it down: each document takes its own connection and port, closed only when a garbage
 * collection finalizes the abandoned client (HttpClient 4's connection manager shuts down in its
 * finalizer), which leaves the port in TIME_WAIT. One config with {@code reuseHttpClientInstance()}
 * keeps one connection for everything.
 */
@ExtendWith(PortexStackExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests wait (idle gaps, TIME_WAIT, a leak that never recovers): side by side
@Order(1) // starts first: it waits longest (see the Failsafe configuration)
class RestAssuredClientsIT {

    @Test
    @Tag("recovery")
    @DisplayName("restassured-default: 100 documents on 100 ports, then BindException; the ports sit in TIME_WAIT and come back after about 60 s")
    void theDefaultConfigurationRunsOutOfPorts(Incident incident) {
        ScenarioResult r = LibraryClients.run(incident, "restassured-default", 48000, LibraryClients.DOCS);

        LibraryClients.assertRunsOutOfPortsAt101(r, "java.net.BindException", incident);
        assertThat(r.sockets().clientSocketStates()).as("socket states at the end of the load: closed by the finalizer "
                        + "(TIME_WAIT) or not yet (ESTABLISHED, or CLOSE_WAIT once Node closed its side after 6 s idle)")
                .isNotEmpty();
        assertThat(r.sockets().clientSocketStates().keySet()).as("states: closed by the finalizer, or not yet (a race)")
                .isSubsetOf("ESTABLISHED", "CLOSE_WAIT", "TIME_WAIT");
        assertThat(r.sockets().clientSocketStates().get("TIME_WAIT"))
                .as("TIME_WAIT sockets: garbage collections during the run finalized most abandoned clients")
                .isGreaterThan(50L);
        assertThat(r.sockets().recoveredAfterMs()).as("the same client got an answer again within the 120 s it tried").isNotNull();
        // A port comes back by one of two ways, whichever is first: a port in TIME_WAIT after its 60 s, or the port of a
        // connection still open at the end of the load (its abandoned client not yet finalized), which Node closes after
        // 6 s idle and a later garbage collection then closes on the client's side: no TIME_WAIT for the side that
        // closes second. Measured on this machine: about 60 s in most runs, 31.8 s in one (1 ESTABLISHED at the end).
        Long sinceTimeWait = LibraryClients.sinceFirstTimeWaitMs(r);
        assertThat(sinceTimeWait)
                .as("from the first port entering TIME_WAIT to the first answer after the failure (first failure after %d ms "
                                + "of load, recovery %d ms after it): at most TIME_WAIT's 60 s, plus up to 4 s the kernel's "
                                + "timer wheel adds to a 60 s timer, the 1 s between probes and the 200 ms between samples",
                        r.timing().durationMs(), r.sockets().recoveredAfterMs())
                .isLessThanOrEqualTo(67_000L);
        if (sinceTimeWait < 59_000L) {
            assertThat(r.sockets().clientSocketStates().getOrDefault("ESTABLISHED", 0L)
                    + r.sockets().clientSocketStates().getOrDefault("CLOSE_WAIT", 0L))
                    .as("a recovery %d ms after the first TIME_WAIT, before any port left TIME_WAIT, needs a port that never "
                            + "entered it: a connection still open at the end of the load, ESTABLISHED or CLOSE_WAIT (%s)", sinceTimeWait,
                            r.sockets().clientSocketStates())
                    .isPositive();
        }
        LibraryClientsTable.assertReadmeShows(r);
    }

    @Test
    @DisplayName("restassured-reuse: reuseHttpClientInstance() sends all 160 documents over one connection")
    void reusingTheHttpClientInstanceKeepsOneConnection(Incident incident) {
        ScenarioResult r = LibraryClients.run(incident, "restassured-reuse", 48100, LibraryClients.DOCS);

        LibraryClients.assertOneConnectionForEverything(r);
        LibraryClientsTable.assertReadmeShows(r);
    }
}
