package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** PortRange: LOW-HIGH text in and out, inclusive size, and clear errors. */
@DisplayName("PortRange")
class PortRangeParsingTest {

    @ParameterizedTest(name = "''{0}'' is the range {1}..{2} holding {3} ports")
    @CsvSource(delimiter = '|', value = {
            "32768-60999   | 32768 | 60999 | 28232",
            "40000-40099   | 40000 | 40099 | 100",
            "40000-40136   | 40000 | 40136 | 137",
            "1024-65535    | 1024  | 65535 | 64512",
            "40000-40001   | 40000 | 40001 | 2",
            "' 40000 - 40090 ' | 40000 | 40090 | 91",
    })
    void parsesLowDashHigh(String text, int low, int high, int size) {
        PortRange range = PortRange.parse(text);

        assertThat(range.low()).as("low end of '%s'", text).isEqualTo(low);
        assertThat(range.high()).as("high end of '%s'", text).isEqualTo(high);
        assertThat(range.size()).as("both ends count: high - low + 1").isEqualTo(size);
    }

    @Test
    @DisplayName("toString gives LOW-HIGH, which parse reads back")
    void toStringRoundTrips() {
        PortRange range = new PortRange(40000, 40099);

        assertThat(range).as("toString is the CLI's LOW-HIGH form").hasToString("40000-40099");
        assertThat(PortRange.parse(range.toString())).as("parse(toString()) is the same range").isEqualTo(range);
    }

    @Test
    @DisplayName("the kernel's 'LOW<TAB>HIGH' from ip_local_port_range reads and writes back")
    void sysctlFormRoundTrips() {
        PortRange range = PortRange.parseSysctl("32768\t60999\n");

        assertThat(range).as("/proc/sys/net/ipv4/ip_local_port_range content").isEqualTo(PortRange.LINUX_DEFAULT);
        assertThat(range.toSysctl()).as("value for sysctl net.ipv4.ip_local_port_range").isEqualTo("32768 60999");
        assertThatThrownBy(() -> PortRange.parseSysctl("32768-60999"))
                .as("the sysctl form has blanks, not a dash")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ip_local_port_range must look like 'LOW HIGH', e.g. '32768 60999', got '32768-60999'");
    }

    @Test
    @DisplayName("contains is inclusive at both ends")
    void containsBothEnds() {
        PortRange range = PortRange.parse("40000-40099");

        assertThat(range.contains(40000)).as("low end is in the range").isTrue();
        assertThat(range.contains(40099)).as("high end is in the range").isTrue();
        assertThat(range.contains(40100)).as("one past the high end is not").isFalse();
        assertThat(range.contains(39999)).as("one below the low end is not").isFalse();
    }

    @ParameterizedTest(name = "''{0}'' is refused as not LOW-HIGH")
    @ValueSource(strings = {"abc", "40000:40100", "40000", "40000-", "-40000", "40000-40100-40200", "4e4-5e4",
            "-5-100", "40000 40100"})
    void refusesTextThatIsNotLowDashHigh(String text) {
        assertThatThrownBy(() -> PortRange.parse(text))
                .as("'%s' is not of the form LOW-HIGH; the message should show an example", text)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port range must look like LOW-HIGH, e.g. 40000-40136, got '" + text + "'");
    }

    @ParameterizedTest(name = "an empty range text is refused")
    @NullAndEmptySource
    void refusesNothing(String text) {
        assertThatThrownBy(() -> PortRange.parse(text))
                .as("no text at all is not a range")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("port range must look like LOW-HIGH, e.g. 40000-40136, got ");
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "60999-32768           | port range 60999-32768 is reversed: give LOW-HIGH with LOW <= HIGH",
            "80-1000               | port range must lie within 1024..65535, got 80-1000",
            "1023-2000             | port range must lie within 1024..65535, got 1023-2000",
            "40000-65536           | port range must lie within 1024..65535, got 40000-65536",
            "40000-99999999999     | port range must lie within 1024..65535, got 40000-99999999999",
            "40000-40000           | a port range needs at least 2 ports, got 40000-40000",
    })
    void refusesBadRanges(String text, String message) {
        assertThatThrownBy(() -> PortRange.parse(text))
                .as("'%s' has the right form but is not a usable range", text)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    @DisplayName("in JSON a range is its LOW-HIGH string, both ways")
    void jsonIsTheLowDashHighString() throws Exception {
        ObjectMapper mapper = new ObjectMapper();

        assertThat(mapper.writeValueAsString(new PortRange(40000, 40099)))
                .as("serialised as a JSON string").isEqualTo("\"40000-40099\"");
        assertThat(mapper.readValue("\"40000-40099\"", PortRange.class))
                .as("deserialised through parse").isEqualTo(new PortRange(40000, 40099));
    }
}
