package dev.portex.internal.sockets;

import static dev.portex.internal.sockets.ProcNetFixtures.EMPTY_TCP6;
import static dev.portex.internal.sockets.ProcNetFixtures.INGEST_SERVER;
import static dev.portex.internal.sockets.ProcNetFixtures.JAVA_CLIENT_TCP6;
import static dev.portex.internal.sockets.ProcNetFixtures.PER_REQUEST_CLIENT;
import static dev.portex.internal.sockets.ProcNetFixtures.POOLED_CLIENT;
import static dev.portex.internal.sockets.ProcNetFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The state histogram, what {@code ss -ant | awk '{print $1}' | sort | uniq -c} would show. */
@DisplayName("Socket state histogram from /proc/net/tcp")
class SocketStateHistogramTest {

    @Test
    @DisplayName("a per-request client holds 100 ports in TIME_WAIT")
    void perRequestClientIsAllTimeWait() {
        TcpSocketTable t = table(PER_REQUEST_CLIENT);

        assertThat(t.stateHistogram())
                .as("100 closed connections to the server, plus Docker's DNS listener on 127.0.0.11")
                .containsExactly(entry("TIME_WAIT", 100L), entry("LISTEN", 1L));
        assertThat(t.count("TIME_WAIT")).as("count of one state by name").isEqualTo(100);
        assertThat(t.size()).as("every socket line is parsed").isEqualTo(101);
    }

    @Test
    @DisplayName("a pooled client holds one ESTABLISHED connection")
    void pooledClientHasOneConnection() {
        TcpSocketTable t = table(POOLED_CLIENT);

        assertThat(t.stateHistogram())
                .as("keep-alive: one connection reused for every document, nothing in TIME_WAIT")
                .containsExactly(entry("ESTABLISHED", 1L), entry("LISTEN", 1L));
        assertThat(t.count("TIME_WAIT")).as("no closed connection waits").isZero();
    }

    @Test
    @DisplayName("the server namespace lists states in the kernel's code order")
    void serverHistogramInCodeOrder() {
        TcpSocketTable t = table(INGEST_SERVER);

        assertThat(t.stateHistogram())
                .as("ESTABLISHED (01), FIN_WAIT2 (05), TIME_WAIT (06), LISTEN (0A): 5 accepted + 2 to Elasticsearch")
                .containsExactly(entry("ESTABLISHED", 7L), entry("FIN_WAIT2", 1L), entry("TIME_WAIT", 50L),
                        entry("LISTEN", 2L));
    }

    @Test
    @DisplayName("tcp and tcp6 tables add up")
    void tcpAndTcp6AddUp() {
        TcpSocketTable t = table(PER_REQUEST_CLIENT, JAVA_CLIENT_TCP6, EMPTY_TCP6);

        assertThat(t.stateHistogram())
                .as("100 + 3 TIME_WAIT, 1 + 2 ESTABLISHED, 1 SYN_SENT, 1 + 1 LISTEN")
                .containsExactly(entry("ESTABLISHED", 3L), entry("SYN_SENT", 1L), entry("TIME_WAIT", 103L),
                        entry("LISTEN", 2L));
        assertThat(table(EMPTY_TCP6).stateHistogram()).as("a header-only table has no sockets").isEmpty();
    }

    @Test
    @DisplayName("the summary reads like uniq -c")
    void summaryLooksLikeUniqC() {
        assertThat(table(PER_REQUEST_CLIENT).summary())
                .as("one right-aligned count and state name per line")
                .isEqualTo("    100 TIME_WAIT" + System.lineSeparator() + "      1 LISTEN" + System.lineSeparator());
    }

    @ParameterizedTest(name = "state code {0} is {1}")
    @CsvSource({
            "01, ESTABLISHED", "02, SYN_SENT", "03, SYN_RECV", "04, FIN_WAIT1", "05, FIN_WAIT2", "06, TIME_WAIT",
            "07, CLOSE", "08, CLOSE_WAIT", "09, LAST_ACK", "0A, LISTEN", "0B, CLOSING", "0C, NEW_SYN_RECV",
            "00, UNKNOWN_00", "0D, UNKNOWN_0D", "FF, UNKNOWN_FF",
    })
    void stateCodesHaveTheKernelNames(String hex, String name) {
        assertThat(TcpSocketTable.stateName(Integer.parseInt(hex, 16)))
                .as("the st column %s names the state as in include/net/tcp_states.h", hex)
                .isEqualTo(name);
    }
}
