package dev.portex.internal.sockets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The socket totals of {@code /proc/net/sockstat}: one line per protocol, {@code NAME: key value key value ...},
 * of which the one that matters here is
 * <pre>TCP: inuse 9 orphan 0 tw 1300 alloc 26 mem 0</pre>
 *
 * <p>{@code tw} is the number of TIME_WAIT sockets of the reading process's network namespace, IPv4 and IPv6
 * together ({@code /proc/net/sockstat6}'s {@code TCP6:} line has only {@code inuse}): measured on kernel 6.18,
 * 1,000 IPv4 and 300 IPv6 TIME_WAIT sockets in a scratch namespace read {@code tw 1300}, and the host's count
 * did not change. By the kernel's source it also counts the time-wait entries still in FIN_WAIT2 (closed by this
 * side, the peer's FIN not yet in: {@code tcp_time_wait()} makes those too), which {@code /proc/net/tcp} lists as
 * FIN_WAIT2; so it can be a few above the table's TIME_WAIT lines while connections are being closed (not
 * measured: none were in flight when the counts above were read). {@code inuse} counts every TCP socket
 * of the namespace that is not a time-wait entry (LISTEN, ESTABLISHED, CLOSE_WAIT, ...), not only ESTABLISHED
 * ones; {@code orphan}, {@code alloc} and {@code mem} are totals of the whole machine.
 *
 * <p>The file is a few hundred bytes whatever the number of sockets, where {@code /proc/net/tcp} has a line
 * (150 bytes) per socket, so it can be read often while the ports run out.
 *
 * <p>Lenient with blank lines, trailing blanks, CRLF, unknown protocols and keys the kernel may add; an
 * {@link IllegalArgumentException} naming the line for text that is not sockstat, and for a missing
 * {@code TCP:} line or a missing {@code inuse} or {@code tw} in it. Instances are immutable.
 */
public final class SockStat {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*:");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    private static final String EXPECTED_TCP = "'TCP: inuse N orphan N tw N alloc N mem N'";

    /** Protocol name (without the colon) to its counters, in file order. */
    private final Map<String, Map<String, Long>> protocols;

    private SockStat(Map<String, Map<String, Long>> protocols) {
        this.protocols = protocols;
    }

    /**
     * Parses the text of {@code /proc/net/sockstat}.
     *
     * @throws IllegalArgumentException if the text is not sockstat or has no usable {@code TCP:} line
     */
    public static SockStat parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("not /proc/net/sockstat: the text is empty; expected one line per "
                    + "protocol, among them " + EXPECTED_TCP);
        }
        Map<String, Map<String, Long>> protocols = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (!NAME.matcher(f[0]).matches() || f.length % 2 != 1) {
                throw malformed(n + 1, line);
            }
            Map<String, Long> counters = new LinkedHashMap<>();
            for (int i = 1; i < f.length; i += 2) {
                if (!KEY.matcher(f[i]).matches() || !NUMBER.matcher(f[i + 1]).matches()) {
                    throw malformed(n + 1, line);
                }
                counters.put(f[i], Long.parseLong(f[i + 1]));
            }
            String name = f[0].substring(0, f[0].length() - 1);
            if (protocols.putIfAbsent(name, Collections.unmodifiableMap(counters)) != null) {
                throw new IllegalArgumentException("not /proc/net/sockstat: line " + (n + 1) + " repeats '" + f[0]
                        + "' (one line per protocol), got '" + shorten(line) + "'");
            }
        }
        Map<String, Long> tcp = protocols.get("TCP");
        if (tcp == null) {
            throw new IllegalArgumentException("not /proc/net/sockstat: no 'TCP:' line; expected " + EXPECTED_TCP
                    + " (/proc/net/sockstat6 has only 'TCP6: inuse N')");
        }
        for (String key : new String[] {"inuse", "tw"}) {
            if (!tcp.containsKey(key)) {
                throw new IllegalArgumentException("not /proc/net/sockstat: the 'TCP:' line has no '" + key
                        + "'; expected " + EXPECTED_TCP + ", got 'TCP: " + tcp.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + " " + b).orElse("")
                        + "'");
            }
        }
        return new SockStat(Collections.unmodifiableMap(protocols));
    }

    /** Reads and parses a file, normally {@code /proc/net/sockstat}. */
    public static SockStat read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** TIME_WAIT sockets of the namespace, IPv4 and IPv6 (the {@code TCP:} line's {@code tw}). */
    public long tcpTimeWait() {
        return protocols.get("TCP").get("tw");
    }

    /** TCP sockets of the namespace in any state but TIME_WAIT (the {@code TCP:} line's {@code inuse}). */
    public long tcpInUse() {
        return protocols.get("TCP").get("inuse");
    }

    /** Protocol name ({@code TCP}, {@code UDP}, {@code sockets}, ...) to its counters, in file order. */
    public Map<String, Map<String, Long>> protocols() {
        return protocols;
    }

    @Override
    public String toString() {
        return "SockStat" + protocols;
    }

    private static IllegalArgumentException malformed(int lineNumber, String line) {
        return new IllegalArgumentException("not /proc/net/sockstat: line " + lineNumber
                + " should read 'NAME: key N key N ...', e.g. " + EXPECTED_TCP + ", got '" + shorten(line) + "'");
    }

    private static String shorten(String line) {
        return line.length() <= 100 ? line : line.substring(0, 100) + "...";
    }
}
