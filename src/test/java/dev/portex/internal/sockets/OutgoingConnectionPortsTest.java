package dev.portex.internal.sockets;

import static dev.portex.internal.sockets.ProcNetFixtures.INGEST_SERVER;
import static dev.portex.internal.sockets.ProcNetFixtures.JAVA_CLIENT_TCP6;
import static dev.portex.internal.sockets.ProcNetFixtures.PER_REQUEST_CLIENT;
import static dev.portex.internal.sockets.ProcNetFixtures.POOLED_CLIENT;
import static dev.portex.internal.sockets.ProcNetFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The ephemeral ports a namespace holds for connections it opened, in any state but LISTEN. */
@DisplayName("Local ports of outgoing connections")
class OutgoingConnectionPortsTest {

    @Test
    @DisplayName("a per-request client holds every port of its 40000-40099 range")
    void perRequestClientHoldsTheWholeRange() {
        TcpSocketTable t = table(PER_REQUEST_CLIENT);

        assertThat(t.distinctLocalPorts())
                .as("100 documents, 100 new connections, each on its own port, all still in TIME_WAIT")
                .containsExactlyElementsOf(IntStream.rangeClosed(40000, 40099).boxed().toList());
        assertThat(t.distinctLocalPortCount()).as("the listener's port 36143 is not an outgoing port").isEqualTo(100);
        assertThat(t.remoteEndpoints()).as("every connection went to the ingest server")
                .containsExactly("172.18.0.3:8080");
        assertThat(t.distinctLocalPorts(8080)).as("filtering by the server's port keeps them all").hasSize(100);
    }

    @Test
    @DisplayName("a pooled client holds one port")
    void pooledClientHoldsOnePort() {
        TcpSocketTable t = table(POOLED_CLIENT);

        assertThat(t.distinctLocalPorts()).as("one keep-alive connection, one port").containsExactly(40017);
        assertThat(t.remoteEndpoints()).as("to the ingest server").containsExactly("172.18.0.3:8080");
    }

    @Test
    @DisplayName("on the server, accepted connections are not outgoing; the Elasticsearch leg is")
    void serverSeparatesAcceptedFromOutgoing() {
        TcpSocketTable t = table(INGEST_SERVER);

        assertThat(t.listeningPorts()).as("Node listens on 8080, Docker's DNS on 41237").containsExactly(8080, 41237);
        assertThat(t.reachableListeningPorts()).as("of those, the ones another container reaches: not DNS's on 127.0.0.11")
                .containsExactly(8080);
        assertThat(t.remoteEndpoints())
                .as("sockets on local port 8080 are connections the server accepted, not ones it opened")
                .containsExactly("172.18.0.2:9200");
        assertThat(t.distinctLocalPorts())
                .as("50 TIME_WAIT + 2 ESTABLISHED + 1 FIN_WAIT2 towards Elasticsearch")
                .containsExactlyElementsOf(IntStream.rangeClosed(40000, 40052).boxed().toList());
    }

    @Test
    @DisplayName("filtering by remote port counts the ports towards one service")
    void filterByRemotePort() {
        TcpSocketTable t = table(INGEST_SERVER);

        assertThat(t.distinctLocalPorts(9200)).as("ports towards Elasticsearch").hasSize(53);
        assertThat(t.toRemotePort(9200).inState("TIME_WAIT").distinctLocalPortCount())
                .as("of which in TIME_WAIT").isEqualTo(50);
        assertThat(t.distinctLocalPorts(8080)).as("the server opened no connection to port 8080").isEmpty();
        assertThat(t.toRemotePort(9200).stateHistogram())
                .as("histogram of the Elasticsearch leg only")
                .containsOnlyKeys("ESTABLISHED", "FIN_WAIT2", "TIME_WAIT");
    }

    @Test
    @DisplayName("in tcp6, v4-mapped, loopback and global connections are all outgoing ports")
    void tcp6OutgoingPorts() {
        TcpSocketTable t = table(JAVA_CLIENT_TCP6);

        assertThat(t.distinctLocalPorts())
                .as("40001-40004 to ::ffff:172.18.0.3, 40005 to 2001:db8::3, 45678 to ::1 (its peer's port 9200 listens)")
                .containsExactly(40001, 40002, 40003, 40004, 40005, 45678);
        assertThat(t.remoteEndpoints())
                .as("IPv6 endpoints in brackets, v4-mapped ones in ::ffff: form")
                .containsExactly("[2001:db8::3]:8080", "[::1]:9200", "[::ffff:172.18.0.3]:8080");
        assertThat(t.distinctLocalPorts(8080)).as("v4-mapped and global IPv6 to port 8080")
                .containsExactly(40001, 40002, 40003, 40004, 40005);
    }
}
