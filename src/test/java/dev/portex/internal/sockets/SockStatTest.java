package dev.portex.internal.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /proc/net/sockstat} as captured on the development VM (kernel 6.18), under
 * src/test/resources/proc-net-sockstat/: the host's, and a scratch network namespace's ({@code unshare -n})
 * after 1,000 IPv4 and 300 IPv6 loopback connections its client closed first.
 */
@DisplayName("Parsing /proc/net/sockstat")
class SockStatTest {

    /** The host: 9 TCP sockets in use, 1 in TIME_WAIT. */
    static final String HOST = "host.sockstat";
    static final String HOST_6 = "host.sockstat6";
    /** The scratch namespace: 1,000 IPv4 + 300 IPv6 TIME_WAIT sockets, nothing else. */
    static final String NAMESPACE_1300_TIME_WAIT = "namespace-1300-time-wait.sockstat";
    static final String NAMESPACE_1300_TIME_WAIT_6 = "namespace-1300-time-wait.sockstat6";

    private static final String TCP_LINE = "TCP: inuse 0 orphan 0 tw 1300 alloc 26 mem 0";

    static String text(String name) {
        try (InputStream in = SockStatTest.class.getResourceAsStream("/proc-net-sockstat/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource proc-net-sockstat/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("the namespace's TIME_WAIT count is the TCP line's tw: IPv4 and IPv6 together")
    void timeWaitOfBothFamilies() {
        SockStat s = SockStat.parse(text(NAMESPACE_1300_TIME_WAIT));

        assertThat(s.tcpTimeWait()).as("1,000 IPv4 + 300 IPv6 TIME_WAIT sockets").isEqualTo(1300);
        assertThat(s.tcpInUse()).as("no socket left in any other state").isZero();
    }

    @Test
    @DisplayName("the host's file: every protocol line is kept, in file order")
    void hostFile() {
        SockStat s = SockStat.parse(text(HOST));

        assertThat(s.tcpTimeWait()).as("tw of the host").isEqualTo(1);
        assertThat(s.tcpInUse()).as("inuse of the host").isEqualTo(9);
        assertThat(s.protocols()).as("the lines of the file")
                .containsKeys("sockets", "TCP", "UDP", "UDPLITE", "RAW", "FRAG");
        assertThat(s.protocols().get("TCP")).as("the TCP line's counters in order")
                .containsExactly(entry("inuse", 9L), entry("orphan", 0L), entry("tw", 1L), entry("alloc", 26L),
                        entry("mem", 0L));
        assertThat(s.protocols().get("FRAG")).as("FRAG's 'memory'").containsExactly(entry("inuse", 0L),
                entry("memory", 0L));
    }

    @ParameterizedTest(name = "{0} has no TIME_WAIT count: refused")
    @ValueSource(strings = {HOST_6, NAMESPACE_1300_TIME_WAIT_6})
    void sockstat6HasNoTimeWait(String name) {
        assertThat(text(name)).as("the captured sockstat6 has a TCP6 line").contains("TCP6: inuse");

        assertThatThrownBy(() -> SockStat.parse(text(name)))
                .as("sockstat6's TCP6 line has only inuse; the TIME_WAIT count is in sockstat")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not /proc/net/sockstat: no 'TCP:' line; expected "
                        + "'TCP: inuse N orphan N tw N alloc N mem N' (/proc/net/sockstat6 has only 'TCP6: inuse N')");
    }

    @Test
    @DisplayName("blank lines, trailing blanks, CRLF, unknown protocols and keys are accepted")
    void oddButWellFormed() {
        String odd = "\r\nsockets: used 3   \r\n\r\n" + TCP_LINE + " future 7\r\nMPTCP: inuse 2\r\n";

        SockStat s = SockStat.parse(odd);

        assertThat(s.tcpTimeWait()).as("tw despite the noise").isEqualTo(1300);
        assertThat(s.protocols().get("TCP")).as("a key the kernel may add later is kept").containsEntry("future", 7L);
        assertThat(s.protocols()).as("an unknown protocol is kept").containsKey("MPTCP");
    }

    @Test
    @DisplayName("the file is read from disk")
    void readsFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("sockstat"), text(NAMESPACE_1300_TIME_WAIT));

        assertThat(SockStat.read(file).tcpTimeWait()).as("tw read from the file").isEqualTo(1300);
    }

    @ParameterizedTest(name = "empty text ''{0}'' is refused")
    @ValueSource(strings = {"", "   ", "\n\n"})
    void emptyTextIsRefused(String text) {
        assertThatThrownBy(() -> SockStat.parse(text))
                .as("sockstat always has its TCP line")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not /proc/net/sockstat: the text is empty");
    }

    @Test
    @DisplayName("a file without the TCP line is refused")
    void missingTcpLineIsRefused() {
        String withoutTcp = text(HOST).replaceAll("(?m)^TCP:.*\\R", "");

        assertThatThrownBy(() -> SockStat.parse(withoutTcp))
                .as("no TCP line, no TIME_WAIT count; the message shows the expected line")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not /proc/net/sockstat: no 'TCP:' line; expected "
                        + "'TCP: inuse N orphan N tw N alloc N mem N'");
    }

    @ParameterizedTest(name = "the TCP line without ''{0}'' is refused")
    @ValueSource(strings = {"tw", "inuse"})
    void tcpLineWithoutACounterIsRefused(String key) {
        String line = TCP_LINE.replaceAll(key + " \\d+ ?", "").strip();

        assertThatThrownBy(() -> SockStat.parse("sockets: used 0\n" + line + "\n"))
                .as("the message names the missing counter and shows the line")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not /proc/net/sockstat: the 'TCP:' line has no '" + key + "'")
                .hasMessageEndingWith("got '" + line + "'");
    }

    @Test
    @DisplayName("a second TCP line is refused")
    void repeatedProtocolIsRefused() {
        assertThatThrownBy(() -> SockStat.parse(TCP_LINE + "\n" + TCP_LINE + "\n"))
                .as("two files concatenated are not one namespace's counts")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not /proc/net/sockstat: line 2 repeats 'TCP:'");
    }

    @ParameterizedTest(name = "the line ''{0}'' is refused")
    @ValueSource(strings = {
            "TCP: inuse 0 orphan 0 tw",
            "TCP: inuse 0 orphan 0 tw many alloc 26 mem 0",
            "TCP: inuse 0 orphan 0 tw -3 alloc 26 mem 0",
            "TCP inuse 0 orphan 0 tw 1300 alloc 26 mem 0",
            "TCP: 0 inuse 0 orphan",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "hello world",
    })
    void malformedLinesAreRefused(String line) {
        assertThatThrownBy(() -> SockStat.parse("sockets: used 0\n" + line + "\n"))
                .as("the message names the line and shows the expected shape")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not /proc/net/sockstat: line 2 should read 'NAME: key N key N ...', e.g. "
                        + "'TCP: inuse N orphan N tw N alloc N mem N'")
                .hasMessageEndingWith("got '" + line.strip() + "'");
    }
}
