package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ephemeral port range {@code low..high}, both ends inclusive, as in
 * {@code /proc/sys/net/ipv4/ip_local_port_range}. {@link #size()} is {@code high - low + 1}:
 * 32768-60999 holds 28,232 ports, not the 28,231 that {@code 60999 - 32768} gives.
 *
 * <p>Every way of making one validates it; errors are {@link IllegalArgumentException}s whose
 * message names the problem and the fix. In JSON a range is the string {@code "LOW-HIGH"}.
 */
public record PortRange(int low, int high) {

    /** Lowest port this project accepts in a range (below it are the privileged ports). */
    public static final int MIN_PORT = 1024;
    /** Highest TCP port. */
    public static final int MAX_PORT = 65535;
    /** Linux's default ephemeral range, the incident's range. */
    public static final PortRange LINUX_DEFAULT = new PortRange(32768, 60999);
    /** The widest range allowed here: 1024-65535, 64,512 ports. */
    public static final PortRange WIDEST = new PortRange(MIN_PORT, MAX_PORT);

    private static final Pattern DASHED = Pattern.compile("(\\d{1,18})\\s*-\\s*(\\d{1,18})");
    private static final Pattern SYSCTL = Pattern.compile("(\\d{1,18})\\s+(\\d{1,18})");

    public PortRange {
        check(low, high, low + "-" + high);
    }

    /**
     * Parses {@code "LOW-HIGH"}, e.g. {@code "40000-40136"} (surrounding blanks are ignored).
     *
     * @throws IllegalArgumentException if the text is not of that form or the range is invalid
     */
    @JsonCreator
    public static PortRange parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("port range must look like LOW-HIGH, e.g. 40000-40136, got nothing");
        }
        Matcher m = DASHED.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "port range must look like LOW-HIGH, e.g. 40000-40136, got '" + text + "'");
        }
        return of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), text.strip());
    }

    /**
     * Parses the kernel's spelling, the content of {@code /proc/sys/net/ipv4/ip_local_port_range}:
     * {@code "32768\t60999"} (two numbers separated by blanks, trailing newline allowed).
     */
    public static PortRange parseSysctl(String text) {
        Matcher m = text == null ? null : SYSCTL.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("ip_local_port_range must look like 'LOW HIGH', e.g. '32768 60999', got "
                    + (text == null ? "nothing" : "'" + text.strip() + "'"));
        }
        return of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(1) + "-" + m.group(2));
    }

    private static PortRange of(long low, long high, String shown) {
        if (low > MAX_PORT || high > MAX_PORT) {
            check(-1, -1, shown); // out of bounds: same message as for ints
        }
        return new PortRange((int) low, (int) high);
    }

    private static void check(long low, long high, String shown) {
        if (low < MIN_PORT || high < MIN_PORT || low > MAX_PORT || high > MAX_PORT) {
            throw new IllegalArgumentException("port range must lie within " + MIN_PORT + ".." + MAX_PORT
                    + ", got " + shown);
        }
        if (low > high) {
            throw new IllegalArgumentException("port range " + shown
                    + " is reversed: give LOW-HIGH with LOW <= HIGH");
        }
        if (low == high) {
            throw new IllegalArgumentException("a port range needs at least 2 ports, got " + shown);
        }
    }

    /** Number of ports in the range, both ends included: {@code high - low + 1}. */
    public int size() {
        return high - low + 1;
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    /** The kernel's spelling, for {@code sysctl net.ipv4.ip_local_port_range="LOW HIGH"}. */
    public String toSysctl() {
        return low + " " + high;
    }

    /** {@code "LOW-HIGH"}, the form {@link #parse} reads. */
    @JsonValue
    @Override
    public String toString() {
        return low + "-" + high;
    }
}
