package dev.portex.internal.sockets;

import static dev.portex.internal.sockets.ProcNetFixtures.JAVA_CLIENT_TCP6;
import static dev.portex.internal.sockets.ProcNetFixtures.PER_REQUEST_CLIENT;
import static dev.portex.internal.sockets.ProcNetFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Odd but well-formed tables parse; text that is not such a table is refused with a clear message. */
@DisplayName("Parsing odd and broken /proc/net/tcp text")
class ProcNetTcpRobustnessTest {

    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    private static final String TIME_WAIT_LINE =
            "   0: 040012AC:9C40 030012AC:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000";

    @Test
    @DisplayName("blank lines, trailing blanks and CRLF line ends are ignored")
    void blankLinesTrailingSpacesAndCrlf() {
        String odd = "\r\n" + HEADER + "      \r\n\r\n" + TIME_WAIT_LINE + "    \r\n   \r\n";

        TcpSocketTable t = TcpSocketTable.parse(odd);

        assertThat(t.stateHistogram()).as("one TIME_WAIT socket despite the noise")
                .containsExactly(entry("TIME_WAIT", 1L));
    }

    @Test
    @DisplayName("an unknown state code is kept as UNKNOWN_XX")
    void unknownStateIsKept() {
        String text = HEADER + "\n" + TIME_WAIT_LINE.replace(" 06 ", " 1F ") + "\n";

        TcpSocketTable t = TcpSocketTable.parse(text);

        assertThat(t.stateHistogram()).as("a state this code does not know is counted, not dropped")
                .containsExactly(entry("UNKNOWN_1F", 1L));
        assertThat(t.distinctLocalPorts()).as("its port still counts as held").containsExactly(40000);
    }

    @Test
    @DisplayName("a line with only the first four columns, or extra ones, still parses")
    void shortAndLongLines() {
        String text = HEADER + "\n"
                + "   0: 040012AC:9C40 030012AC:1F90 01\n"
                + "   1: 040012AC:9C41 030012AC:1F90 1 00000000:00000000 00:00000000 00000000 1000 0 77 2 0 20 4 30 10 -1 extra x\n";

        TcpSocketTable t = TcpSocketTable.parse(text);

        assertThat(t.count("ESTABLISHED")).as("both lines parse").isEqualTo(2);
        assertThat(t.sockets().get(0).uid()).as("a missing uid column reads as -1").isEqualTo(-1);
        assertThat(t.sockets().get(1).inode()).as("inode read from column 10").isEqualTo(77);
    }

    @Test
    @DisplayName("concatenated tcp and tcp6 files (cat /proc/net/tcp /proc/net/tcp6) parse as one")
    void concatenatedTables() {
        TcpSocketTable joined = TcpSocketTable.parse(text(PER_REQUEST_CLIENT) + text(JAVA_CLIENT_TCP6));
        TcpSocketTable separate = TcpSocketTable.parse(text(PER_REQUEST_CLIENT), text(JAVA_CLIENT_TCP6));

        assertThat(joined.stateHistogram()).as("a second header in the middle starts the next table")
                .isEqualTo(separate.stateHistogram());
        assertThat(joined.size()).as("101 IPv4 + 8 IPv6 sockets").isEqualTo(109);
    }

    @Test
    @DisplayName("files are read from disk")
    void readsFiles(@TempDir Path dir) throws IOException {
        Path tcp = Files.writeString(dir.resolve("tcp"), text(PER_REQUEST_CLIENT));
        Path tcp6 = Files.writeString(dir.resolve("tcp6"), text(JAVA_CLIENT_TCP6));

        assertThat(TcpSocketTable.read(tcp, tcp6).count("TIME_WAIT")).as("100 + 3 TIME_WAIT").isEqualTo(103);
    }

    @ParameterizedTest(name = "empty text ''{0}'' is refused")
    @ValueSource(strings = {"", "   ", "\n\n"})
    void emptyTextIsRefused(String text) {
        assertThatThrownBy(() -> TcpSocketTable.parse(text))
                .as("a /proc/net/tcp table always has at least its header line")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a /proc/net/tcp table: the text is empty");
    }

    @Test
    @DisplayName("text without the header is refused, naming the line")
    void missingHeaderIsRefused() {
        assertThatThrownBy(() -> TcpSocketTable.parse("State Recv-Q Send-Q Local Address:Port\nTIME-WAIT 0 0 ..."))
                .as("ss output is not /proc/net/tcp; the message says what the first line should be")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a /proc/net/tcp table: line 1 should be the header "
                        + "'  sl  local_address rem_address   st tx_queue rx_queue tr ...', "
                        + "got 'State Recv-Q Send-Q Local Address:Port'");
    }

    @Test
    @DisplayName("socket lines without a header are refused too")
    void socketLinesWithoutHeaderAreRefused() {
        assertThatThrownBy(() -> TcpSocketTable.parse(TIME_WAIT_LINE))
                .as("the header proves the text is a /proc/net/tcp table")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a /proc/net/tcp table: line 1 should be the header");
    }

    @ParameterizedTest(name = "the socket line ''{0}'' is refused")
    @ValueSource(strings = {
            "   0: 040012AC:9C40 030012AC:1F90",
            "   0: 172.18.0.4:40000 172.18.0.3:8080 06",
            "   0: 040012AC:9C40 030012AC:1F90 TIME_WAIT",
            "   x: 040012AC:9C40 030012AC:1F90 06",
            "   0: 040012AC:19C40 030012AC:1F90 06",
            "   0: 040012AC 030012AC:1F90 06",
            "hello world",
    })
    void malformedSocketLinesAreRefused(String line) {
        assertThatThrownBy(() -> TcpSocketTable.parse(HEADER + "\n" + line + "\n"))
                .as("the message names the line and shows the expected shape")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a /proc/net/tcp table: line 2 should read "
                        + "'SL: LOCALIP:PORT REMOTEIP:PORT ST ...' in hex")
                .hasMessageEndingWith("got '" + line.strip() + "'");
    }
}
