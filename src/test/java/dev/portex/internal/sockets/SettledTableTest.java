package dev.portex.internal.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A socket table read for the end of a load waits for the closes under way, at most a second. */
@DisplayName("A settled socket table")
class SettledTableTest {
    /** The Node server's table: one connection towards Elasticsearch in FIN_WAIT2. */
    static final TcpSocketTable CLOSING = ProcNetFixtures.table(ProcNetFixtures.INGEST_SERVER);
    static final TcpSocketTable DONE = ProcNetFixtures.table(ProcNetFixtures.PER_REQUEST_CLIENT);

    @Test
    @DisplayName("is read again while a socket is half-way through its close, and returned once none is")
    void waitsForClosesUnderWay() {
        Deque<TcpSocketTable> reads = new ArrayDeque<>(List.of(CLOSING, CLOSING, DONE));
        int[] count = {0};

        TcpSocketTable settled = TcpSocketTable.settled(() -> {
            count[0]++;
            return reads.size() > 1 ? reads.pop() : reads.peek();
        }, Duration.ofSeconds(5));

        assertThat(CLOSING.closing()).as("sockets of the fixture in FIN_WAIT1/2, CLOSING or LAST_ACK").isEqualTo(1);
        assertThat(settled).as("the table returned: the first with no close under way").isSameAs(DONE);
        assertThat(count[0]).as("reads: two while one socket was closing, then the settled one").isEqualTo(3);
    }

    @Test
    @DisplayName("is returned as it is once the limit has passed: a peer that never closes its side keeps FIN_WAIT2")
    void givesUpAtTheLimit() {
        long started = System.nanoTime();

        TcpSocketTable settled = TcpSocketTable.settled(() -> CLOSING, Duration.ofMillis(200));

        assertThat(settled.closing()).as("the FIN_WAIT2 socket, still there").isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("how long it waited: the limit, not forever")
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
}
