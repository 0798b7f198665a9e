package dev.portex.it;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.model.ClientKind;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The Node.js clients (the global fetch, which is Node's bundled undici, and axios), in the Node.js load generator's
 * images (Node.js 24 and 18, the official builds ingest-node runs), each as commonly written and beside its fix, run like
 * the Java, Python and Go clients: one worker at full speed, 160 documents on 100 ports. Each renders its row of
 * docs/clients.md's "Node.js clients" table from what it measured.
 *
 * <p>The two clients that open a connection per document send {@code Connection: close}: Node's server closes the
 * connection right after its answer, and so does the client, and whichever close goes first keeps the TIME_WAIT. Those
 * two run on a Node of their own (its keep-alive timeout set to Node's default, 5 s), so that Node's TIME_WAITs towards
 * this client are counted too.
 */
@ExtendWith(PortexStackExtension.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("The Node.js clients (fetch, axios)")
class NodeClientsIT {
    /** Node's default keep-alive timeout: set explicitly only to give the run a Node of its own, whose sockets it reads. */
    static final int NODE_DEFAULT_KEEP_ALIVE_MS = 5000;

    /** {@code client} on the 100 ports from {@code low}, on a Node of its own whose sockets towards the client are counted. */
    static ScenarioResult runOnItsOwnNode(Incident incident, String client, int low) {
        Scenario scenario = Scenario.of(ClientKind.byName(client), new PortRange(low, low + 99), LibraryClients.DOCS)
                .withAwaitRecovery(true).withServerKeepAlive(NODE_DEFAULT_KEEP_ALIVE_MS);
        ScenarioResult r = incident.run(scenario);
        System.out.printf("measured %s: acknowledged %d, failed %d, connections %d, client sockets %s, Node's sockets %s,"
                        + " load %d ms%n", client, r.clientSide().acknowledged(), r.clientSide().failed(),
                r.sockets().clientConnectionsOpened(), r.sockets().clientSocketStates(), r.sockets().serverSocketStates(),
                r.timing().durationMs());
        return r;
    }

    /**
     * What connect() reports when no port is free: errno 99 as Node's net module words it, inside fetch's
     * {@code TypeError: fetch failed} (undici names the cause) or as an {@code AxiosError}.
     */
    static final String EADDRNOTAVAIL = "(fetch failed: )?connect EADDRNOTAVAIL [0-9.]+:8080 - Local \\(0\\.0\\.0\\.0:0\\)";

    /**
     * A connection per document, each sent with {@code Connection: close}, and both ends close it right after the answer:
     * the side whose close goes first keeps the TIME_WAIT, a race per connection. Only the client's TIME_WAITs take its
     * ports, so whether 100 ports run out within the load is the race's outcome; what holds every time is asserted here,
     * the race's share is printed and counted in docs/clients.md.
     */
    static void closeRace(ScenarioResult r, Incident incident) {
        ClientKind client = r.setup().client();
        assertThat(r.clientSide().acknowledged() + r.clientSide().failed()).as("%s: documents tried", client)
                .isEqualTo(LibraryClients.DOCS);
        assertThat(r.sockets().clientConnectionsOpened()).as("%s: connections opened (kernel ActiveOpens): one per"
                + " acknowledged document (a connect that found no port sends no SYN)", client)
                .isEqualTo(r.clientSide().acknowledged());
        assertThat(r.serverSide().serverConnections()).as("%s: connections Node accepted: one per acknowledged document", client)
                .isEqualTo((long) r.clientSide().acknowledged());
        Map<String, Long> clientStates = r.sockets().clientSocketStates();
        assertThat(clientStates.keySet()).as("%s: states of the client's sockets at the end of the load (%s): TIME_WAIT where"
                + " the client closed first, CLOSE_WAIT for a connection Node had just closed", client, clientStates)
                .isSubsetOf("TIME_WAIT", "CLOSE_WAIT");
        if (r.clientSide().failed() > 0) {
            assertThat(r.clientSide().error().message()).as("%s: the first failure (errno 99, EADDRNOTAVAIL)", client)
                    .matches(EADDRNOTAVAIL);
            assertThat(r.sockets().clientTimeWait()).as("%s: out of ports: every one of the 100 in the client's TIME_WAIT", client)
                    .isEqualTo(100L);
            assertThat(LibraryClients.sinceFirstTimeWaitMs(r)).as("%s: an answer again once the first port left TIME_WAIT,"
                    + " 60 s after it went in", client).isBetween(55_000L, 80_000L);
        } else {
            assertThat(r.sockets().clientTimeWait()).as("%s: no document failed, so some of the 100 ports were free (%s)",
                    client, clientStates).isLessThan(100L);
        }
        assertThat(r).indexedEveryDocument().nothingLost();
        incident.assertElasticsearchHolds(r, r.clientSide().acknowledged());
        // the race's outcome, for docs/clients.md: of the connections still in TIME_WAIT at the end, whose they are
        System.out.printf("close race %s: client TIME_WAIT %d, Node's TIME_WAIT %s, failed %d, first failure at %s%n", client,
                r.sockets().clientTimeWait(), r.sockets().serverTimeWait(), r.clientSide().failed(), r.clientSide().firstFailureAt());
    }

    @Nested
    @DisplayName("fetch on Node.js 24")
    @Execution(ExecutionMode.CONCURRENT)
    class Fetch {
        @Test
        @DisplayName("as it comes (the default dispatcher): all 160 documents over at most 2 keep-alive connections")
        void theDefaultDispatcherKeepsItsConnections(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "node-fetch", 45000, LibraryClients.DOCS);

            assertThat(r).indexedEveryDocument().nothingLost().neverRanOutOfPorts().opensAtMostConnections(2)
                    .survives(800, 32768, 60999);
            assertThat(r.sockets().clientSocketStates()).as("node-fetch: every connection still in undici's pool at the end"
                    + " of the load").isEqualTo(Map.of("ESTABLISHED", r.sockets().clientConnectionsOpened()));
            LibraryClientsTable.assertReadmeShows(r);
        }

        @Test
        @DisplayName("with a dispatcher that sets reset: true: a connection per document, its TIME_WAIT the client's or Node's, a race")
        void resetTrueOpensAConnectionPerDocument(Incident incident) {
            ScenarioResult r = runOnItsOwnNode(incident, "node-fetch-reset", 45100);

            closeRace(r, incident);
            LibraryClientsTable.assertReadmeShows(r);
        }
    }

    @Nested
    @DisplayName("axios")
    @Execution(ExecutionMode.CONCURRENT)
    class Axios {
        @Test
        @DisplayName("with its defaults on Node.js 24 (the global agent keeps connections alive): all 160 documents over one connection")
        void onNode24OneConnection(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "node-axios", 45200, LibraryClients.DOCS);

            LibraryClients.assertOneConnectionForEverything(r);
            assertThat(r).indexedEveryDocument().nothingLost().neverRanOutOfPorts().survives(800, 32768, 60999);
            LibraryClientsTable.assertReadmeShows(r);
        }

        @Test
        @DisplayName("with its defaults on Node.js 18 (no keep-alive): a connection per document, its TIME_WAIT the client's or Node's, a race")
        void onNode18AConnectionPerDocument(Incident incident) {
            ScenarioResult r = runOnItsOwnNode(incident, "node18-axios", 45300);

            closeRace(r, incident);
            LibraryClientsTable.assertReadmeShows(r);
        }

        @Test
        @DisplayName("with a keep-alive http.Agent on Node.js 18: all 160 documents over one connection")
        void onNode18WithAKeepAliveAgentOneConnection(Incident incident) {
            ScenarioResult r = LibraryClients.run(incident, "node18-axios-keepalive", 45400, LibraryClients.DOCS);

            LibraryClients.assertOneConnectionForEverything(r);
            assertThat(r).indexedEveryDocument().nothingLost().neverRanOutOfPorts().survives(800, 32768, 60999);
            LibraryClientsTable.assertReadmeShows(r);
        }
    }
}
