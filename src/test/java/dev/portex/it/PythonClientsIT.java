package dev.portex.it;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.util.ArrayList;
import java.util.List;
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
 * The Python clients teams send from beside {@code requests}, in the Python load generator's image (Debian 13's
 * python3-httpx and python3-aiohttp), each as commonly written and beside its fix, run like the Java clients: one worker
 * at full speed, 160 documents on 100 ports, recovery awaited; each renders its row of docs/clients.md's "Python
 * clients" table from what it measured.
 */
@ExtendWith(PortexStackExtension.class)
@Execution(ExecutionMode.CONCURRENT) // the per-document clients wait about 60 s for their ports: side by side
@Order(1) // starts first: it waits long (see the Failsafe configuration)
@DisplayName("The Python clients beside requests")
class PythonClientsIT {

    /** Exactly 100 documents on 100 ports, each on a connection of its own that the client closed, then errno 99. */
    static void runsOutAt101(ScenarioResult r, String type, String message, Incident incident) {
        assertThat(r.clientSide().acknowledged()).as("%s: documents acknowledged on 100 ports", r.setup().client()).isEqualTo(100);
        assertThat(r.clientSide().firstFailureAt()).as("%s: the first failing document", r.setup().client()).isEqualTo(101);
        assertThat(r.clientSide().failed()).as("%s: every later document fails too", r.setup().client())
                .isEqualTo(LibraryClients.DOCS - 100);
        assertThat(r.clientSide().error().type()).as("%s: the exception the library raises", r.setup().client()).isEqualTo(type);
        assertThat(r.clientSide().error().message()).as("%s: its message (errno 99, EADDRNOTAVAIL)", r.setup().client())
                .matches(message);
        assertThat(r.sockets().clientConnectionsOpened()).as("%s: connections opened: one per document", r.setup().client())
                .isEqualTo(100);
        assertThat(r.sockets().clientSocketStates()).as("%s: the ports at the end of the load: every one closed by the client",
                r.setup().client()).isEqualTo(Map.of("TIME_WAIT", 100L));
        assertThat(r.serverSide().serverReceived()).as("%s: requests Node received: the failing ones never left the client",
                r.setup().client()).isEqualTo(100);
        assertThat(r.verdict()).as("%s: the verdict", r.setup().client()).isInstanceOf(Verdict.ClientPortsExhausted.class);
        assertThat(LibraryClients.sinceFirstTimeWaitMs(r))
                .as("%s: the same client got an answer again once the first port left TIME_WAIT, 60 s after it went in",
                        r.setup().client())
                .isBetween(55_000L, 80_000L);
        incident.assertElasticsearchHolds(r, 100);
    }

    /** All 160 documents over one connection, closed when the worker ended (TIME_WAIT, the client's close). */
    static void oneConnection(ScenarioResult r) {
        assertThat(r).indexedEveryDocument().opensAtMostConnections(1).neverRanOutOfPorts().nothingLost()
                .survives(800, 32768, 60999);
        assertThat(r.sockets().clientSocketStates()).as("%s: the one port after the worker closed its client", r.setup().client())
                .isEqualTo(Map.of("TIME_WAIT", 1L));
    }

    @Nested
    @DisplayName("httpx")
    @Execution(ExecutionMode.CONCURRENT)
    class Httpx {
        @Test
        @Tag("recovery")
        @DisplayName("httpx.post per document: a client and a connection per call; 100 documents on 100 ports, then httpx.ConnectError")
        void theTopLevelApiRunsOutOfPorts(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "httpx-post", 49000, LibraryClients.DOCS);

            runsOutAt101(r, "httpx.ConnectError", "\\[Errno 99\\] Cannot assign requested address", incident);
            LibraryClientsTable.assertReadmeShows(r);
        }

        @Test
        @DisplayName("one httpx.Client per process: all 160 documents over one connection")
        void oneClientKeepsOneConnection(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "httpx-client", 49100, LibraryClients.DOCS);

            oneConnection(r);
            LibraryClientsTable.assertReadmeShows(r);
        }
    }

    @Nested
    @DisplayName("aiohttp")
    @Execution(ExecutionMode.CONCURRENT)
    class Aiohttp {
        @Test
        @Tag("recovery")
        @DisplayName("a ClientSession per document: a pool per session; 100 documents on 100 ports, then ClientConnectorError")
        void aSessionPerDocumentRunsOutOfPorts(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "aiohttp-session-per-request", 49200, LibraryClients.DOCS);

            runsOutAt101(r, "aiohttp.client_exceptions.ClientConnectorError",
                    "Cannot connect to host [^ ]+:8080 ssl:default \\[Cannot assign requested address\\]", incident);
            LibraryClientsTable.assertReadmeShows(r);
        }

        @Test
        @DisplayName("one ClientSession per process: all 160 documents over one connection")
        void oneSessionKeepsOneConnection(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "aiohttp-session", 49300, LibraryClients.DOCS);

            oneConnection(r);
            LibraryClientsTable.assertReadmeShows(r);
        }
    }

    @Nested
    @DisplayName("requests.Session shared by threads")
    @Execution(ExecutionMode.CONCURRENT)
    class SessionSharedByThreads {
        static final int THREADS = 16;
        static final int DOCS = 1600;
        static final int RUNS = 3;

        ScenarioResult run(Incident incident, String client, int low) {
            return LibraryClients.runShared(incident, client, low, DOCS, THREADS);
        }

        @Test
        @DisplayName("16 threads on one Session (pool_maxsize 10): the surplus connections closed are few, a rate over 3 runs")
        void aPoolSmallerThanTheThreadsClosesAFew(Incident incident) {
            List<Long> connections = new ArrayList<>();
            ScenarioResult last = null;
            for (int i = 0; i < RUNS; i++) {
                last = run(incident, "python-session-threads", 40000 + i * 8000);
                assertThat(last).indexedEveryDocument().nothingLost().neverRanOutOfPorts()
                        .opensAtMostConnections(LibraryClientsTable.sharedByThreadsBound(last));
                connections.add(last.sockets().clientConnectionsOpened());
            }
            System.out.printf("measured python-session-threads: connections per run %s for %d documents each (%d threads, pool_maxsize 10)%n",
                    connections, DOCS, THREADS);
            assertThat(connections).as("connections per run: at least one per thread (all %d start at once)", THREADS)
                    .allMatch(c -> c >= THREADS);
            LibraryClientsTable.assertReadmeShows(last);
        }

        @Test
        @DisplayName("with HTTPAdapter(pool_maxsize=16): at most one connection per thread, none closed before the end")
        void aPoolWithRoomForEveryThread(Incident incident) {
            ScenarioResult r = run(incident, "python-session-threads-pool", 40000);

            assertThat(r).indexedEveryDocument().nothingLost().neverRanOutOfPorts().opensAtMostConnections(THREADS)
                    .survives(800, 32768, 60999);
            LibraryClientsTable.assertReadmeShows(r);
        }
    }
}
