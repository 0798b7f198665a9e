package dev.portex.internal.sockets;

import static dev.portex.internal.sockets.ProcNetFixtures.JAVA_CLIENT_TCP6;
import static dev.portex.internal.sockets.ProcNetFixtures.PER_REQUEST_CLIENT;
import static dev.portex.internal.sockets.ProcNetFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses in /proc/net/tcp are 32-bit words in host (little-endian) order; ports are plain hex. */
@DisplayName("Decoding /proc/net/tcp addresses")
class ProcNetAddressDecodingTest {

    @ParameterizedTest(name = "{0} decodes to {1}")
    @CsvSource({
            "0100007F, 127.0.0.1",
            "00000000, 0.0.0.0",
            "030012AC, 172.18.0.3",
            "0B00007F, 127.0.0.11",
            "FFFFFFFF, 255.255.255.255",
            "00000000000000000000000000000000, ::",
            "00000000000000000000000001000000, ::1",
            "0000000000000000FFFF0000030012AC, ::ffff:172.18.0.3",
            "0000000000000000FFFF00000100007F, ::ffff:127.0.0.1",
            "B80D0120000000000000000001000000, 2001:db8::1",
            "000080FE000000000000000001000000, fe80::1",
            "B80D0120000000000100000001000000, 2001:db8::1:0:1",
            "B80D0120010000000000000001000000, 2001:db8:0:1::1",
            "B80D0120000001000000000001000000, 2001:db8:1::1",
            "B80D0120000000000000010001000000, 2001:db8::1:0:0:1",
            "000000FD000000000000000000000000, fd00::",
            "B80D0120010001000100010001000100, 2001:db8:1:1:1:1:1:1",
    })
    void decodesIpv4AndIpv6(String hex, String text) {
        assertThat(TcpSocketTable.decodeAddress(hex))
                .as("each 32-bit word is printed little-endian; IPv6 text is RFC 5952 (lowercase, longest zero run as ::)")
                .isEqualTo(text);
    }

    @ParameterizedTest(name = "''{0}'' is not an address column")
    @ValueSource(strings = {"", "0100007", "0100007F0", "GGGGGGGG", "0000000000000000FFFF0000030012A"})
    void refusesMalformedAddresses(String hex) {
        assertThatThrownBy(() -> TcpSocketTable.decodeAddress(hex))
                .as("only 8 or 32 hex digits are addresses")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 (IPv4) or 32 (IPv6) hex digits");
    }

    @Test
    @DisplayName("a TIME_WAIT line decodes to its endpoints, state and columns")
    void decodesATimeWaitLine() {
        SocketSnapshot s = table(PER_REQUEST_CLIENT).toRemotePort(8080).sockets().stream()
                .filter(x -> x.localPort() == 40000).findFirst().orElseThrow();

        assertThat(s.localEndpoint()).as("local 040012AC:9C40").isEqualTo("172.18.0.4:40000");
        assertThat(s.remoteEndpoint()).as("remote 030012AC:1F90").isEqualTo("172.18.0.3:8080");
        assertThat(s.state()).as("st 06").isEqualTo("TIME_WAIT");
        assertThat(s.stateCode()).as("st column value").isEqualTo(6);
        assertThat(s.ipv6()).as("from the IPv4 table").isFalse();
        assertThat(s.inode()).as("a TIME_WAIT socket has no inode").isZero();
    }

    @Test
    @DisplayName("a tcp6 line keeps its v4-mapped address and its uid and inode")
    void decodesAV4MappedLine() {
        SocketSnapshot s = table(JAVA_CLIENT_TCP6).inState("ESTABLISHED").sockets().get(0);

        assertThat(s.slot()).as("sl column").isEqualTo(1);
        assertThat(s.localAddress()).as("a Java dual-stack socket to an IPv4 peer").isEqualTo("::ffff:172.18.0.4");
        assertThat(s.remoteEndpoint()).as("IPv6 endpoint in brackets").isEqualTo("[::ffff:172.18.0.3]:8080");
        assertThat(s.ipv6()).as("from the tcp6 table").isTrue();
        assertThat(s.uid()).as("uid column").isEqualTo(1000);
        assertThat(s.inode()).as("inode column").isEqualTo(4100010);
    }
}
