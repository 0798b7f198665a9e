package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.docs.DocsPage;
import dev.portex.model.ClientKind;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders a row of the "Java clients", "Python clients", "Go clients" or "Node.js clients" table in docs/clients.md from a measured result, using only what is
 * deterministic (counts, the set of socket states, the exception text, whether and roughly when ports
 * came back), and checks the page shows exactly that row, so the table cannot drift from the code.
 */
final class LibraryClientsTable {
    /** The one-line fix of each variant that is not safe as written; "—" for the safe ones. */
    static final Map<ClientKind, String> FIXES = Map.ofEntries(
            Map.entry(ClientKind.RESTASSURED_DEFAULT, "one `RestAssuredConfig` with `httpClientConfig().reuseHttpClientInstance()`, "
                    + "set once (`RestAssured.config = ...`), not built per request: `restassured-reuse`"),
            Map.entry(ClientKind.RESTASSURED_REUSE, "—"),
            Map.entry(ClientKind.JDK_PER_REQUEST, "one `HttpClient` for the application: `jdk-shared`"),
            Map.entry(ClientKind.JDK_SHARED, "—"),
            Map.entry(ClientKind.OKHTTP_PER_REQUEST, "one `OkHttpClient` for the application: `okhttp-shared`"),
            Map.entry(ClientKind.OKHTTP_SHARED, "—"),
            Map.entry(ClientKind.URLCONNECTION, "—"),
            Map.entry(ClientKind.URLCONNECTION_UNREAD, "read the body (or `getErrorStream()`) to the end and close it: `urlconnection`"),
            Map.entry(ClientKind.HTTPCLIENT5_UNCONSUMED, "`client.execute(request, response -> ...)`: the response handler consumes "
                    + "the entity and releases the connection (the project's `pooled` client)"),
            Map.entry(ClientKind.HTTPX_POST, "one `httpx.Client()` for the process (`with httpx.Client() as client: client.post(...)`): "
                    + "`httpx-client`"),
            Map.entry(ClientKind.HTTPX_CLIENT, "—"),
            Map.entry(ClientKind.AIOHTTP_SESSION_PER_REQUEST, "one `aiohttp.ClientSession` for the application, made once inside "
                    + "the event loop: `aiohttp-session`"),
            Map.entry(ClientKind.AIOHTTP_SESSION, "—"),
            Map.entry(ClientKind.PYTHON_SESSION_THREADS, "none needed for ports at this latency; to keep every thread's "
                    + "connection: `session.mount(\"http://\", HTTPAdapter(pool_maxsize=threads))`: `python-session-threads-pool`"),
            Map.entry(ClientKind.PYTHON_SESSION_THREADS_POOL, "—"),
            Map.entry(ClientKind.GO_POST_UNCLOSED, "`defer resp.Body.Close()` after reading the body to its end "
                    + "(`io.Copy(io.Discard, resp.Body)`): `go-post`"),
            Map.entry(ClientKind.GO_POST_UNREAD, "read the body to its end before closing it (`io.Copy(io.Discard, resp.Body)`): `go-post`"),
            Map.entry(ClientKind.GO_POST, "—"),
            Map.entry(ClientKind.GO_SHARED_DEFAULT, "none needed for ports with 8 goroutines here; to keep every goroutine's "
                    + "connection: `&http.Transport{MaxIdleConnsPerHost: goroutines}`: `go-shared-idle`"),
            Map.entry(ClientKind.GO_SHARED_IDLE, "—"),
            Map.entry(ClientKind.NODE_FETCH, "—"),
            Map.entry(ClientKind.NODE_FETCH_RESET, "the default dispatcher (no `reset: true`): one keep-alive connection: "
                    + "`node-fetch`"),
            Map.entry(ClientKind.NODE_AXIOS, "—"),
            Map.entry(ClientKind.NODE18_AXIOS, "`httpAgent: new http.Agent({ keepAlive: true })` in the axios config (Node.js 19"
                    + " and later keep connections alive by default): `node18-axios-keepalive`"),
            Map.entry(ClientKind.NODE18_AXIOS_KEEPALIVE, "—"));

    /** The table of docs/clients.md that holds a client's row. */
    static String table(ClientKind client) {
        return switch (client.group()) {
            case PYTHON_LIBRARY -> "Python clients";
            case GO_LIBRARY -> "Go clients";
            case NODE_LIBRARY -> "Node.js clients";
            default -> "Java clients";
        };
    }

    /**
     * The window go-post-unclosed's ports come back in, in ms from the start of the load: not by the client, which closes
     * none, but by TCP keep-alive (net/http's dialer: probes after 30 s idle, every 30 s) meeting Node's side gone, 60 s
     * after Node closed it 6 s idle: about 66 s after a connection's last answer (67 s measured twice), or one probe (30
     * s) later when the probe comes just before; the last of 100 documents may be sent some 30 s into a slow load.
     */
    static final long[] GO_KEEP_ALIVE_RECOVERY_MS = {60_000, 130_000};

    private LibraryClientsTable() {
    }

    static String row(ScenarioResult r) {
        if (CLOSE_RACE_ERROR.containsKey(r.setup().client())) {
            return closeRaceRow(r);
        }
        return "| `" + r.setup().client() + "` | " + safe(r) + " | " + connections(r) + " | " + sockets(r) + " | "
                + firstFailure(r) + " | " + recovery(r) + " | " + FIXES.get(r.setup().client()) + " |";
    }

    /** Asserts docs/clients.md holds exactly the row rendered from {@code r}. */
    static void assertReadmeShows(ScenarioResult r) {
        String row = row(r);
        assertThat(DocsPage.read(DocsPage.CLIENTS))
                .as("%s's \"%s\" table must show what was measured; update the row of %s to:%n%s",
                        DocsPage.CLIENTS, table(r.setup().client()), r.setup().client(), row)
                .contains(row);
    }

    /** portex's verdict, from the numbers: the client's ports ran out. */
    static boolean outOfPorts(ScenarioResult r) {
        return r.verdict() instanceof Verdict.ClientPortsExhausted;
    }

    private static String safe(ScenarioResult r) {
        if (r.clientSide().failed() == 0) {
            return "yes";
        }
        return outOfPorts(r)
                ? "no: out of ports after " + r.clientSide().acknowledged() + " documents"
                : "no: stuck after " + r.clientSide().acknowledged() + " documents";
    }

    /**
     * Clients whose threads share one pool that closes the connections it has no room for: how many it closes is a
     * race between the threads (measured in {@code PythonClientsIT}), so the row names the bound the test holds it to.
     */
    static final java.util.Set<ClientKind> SHARED_BY_THREADS = java.util.EnumSet.of(ClientKind.PYTHON_SESSION_THREADS,
            ClientKind.PYTHON_SESSION_THREADS_POOL, ClientKind.GO_SHARED_DEFAULT, ClientKind.GO_SHARED_IDLE);

    /** The clients of {@link #SHARED_BY_THREADS} whose pool has room for every thread's (or goroutine's) connection. */
    static final java.util.Set<ClientKind> ROOM_FOR_EVERY_THREAD =
            java.util.EnumSet.of(ClientKind.PYTHON_SESSION_THREADS_POOL, ClientKind.GO_SHARED_IDLE);

    /** The bound on connections a client whose threads share one pool is held to: two per 100 documents. */
    static long sharedByThreadsBound(ScenarioResult r) {
        return r.setup().docs() / 50L;
    }

    /**
     * Clients that open a connection per document and send {@code Connection: close}: the client and Node both close it
     * right after the answer, and the side that closes first keeps the TIME_WAIT, a race per connection. Whether the
     * client's 100 ports run out within a run is that race's outcome; the row says what holds every time, which
     * {@code NodeClientsIT} asserts, and the text below the table what the race did.
     */
    static final Map<ClientKind, String> CLOSE_RACE_ERROR = Map.of(
            ClientKind.NODE_FETCH_RESET, "TypeError: fetch failed: connect EADDRNOTAVAIL …:8080 - Local (0.0.0.0:0)",
            ClientKind.NODE18_AXIOS, "AxiosError: connect EADDRNOTAVAIL …:8080 - Local (0.0.0.0:0)");

    private static String closeRaceRow(ScenarioResult r) {
        ClientKind client = r.setup().client();
        assertThat(r.sockets().clientConnectionsOpened()).as("%s: one connection per acknowledged document", client)
                .isEqualTo(r.clientSide().acknowledged());
        assertThat(r.sockets().clientSocketStates().keySet()).as("%s: states of the client's sockets", client)
                .isSubsetOf("TIME_WAIT", "CLOSE_WAIT");
        if (r.clientSide().error() != null) {
            assertThat(firstFailure(r)).as("%s: the first failure", client).isEqualTo("`" + CLOSE_RACE_ERROR.get(client) + "`");
        }
        return "| `" + client + "` | a race: out of ports once all 100 are in the client's TIME_WAIT (see below) | 100 (one "
                + "per document) | TIME_WAIT where the client closed first; where Node closed first, Node keeps it (see below) | `"
                + CLOSE_RACE_ERROR.get(client) + "`, in a run where the client closed first often enough | where it ran out, "
                + "yes, after about 60 s (TIME_WAIT) | " + FIXES.get(client) + " |";
    }

    /**
     * undici's pool behind {@code fetch}: a document sent right after the last answer may find that answer's connection
     * not yet back in the pool and open a second one (measured: 2 for 160 documents, one worker); the row names the bound
     * the test holds it to.
     */
    static final long FETCH_CONNECTIONS_BOUND = 2;

    private static String connections(ScenarioResult r) {
        long opened = r.sockets().clientConnectionsOpened();
        if (r.setup().client() == ClientKind.NODE_FETCH && r.clientSide().failed() == 0 && opened <= FETCH_CONNECTIONS_BOUND) {
            return "at most 2 (all " + r.setup().docs() + " documents on them: see below)";
        }
        if (SHARED_BY_THREADS.contains(r.setup().client()) && r.clientSide().failed() == 0) {
            String threads = r.setup().client().runtime() == ClientKind.Runtime.GO ? "goroutine" : "thread";
            String run = r.setup().concurrency() + " " + threads + "s, all " + r.setup().docs() + " documents";
            if (ROOM_FOR_EVERY_THREAD.contains(r.setup().client()) && opened <= r.setup().concurrency()) {
                return "at most one per " + threads + " (" + run + ")";
            }
            if (opened <= sharedByThreadsBound(r)) {
                return "at most 2 per 100 documents (" + run + "; a race: see below)";
            }
            return opened + " (all " + r.setup().docs() + " documents)";
        }
        if (r.clientSide().failed() == 0) {
            return opened + " (all " + r.setup().docs() + " documents on " + (opened == 1 ? "it)" : "them)");
        }
        if (outOfPorts(r) && opened == r.clientSide().acknowledged()) {
            return "100 (one per document)";
        }
        return opened + ", then none";
    }

    /**
     * Clients whose abandoned connections only the garbage collector closes: how many of them are closed (TIME_WAIT)
     * or still open at the end of the load depends on when collections ran, a race; the row names both. One still open is
     * ESTABLISHED, or CLOSE_WAIT once Node closed its side after 6 s idle (a load slowed down by its neighbours: one
     * measured on this machine, 2026-12-02).
     */
    static final java.util.Set<ClientKind> CLOSED_BY_THE_GARBAGE_COLLECTOR =
            java.util.EnumSet.of(ClientKind.RESTASSURED_DEFAULT, ClientKind.JDK_PER_REQUEST);

    /**
     * Clients that keep every connection open to the end of the load (in a pool for five minutes, or unread): Node closes
     * its side of those idle for 6 s, which leaves the client's in CLOSE_WAIT; how many depends on how long the load took.
     */
    static final java.util.Set<ClientKind> HELD_BY_THE_CLIENT =
            java.util.EnumSet.of(ClientKind.OKHTTP_PER_REQUEST, ClientKind.URLCONNECTION_UNREAD, ClientKind.GO_POST_UNCLOSED);

    private static String sockets(ScenarioResult r) {
        long total = r.sockets().clientSocketStates().values().stream().mapToLong(Long::longValue).sum();
        TreeSet<String> states = new TreeSet<>(r.sockets().clientSocketStates().keySet());
        if (r.setup().client() == ClientKind.NODE_FETCH && states.equals(java.util.Set.of("ESTABLISHED"))
                && total == r.sockets().clientConnectionsOpened()) {
            return "ESTABLISHED, every one (kept in the pool)";
        }
        if (states.isEmpty()) {
            return "none";
        }
        if (CLOSED_BY_THE_GARBAGE_COLLECTOR.contains(r.setup().client())) {
            assertThat(states).as("%s: states of its sockets, open or closed by a collection", r.setup().client())
                    .isSubsetOf("ESTABLISHED", "CLOSE_WAIT", "TIME_WAIT");
            return total + ": TIME_WAIT (closed by the garbage collector) or still open (ESTABLISHED, or CLOSE_WAIT once "
                    + "Node closed its idle side)";
        }
        if (r.setup().client() == ClientKind.GO_SHARED_DEFAULT && states.equals(java.util.Set.of("ESTABLISHED", "TIME_WAIT"))
                && r.sockets().clientSocketStates().get("ESTABLISHED") == 2 && total == r.sockets().clientConnectionsOpened()) {
            return "2 ESTABLISHED (the pool's idle ones), the others TIME_WAIT (closed: no room in the pool)";
        }
        if (ROOM_FOR_EVERY_THREAD.contains(r.setup().client()) && states.equals(java.util.Set.of("ESTABLISHED"))
                && total == r.sockets().clientConnectionsOpened()) {
            return "ESTABLISHED, every one (kept in the pool)";
        }
        if (SHARED_BY_THREADS.contains(r.setup().client()) && states.equals(java.util.Set.of("TIME_WAIT"))
                && total == r.sockets().clientConnectionsOpened()) {
            return "TIME_WAIT, one per connection (closed with the session)";
        }
        if (HELD_BY_THE_CLIENT.contains(r.setup().client())) {
            assertThat(states).as("%s: states of its sockets, held open by the client", r.setup().client())
                    .isSubsetOf("ESTABLISHED", "CLOSE_WAIT");
            return total + ": ESTABLISHED, or CLOSE_WAIT once Node closed its idle side (after 6 s)";
        }
        return states.size() == 1 ? total + " " + states.first() : total + ": " + String.join(" and ", states);
    }

    private static String firstFailure(ScenarioResult r) {
        if (r.clientSide().error() == null) {
            return "—";
        }
        // HttpClient 5 adds the measured wait ("actual: 1001 MILLISECONDS"), which varies by a millisecond or so.
        String message = r.clientSide().error().message().replaceAll("actual: \\d+ MILLISECONDS", "actual: … MILLISECONDS")
                // aiohttp names the host it connected to: the run's Node container, whose name varies with the stack
                .replaceAll("Cannot connect to host [^ ]+:(\\d+) ", "Cannot connect to host …:$1 ")
                // net/http names the URL and the address it dialled: the run's Node container's
                .replaceAll("^Post \"http://[^\"/]+:(\\d+)/", "Post \"http://…:$1/")
                .replaceAll("dial tcp [^ ]+:(\\d+): ", "dial tcp …:$1: ")
                // Node's net module names the address it connected to
                .replaceAll("connect EADDRNOTAVAIL [0-9.]+:(\\d+) ", "connect EADDRNOTAVAIL …:$1 ");
        return "`" + r.clientSide().error().type() + ": " + message + "`";
    }

    private static String recovery(ScenarioResult r) {
        if (r.clientSide().failed() == 0) {
            return "—";
        }
        Long ms = r.sockets().recoveredAfterMs();
        if (ms == null) {
            return "no: not within 120 s";
        }
        if (ms < 20_000) {
            return "yes, within 20 s";
        }
        Long sinceStart = LibraryClients.sinceLoadStartMs(r);
        if (r.setup().client() == ClientKind.GO_POST_UNCLOSED && sinceStart != null && sinceStart >= GO_KEEP_ALIVE_RECOVERY_MS[0]
                && sinceStart <= GO_KEEP_ALIVE_RECOVERY_MS[1]) {
            return "yes, about 66 s after the connections went idle (or a 30 s probe later): not by the client, by TCP "
                    + "keep-alive (see below)";
        }
        Long sinceTimeWait = LibraryClients.sinceFirstTimeWaitMs(r);
        if (r.setup().client() == ClientKind.RESTASSURED_DEFAULT && sinceTimeWait != null && sinceTimeWait <= 80_000) {
            // whichever comes first: a port's 60 s in TIME_WAIT, or a collection closing a connection Node closed first
            return "yes, within about 60 s (TIME_WAIT's 60 s, or sooner when a garbage collection closes a connection "
                    + "Node had closed: no TIME_WAIT then)";
        }
        if (sinceTimeWait != null && sinceTimeWait >= 55_000 && sinceTimeWait <= 80_000) {
            return "yes, after about 60 s (TIME_WAIT)";
        }
        return "yes, after " + Math.round(ms / 1000.0) + " s";
    }
}
