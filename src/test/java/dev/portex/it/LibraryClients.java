package dev.portex.it;

import dev.portex.model.ClientKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the library client ITs share (the Java clients, and the Python ones beside requests): how a variant is run (one thread, full speed, and after a
 * failure the same client retries for up to 120 s), and the assertions that hold for every variant that
 * runs a 100-port range out.
 */
final class LibraryClients {
    /** Documents per run: 60 more than the 100 ports of each test's range. */
    static final int DOCS = 160;

    private LibraryClients() {
    }

    /**
     * The clients whose row holds at full speed only (see {@link #run}): their abandoned connections are let go once Node's
     * keep-alive timeout (5 s, plus Node 24's 1 s) closed them, by the garbage collector or the JDK's pool, so a client
     * slowed down by the runs beside it gets more than 100 documents through (133 measured so for restassured-default).
     * The others hold their ports however long the run takes (OkHttp's pools for 5 minutes, HttpClient 5's leases for
     * good) or reuse one connection.
     */
    /**
     * Shared clients whose "at most one connection per thread" holds at full speed only, so their load runs alone: Go's
     * transport dials a new connection for a request that finds none idle, and on a busy machine a goroutine's next
     * request came before its last connection was back in the pool (a clean-clone run of 2026-12-04: go-shared-idle
     * opened 9 connections for 8 goroutines, the 9th closed for want of room in the pool).
     */
    static final Set<ClientKind> SHARED_ALONE = EnumSet.of(ClientKind.GO_SHARED_IDLE);

    static final Set<ClientKind> FULL_SPEED_ONLY = EnumSet.of(ClientKind.RESTASSURED_DEFAULT, ClientKind.JDK_PER_REQUEST,
            ClientKind.URLCONNECTION_UNREAD);

    /**
     * Runs {@code client} on the 100 ports from {@code low}, waiting for recovery after a failure; alone (see
     * {@link Incident#runAlone}) where the table's "one thread at full speed" is what makes the row true.
     */
    static ScenarioResult run(Incident incident, String client, int low, int docs) {
        Scenario scenario = Scenario.of(ClientKind.byName(client), new PortRange(low, low + 99), docs).withAwaitRecovery(true);
        ScenarioResult r = FULL_SPEED_ONLY.contains(scenario.client()) ? incident.runAlone(scenario) : incident.run(scenario);
        // One line per run in the test output: the numbers behind the row in docs/clients.md, for whoever updates it.
        System.out.printf("measured %s: acknowledged %d, failed %d, first failure at %s (%s), connections %d, "
                        + "local ports %d, sockets %s, recovered after %s ms, load %d ms%n",
                r.setup().client(), r.clientSide().acknowledged(), r.clientSide().failed(), r.clientSide().firstFailureAt(),
                r.clientSide().error(), r.sockets().clientConnectionsOpened(), r.sockets().localPortsUsed(),
                r.sockets().clientSocketStates(), r.sockets().recoveredAfterMs(), r.timing().durationMs());
        return r;
    }

    /**
     * Runs {@code client} shared by {@code concurrency} threads (or goroutines) of one process: {@code docs} documents on
     * the 8,000 ports from {@code low}, which they never run out of.
     */
    static ScenarioResult runShared(Incident incident, String client, int low, int docs, int concurrency) {
        Scenario scenario = Scenario.of(ClientKind.byName(client), new PortRange(low, low + 7999), docs).withConcurrency(concurrency);
        ScenarioResult r = SHARED_ALONE.contains(scenario.client()) ? incident.runAlone(scenario) : incident.run(scenario);
        System.out.printf("measured %s with concurrency %d: acknowledged %d, connections %d, sockets %s, load %d ms%n", client,
                concurrency, r.clientSide().acknowledged(), r.sockets().clientConnectionsOpened(), r.sockets().clientSocketStates(),
                r.timing().durationMs());
        return r;
    }

    /** Exactly 100 documents, one connection and one port each, then EADDRNOTAVAIL as the library reports it. */
    static void assertRunsOutOfPortsAt101(ScenarioResult r, String exceptionType, Incident incident) {
        assertThat(r.clientSide().acknowledged()).as("%s: documents acknowledged on 100 ports", r.setup().client()).isEqualTo(100);
        assertThat(r.clientSide().firstFailureAt()).as("%s: the first failing document", r.setup().client()).isEqualTo(101);
        assertThat(r.clientSide().failed()).as("%s: every later document fails too", r.setup().client()).isEqualTo(DOCS - 100);
        assertThat(r.clientSide().error()).as("%s: the first failure", r.setup().client()).isNotNull();
        assertThat(r.clientSide().error().type()).as("%s: the exception the library throws", r.setup().client()).isEqualTo(exceptionType);
        assertThat(r.clientSide().error().message()).as("%s: its message (errno 99, EADDRNOTAVAIL)", r.setup().client())
                .isEqualTo("Cannot assign requested address");
        assertThat(r.sockets().clientConnectionsOpened()).as("%s: connections opened (kernel ActiveOpens): one per document",
                r.setup().client()).isEqualTo(100);
        assertThat(r.sockets().localPortsUsed()).as("%s: local ports still taken at the end of the load", r.setup().client())
                .isEqualTo(100);
        assertThat(r.serverSide().serverReceived()).as("%s: requests Node received: the failing ones never left the client",
                r.setup().client()).isEqualTo(100);
        incident.assertElasticsearchHolds(r, 100);
    }

    /**
     * Milliseconds from the first port of the run entering TIME_WAIT to the first new connection that got an answer
     * after the failure, or null where the run did not recover or no sample counted a TIME_WAIT socket.
     *
     * <p>{@code recoveredAfterMs} counts from the first failure, but a port comes back 60 s after it entered TIME_WAIT,
     * which for a client whose sockets a garbage collection closes can be long before that failure: the slower the
     * load (runs beside it take the CPU), the earlier. Both moments are read from the samples (every 200 ms, each run
     * in a namespace of its own): the first that counts a TIME_WAIT socket and the first that counts a failure.
     */
    static Long sinceFirstTimeWaitMs(ScenarioResult r) {
        Long recovered = sinceLoadStartMs(r);
        var firstTimeWait = r.timing().samples() == null ? java.util.OptionalLong.empty()
                : r.timing().samples().stream().filter(s -> s.timeWait() > 0).mapToLong(s -> s.tMs()).min();
        return recovered == null || firstTimeWait.isEmpty() ? null : recovered - firstTimeWait.getAsLong();
    }

    /**
     * Milliseconds from the start of the load to the first new connection that got an answer after the failure (the
     * first sample that counts a failure, plus {@code recoveredAfterMs}), or null where the run did not recover: for a
     * client whose ports come back a fixed time after the connections went idle, not after the failure, which a slower
     * load moves.
     */
    static Long sinceLoadStartMs(ScenarioResult r) {
        Long recovered = r.sockets().recoveredAfterMs();
        var samples = r.timing().samples();
        if (recovered == null || samples == null) {
            return null;
        }
        var firstFailure = samples.stream().filter(s -> s.failed() > 0).mapToLong(s -> s.tMs()).min();
        return firstFailure.isEmpty() ? null : firstFailure.getAsLong() + recovered;
    }

    /** Every document over one connection, still open at the end of the load. */
    static void assertOneConnectionForEverything(ScenarioResult r) {
        assertThat(r.clientSide().failed()).as("%s: failed documents (first error: %s)", r.setup().client(), r.clientSide().error()).isZero();
        assertThat(r.clientSide().acknowledged()).as("%s: documents acknowledged", r.setup().client()).isEqualTo(DOCS);
        assertThat(r.sockets().clientConnectionsOpened()).as("%s: connections opened for %d documents", r.setup().client(), DOCS)
                .isEqualTo(1);
        assertThat(r.sockets().clientSocketStates()).as("%s: sockets towards Node at the end of the load", r.setup().client())
                .containsExactlyEntriesOf(java.util.Map.of("ESTABLISHED", 1L));
    }

    /**
     * Every one of the 100 connections still held by the client at the end of the load: ESTABLISHED, or CLOSE_WAIT once
     * Node closed its side after 6 s idle (keepAliveTimeout 5 s plus its 1 s buffer); how many of each depends on how
     * long the load took (a CI runner under load: 25 of 100 measured in CLOSE_WAIT), never TIME_WAIT: the client closed none.
     */
    static void assertEveryConnectionHeldByTheClient(ScenarioResult r) {
        java.util.Map<String, Long> states = r.sockets().clientSocketStates();
        assertThat(states.keySet()).as("%s: states of its sockets at the end of the load: held open by the client (ESTABLISHED), "
                + "or by the client after Node closed its idle side (CLOSE_WAIT); TIME_WAIT would mean the client closed them", r.setup().client())
                .isSubsetOf("ESTABLISHED", "CLOSE_WAIT");
        assertThat(states.values().stream().mapToLong(Long::longValue).sum())
                .as("%s: sockets held at the end of the load, one per acknowledged document (%s)", r.setup().client(), states)
                .isEqualTo(100L);
    }
}
