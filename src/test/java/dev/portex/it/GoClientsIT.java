package dev.portex.it;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The Go clients (net/http, the standard library only), in the Go load generator's image (Debian 13's golang-go), each
 * as commonly written and beside its fix, run like the Java and Python clients: one goroutine at full speed, 160
 * documents on 100 ports, recovery awaited by the same client; a client shared by goroutines on 8,000 ports. Each
 * renders its row of docs/clients.md's "Go clients" table from what it measured.
 */
@ExtendWith(PortexStackExtension.class)
@Execution(ExecutionMode.CONCURRENT) // the per-document clients wait about 60 s for their ports: side by side
@Order(1) // starts first: it waits long (see the Failsafe configuration)
@DisplayName("The Go clients (net/http)")
class GoClientsIT {
    /** What net/http says when connect() finds no free port: errno 99 inside a *url.Error naming the request. */
    static final String EADDRNOTAVAIL = "Post \"http://[^\"]+:8080/docs\": dial tcp [^ ]+:8080: connect: cannot assign requested address";

    /** Exactly 100 documents on 100 ports, a connection each, then errno 99 from net/http. */
    static void runsOutAt101(ScenarioResult r, Incident incident) {
        assertThat(r.clientSide().acknowledged()).as("%s: documents acknowledged on 100 ports", r.setup().client()).isEqualTo(100);
        assertThat(r.clientSide().firstFailureAt()).as("%s: the first failing document", r.setup().client()).isEqualTo(101);
        assertThat(r.clientSide().failed()).as("%s: every later document fails too", r.setup().client())
                .isEqualTo(LibraryClients.DOCS - 100);
        assertThat(r.clientSide().error().type()).as("%s: the error net/http returns", r.setup().client()).isEqualTo("*url.Error");
        assertThat(r.clientSide().error().message()).as("%s: its message (errno 99, EADDRNOTAVAIL)", r.setup().client())
                .matches(EADDRNOTAVAIL);
        assertThat(r.sockets().clientConnectionsOpened()).as("%s: connections opened: one per document", r.setup().client())
                .isEqualTo(100);
        assertThat(r.serverSide().serverReceived()).as("%s: requests Node received: the failing ones never left the client",
                r.setup().client()).isEqualTo(100);
        assertThat(r.verdict()).as("%s: the verdict", r.setup().client()).isInstanceOf(Verdict.ClientPortsExhausted.class);
        incident.assertElasticsearchHolds(r, 100);
    }

    @Nested
    @DisplayName("http.Post per document")
    @Execution(ExecutionMode.CONCURRENT)
    class PostPerDocument {
        @Test
        @Tag("recovery")
        @DisplayName("the body never closed: each connection stays with its body; 100 documents on 100 ports, then errno 99")
        void anUnclosedBodyHoldsItsConnection(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "go-post-unclosed", 49400, LibraryClients.DOCS);

            runsOutAt101(r, incident);
            LibraryClients.assertEveryConnectionHeldByTheClient(r);
            assertThat(LibraryClients.sinceLoadStartMs(r))
                    .as("go-post-unclosed: the client closes none of its connections; a port came back only once TCP "
                            + "keep-alive (net/http's dialer: probes after 30 s idle, every 30 s) met Node's side gone, "
                            + "60 s after Node closed it 6 s idle: about 66 s after a connection's last answer, or one probe "
                            + "later; ms from the start of the load to the first answer again (recovered %s ms after the "
                            + "first failure, load %s ms)", r.sockets().recoveredAfterMs(), r.timing().durationMs())
                    .isNotNull()
                    .isBetween(LibraryClientsTable.GO_KEEP_ALIVE_RECOVERY_MS[0], LibraryClientsTable.GO_KEEP_ALIVE_RECOVERY_MS[1]);
            LibraryClientsTable.assertReadmeShows(r);
        }

        @Test
        @Tag("recovery")
        @DisplayName("the body closed unread: each close closes the connection; 100 documents on 100 ports, then errno 99")
        void anUnreadBodyClosesItsConnection(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "go-post-unread", 49500, LibraryClients.DOCS);

            runsOutAt101(r, incident);
            assertThat(r.sockets().clientSocketStates()).as("go-post-unread: the ports at the end of the load: every one "
                    + "closed by the client when it closed the unread body").isEqualTo(Map.of("TIME_WAIT", 100L));
            assertThat(LibraryClients.sinceFirstTimeWaitMs(r))
                    .as("go-post-unread: the same client got an answer again once the first port left TIME_WAIT, 60 s after it went in")
                    .isBetween(55_000L, 80_000L);
            LibraryClientsTable.assertReadmeShows(r);
        }

        @Test
        @DisplayName("the body read to its end and closed: all 160 documents over one keep-alive connection")
        void aReadBodyKeepsOneConnection(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "go-post", 49600, LibraryClients.DOCS);

            LibraryClients.assertOneConnectionForEverything(r);
            assertThat(r).indexedEveryDocument().nothingLost().neverRanOutOfPorts().survives(800, 32768, 60999);
            LibraryClientsTable.assertReadmeShows(r);
        }
    }

    @Nested
    @DisplayName("one http.Client shared by goroutines")
    @Execution(ExecutionMode.CONCURRENT)
    class SharedByGoroutines {
        static final int GOROUTINES = 8;
        static final int DOCS = 1600;

        ScenarioResult run(Incident incident, String client, int low) {
            return LibraryClients.runShared(incident, client, low, DOCS, GOROUTINES);
        }

        @Test
        @DisplayName("the default transport (MaxIdleConnsPerHost 2): a connection per goroutine, and all but 2 closed when they stop")
        void theDefaultPoolKeepsTwoIdle(Incident incident) {
            ScenarioResult r = run(incident, "go-shared-default", 41000);

            assertThat(r).indexedEveryDocument().nothingLost().neverRanOutOfPorts()
                    .opensAtMostConnections(LibraryClientsTable.sharedByThreadsBound(r));
            assertThat(r.sockets().clientConnectionsOpened()).as("go-shared-default: connections: at least one per goroutine "
                    + "(all %d start at once)", GOROUTINES).isGreaterThanOrEqualTo(GOROUTINES);
            assertThat(r.sockets().clientSocketStates().get("ESTABLISHED"))
                    .as("go-shared-default: connections still open at the end of the load: the pool's 2 idle ones (%s)",
                            r.sockets().clientSocketStates())
                    .isEqualTo(2L);
            LibraryClientsTable.assertReadmeShows(r);
        }

        @Test
        @DisplayName("a Transport with MaxIdleConnsPerHost = 8: one connection per goroutine, every one kept")
        void aPoolWithRoomForEveryGoroutine(Incident incident) {
            ScenarioResult r = run(incident, "go-shared-idle", 41000);

            assertThat(r).indexedEveryDocument().nothingLost().neverRanOutOfPorts().opensAtMostConnections(GOROUTINES)
                    .survives(800, 32768, 60999);
            assertThat(r.sockets().clientSocketStates()).as("go-shared-idle: every connection still in the pool at the end of the load")
                    .isEqualTo(Map.of("ESTABLISHED", r.sockets().clientConnectionsOpened()));
            LibraryClientsTable.assertReadmeShows(r);
        }
    }
}
