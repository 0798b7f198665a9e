package dev.portex.it;

import dev.portex.model.Sample;
import dev.portex.model.ScenarioResult;
import java.util.List;

/**
 * The ways a port of a run's range can carry a second document in a run of a new connection per document, each counted
 * from the run's own numbers; with none of them, every port carries exactly one. A closed connection holds its port in
 * TIME_WAIT for 60 s, except when it left no TIME_WAIT or that TIME_WAIT ran out before the load ended:
 * <ul>
 *   <li>Node closed first: idle 6 s between its answer and the client's close (a busy machine), Node's keep-alive
 *       time-out closes it, the client closes second and keeps no TIME_WAIT (2001 on 2000 ports measured once, on a
 *       loaded 2-core runner);</li>
 *   <li>the client reset the connection (OutRsts: an RST leaves no TIME_WAIT), or the connection ended in a reset it
 *       received (EstabResets);</li>
 *   <li>the load outlasted TIME_WAIT's 60 s: the ports of the documents acknowledged more than 59 s before its end are
 *       free again before it ends (59: TIME_WAIT is 60 s, less a second of sampling);</li>
 *   <li>what the client's kernel counted itself, whatever the cause: connections that never went into TIME_WAIT
 *       (connections opened less TcpExt TW), and TIME_WAITs that ended before their 60 s (TWRecycled, TWKilled). The
 *       first three are causes that it also counts; the sum is an upper bound, each port freed early counted at least
 *       once. (A reset that ends a TIME_WAIT has no counter: the namespaces set tcp_rfc1337=1 so that none does; before,
 *       91 on 90 ports, 251 on 250 and 2001 on 2000 were measured once each on a busy 2-core machine.)</li>
 * </ul>
 *
 * @param closedByNodeFirst  Node's keep-alive closes of the client's connections
 * @param resetByTheClient   resets the client's namespace sent
 * @param resetConnections   the client's established connections that ended in a reset
 * @param outlastedTimeWait  documents acknowledged more than 59 s before the end of the load
 * @param neverInTimeWait    connections of the client that never went into TIME_WAIT, as its kernel counted
 * @param timeWaitEndedEarly TIME_WAITs of the client that its kernel ended before their 60 s
 */
record PortsFreedEarly(long closedByNodeFirst, long resetByTheClient, long resetConnections, long outlastedTimeWait,
                       long neverInTimeWait, long timeWaitEndedEarly) {

    static PortsFreedEarly of(ScenarioResult r) {
        List<Sample> samples = r.timing().samples() == null ? List.of() : r.timing().samples();
        return new PortsFreedEarly(
                r.serverSide().serverKeepAliveTimeouts() == null ? 0 : r.serverSide().serverKeepAliveTimeouts(),
                r.sockets().clientResetsSent(),
                r.sockets().clientConnectionsReset() == null ? 0 : r.sockets().clientConnectionsReset(),
                samples.stream().filter(s -> s.tMs() <= r.timing().durationMs() - 59_000).mapToLong(Sample::acknowledged)
                        .max().orElse(0),
                r.sockets().clientTimeWaitsEntered() == null ? 0
                        : Math.max(0, r.sockets().clientConnectionsOpened() - r.sockets().clientTimeWaitsEntered()),
                r.sockets().clientTimeWaitsEndedEarly() == null ? 0 : r.sockets().clientTimeWaitsEndedEarly());
    }

    /**
     * What a docs row shows of {@code documents} that went through {@code ports} before they ran out: one per port where
     * each document beyond them went through a port counted as freed early (the check allowed it), else the documents;
     * so that the row is the same every run.
     */
    static long shownPerPort(ScenarioResult r, long documents, long ports) {
        long extra = documents - ports;
        return extra > 0 && extra <= of(r).total() ? ports : documents;
    }

    /** At most this many documents more than the range has ports. */
    long total() {
        return closedByNodeFirst + resetByTheClient + resetConnections + outlastedTimeWait + neverInTimeWait
                + timeWaitEndedEarly;
    }

    /** For an assertion's message: each count, the load's duration and the sockets it left. */
    String explain(ScenarioResult r) {
        return String.format("one per port, and at most one more per connection that Node closed first (%d), that the client "
                        + "reset (%d), that ended in a reset (%d), or whose TIME_WAIT ran out during the load (%d acknowledged "
                        + "more than 59 s before its end), that the kernel saw leave no TIME_WAIT (%d of %d opened; TW %s) "
                        + "or end its TIME_WAIT early (%d); load %d ms, TIME_WAIT at the end %d, states %s",
                closedByNodeFirst, resetByTheClient, resetConnections, outlastedTimeWait, neverInTimeWait,
                r.sockets().clientConnectionsOpened(), r.sockets().clientTimeWaitsEntered(), timeWaitEndedEarly,
                r.timing().durationMs(), r.sockets().clientTimeWait(), r.sockets().clientSocketStates());
    }
}
