package dev.portex.internal.sockets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The sockets of a network namespace as {@code /proc/net/tcp} and {@code /proc/net/tcp6} list them:
 * a state histogram (what {@code ss -ant | awk '{print $1}' | sort | uniq -c} shows) and the
 * distinct local ports of outgoing connections, i.e. the ephemeral ports a client holds.
 *
 * <p>Format: a header line ({@code sl local_address rem_address st ...}), then one line per socket,
 * {@code SL: LOCALIP:PORT REMOTEIP:PORT ST ...}. Ports and the state are hex; an IP is one (IPv4) or
 * four (IPv6) 32-bit words, each printed in host byte order, read here as little-endian
 * (x86-64, arm64): {@code 0100007F} is 127.0.0.1.
 *
 * <p>Lenient with what the kernel may print (blank lines, trailing blanks, CRLF, missing or extra
 * trailing columns, unknown state codes, a second header from concatenated files); an
 * {@link IllegalArgumentException} naming the line for text that is not such a table.
 *
 * <p>Instances are immutable.
 */
public final class TcpSocketTable {

    public static final int ESTABLISHED = 0x01;
    public static final int TIME_WAIT = 0x06;
    public static final int LISTEN = 0x0A;

    /** State code to name, in code order: the kernel's {@code enum tcp_state}. */
    public static final Map<Integer, String> STATE_NAMES = stateNames();

    private static final Pattern SLOT = Pattern.compile("\\d{1,9}:");
    private static final Pattern ADDRESS = Pattern.compile("(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):[0-9A-Fa-f]{1,4}");
    private static final Pattern STATE = Pattern.compile("[0-9A-Fa-f]{1,2}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    private static final String EXPECTED_HEADER = "'  sl  local_address rem_address   st tx_queue rx_queue tr ...'";

    private final List<SocketSnapshot> sockets;
    private final Set<Integer> listeningPorts;

    private TcpSocketTable(List<SocketSnapshot> sockets, Set<Integer> listeningPorts) {
        this.sockets = List.copyOf(sockets);
        this.listeningPorts = Collections.unmodifiableSortedSet(new TreeSet<>(listeningPorts));
    }

    /** A table without sockets: for a namespace that could not be read (its container was killed). */
    public static TcpSocketTable empty() {
        return new TcpSocketTable(List.of(), Set.of());
    }

    /**
     * Parses one or more tables (e.g. the text of {@code /proc/net/tcp} and of {@code /proc/net/tcp6})
     * into one. Each text must start with its header line; one text may also hold several tables
     * one after the other ({@code cat /proc/net/tcp /proc/net/tcp6}).
     *
     * @throws IllegalArgumentException if a text is not a /proc/net/tcp table
     */
    public static TcpSocketTable parse(String... texts) {
        List<SocketSnapshot> all = new ArrayList<>();
        for (String text : texts) {
            all.addAll(parseOne(text));
        }
        Set<Integer> listening = all.stream()
                .filter(SocketSnapshot::listening)
                .map(SocketSnapshot::localPort)
                .collect(Collectors.toSet());
        return new TcpSocketTable(all, listening);
    }

    /** Reads and parses the given files, e.g. {@code /proc/net/tcp} and {@code /proc/net/tcp6}. */
    public static TcpSocketTable read(Path... files) throws IOException {
        String[] texts = new String[files.length];
        for (int i = 0; i < files.length; i++) {
            texts[i] = Files.readString(files[i], StandardCharsets.US_ASCII);
        }
        return parse(texts);
    }

    /**
     * The states of a close under way (the kernel's FIN exchange): a socket leaves them within moments, for TIME_WAIT or
     * CLOSED, unless the other end never closes its side (FIN_WAIT2 then lasts).
     */
    public static final Set<String> CLOSING_STATES = Set.of("FIN_WAIT1", "FIN_WAIT2", "CLOSING", "LAST_ACK");

    /** How long {@link #settled} waits at most for closes under way to finish. */
    public static final java.time.Duration SETTLE_LIMIT = java.time.Duration.ofSeconds(1);

    /** Sockets in the middle of a close ({@link #CLOSING_STATES}). */
    public long closing() {
        return sockets.stream().filter(s -> CLOSING_STATES.contains(s.state())).count();
    }

    /**
     * The table {@code read} returns once no socket is in the middle of a close, read again every 10 ms for at most
     * {@code limit} (then as it is): the last connections of a load that closed them a moment before are counted in the
     * state they end in (TIME_WAIT, say), not caught half-way while a busy peer answers the FIN.
     */
    public static TcpSocketTable settled(java.util.function.Supplier<TcpSocketTable> read, java.time.Duration limit) {
        long giveUpAt = System.nanoTime() + limit.toNanos();
        TcpSocketTable table = read.get();
        while (table.closing() > 0 && System.nanoTime() < giveUpAt) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            table = read.get();
        }
        return table;
    }

    /** All sockets, in file order. */
    public List<SocketSnapshot> sockets() {
        return sockets;
    }

    public int size() {
        return sockets.size();
    }

    /**
     * State name to number of sockets, known states in the kernel's code order then unknown ones by
     * name; states with no socket are absent.
     */
    public Map<String, Long> stateHistogram() {
        Map<Integer, Long> byCode = new TreeMap<>();
        for (SocketSnapshot s : sockets) {
            byCode.merge(s.stateCode(), 1L, Long::sum);
        }
        Map<String, Long> histogram = new LinkedHashMap<>();
        byCode.forEach((code, n) -> histogram.put(stateName(code), n));
        return Collections.unmodifiableMap(histogram);
    }

    /** Number of sockets in the named state, e.g. {@code count("TIME_WAIT")}. */
    public long count(String state) {
        return sockets.stream().filter(s -> s.state().equals(state)).count();
    }

    /** Local ports that have a LISTEN socket (in the table this one was parsed from). */
    public Set<Integer> listeningPorts() {
        return listeningPorts;
    }

    /**
     * Local ports with a LISTEN socket that another container can reach: not bound to a loopback address (127.0.0.0/8,
     * ::1), where Docker's DNS listener on 127.0.0.11 is, and where a service bound to localhost only would be.
     */
    public java.util.SortedSet<Integer> reachableListeningPorts() {
        return sockets.stream().filter(s -> s.stateCode() == LISTEN && !loopback(s.localAddress()))
                .map(SocketSnapshot::localPort).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static boolean loopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.startsWith("::ffff:127.");
    }

    /**
     * Sockets of connections this namespace opened: not LISTEN, with a remote port, and whose local
     * port is not a listening port (those are connections a server accepted).
     */
    public List<SocketSnapshot> outgoing() {
        return sockets.stream()
                .filter(s -> !s.listening() && s.remotePort() != 0 && !listeningPorts.contains(s.localPort()))
                .toList();
    }

    /** Only the sockets whose remote port is {@code remotePort}, e.g. 8080 or 9200. */
    public TcpSocketTable toRemotePort(int remotePort) {
        return filter(s -> s.remotePort() == remotePort);
    }

    /** Only the sockets in the named state. */
    public TcpSocketTable inState(String state) {
        return filter(s -> s.state().equals(state));
    }

    /** Only the sockets that match; listening ports are remembered from this table. */
    public TcpSocketTable filter(Predicate<SocketSnapshot> keep) {
        return new TcpSocketTable(sockets.stream().filter(keep).toList(), listeningPorts);
    }

    /** Distinct local ports of {@link #outgoing()} sockets: the ephemeral ports held, in any state. */
    public SortedSet<Integer> distinctLocalPorts() {
        return Collections.unmodifiableSortedSet(
                outgoing().stream().map(SocketSnapshot::localPort).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Distinct local ports of outgoing connections to {@code remotePort}. */
    public SortedSet<Integer> distinctLocalPorts(int remotePort) {
        return toRemotePort(remotePort).distinctLocalPorts();
    }

    public int distinctLocalPortCount() {
        return distinctLocalPorts().size();
    }

    /** Remote {@code ip:port} of {@link #outgoing()} sockets ({@code [v6]:port} for IPv6), sorted. */
    public SortedSet<String> remoteEndpoints() {
        return Collections.unmodifiableSortedSet(outgoing().stream()
                .map(SocketSnapshot::remoteEndpoint)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    /** The histogram as {@code uniq -c} prints it: one {@code "%7d STATE"} line per state. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        stateHistogram().forEach((state, n) -> out.append(String.format(Locale.ROOT, "%7d %s%n", n, state)));
        return out.toString();
    }

    @Override
    public String toString() {
        return "TcpSocketTable" + stateHistogram();
    }

    /** {@code 6 -> "TIME_WAIT"}; an unknown code gives {@code UNKNOWN_XX} (two hex digits). */
    public static String stateName(int code) {
        String name = STATE_NAMES.get(code);
        return name != null ? name : String.format(Locale.ROOT, "UNKNOWN_%02X", code);
    }

    /**
     * Decodes an address column's IP part to text: 8 hex digits are IPv4 ({@code 0100007F} ->
     * {@code 127.0.0.1}), 32 are IPv6 in RFC 5952 form ({@code ::1}, {@code 2001:db8::1},
     * v4-mapped as {@code ::ffff:172.18.0.3}). Each 32-bit word is little-endian.
     */
    public static String decodeAddress(String hex) {
        if (hex == null || !(hex.length() == 8 || hex.length() == 32) || !hex.matches("[0-9A-Fa-f]+")) {
            throw new IllegalArgumentException("an address in /proc/net/tcp is 8 (IPv4) or 32 (IPv6) hex digits, got '"
                    + hex + "'");
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < hex.length() / 8; word++) {
            long value = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] = (byte) (value >>> (8 * i));
            }
        }
        return bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes);
    }

    private static String ipv4(byte[] b, int from) {
        return (b[from] & 0xFF) + "." + (b[from + 1] & 0xFF) + "." + (b[from + 2] & 0xFF) + "." + (b[from + 3] & 0xFF);
    }

    private static String ipv6(byte[] b) {
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        if (mapped && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
            return "::ffff:" + ipv4(b, 12);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        // RFC 5952: the longest run of two or more zero groups (the first if tied) becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static List<SocketSnapshot> parseOne(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("not a /proc/net/tcp table: the text is empty; expected the header line "
                    + EXPECTED_HEADER + " and one line per socket");
        }
        List<SocketSnapshot> sockets = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        boolean header = false;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (isHeader(line)) {
                header = true;
                continue;
            }
            if (!header) {
                throw new IllegalArgumentException("not a /proc/net/tcp table: line " + (n + 1)
                        + " should be the header " + EXPECTED_HEADER + ", got '" + shorten(line) + "'");
            }
            sockets.add(parseSocket(line, n + 1));
        }
        return sockets;
    }

    private static Map<Integer, String> stateNames() {
        String[] names = {"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
            "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};
        Map<Integer, String> byCode = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            byCode.put(i + 1, names[i]);
        }
        return Collections.unmodifiableMap(byCode);
    }

    private static boolean isHeader(String line) {
        return line.startsWith("sl ") && line.contains("local_address");
    }

    private static SocketSnapshot parseSocket(String line, int lineNumber) {
        String[] f = line.split("\\s+");
        if (f.length < 4 || !SLOT.matcher(f[0]).matches() || !ADDRESS.matcher(f[1]).matches()
                || !ADDRESS.matcher(f[2]).matches() || !STATE.matcher(f[3]).matches()) {
            throw new IllegalArgumentException("not a /proc/net/tcp table: line " + lineNumber
                    + " should read 'SL: LOCALIP:PORT REMOTEIP:PORT ST ...' in hex, e.g. "
                    + "'0: 0100007F:1F90 00000000:0000 0A ...', got '" + shorten(line) + "'");
        }
        String[] local = f[1].split(":");
        String[] remote = f[2].split(":");
        int code = Integer.parseInt(f[3], 16);
        return new SocketSnapshot(
                Integer.parseInt(f[0].substring(0, f[0].length() - 1)),
                decodeAddress(local[0]),
                Integer.parseInt(local[1], 16),
                decodeAddress(remote[0]),
                Integer.parseInt(remote[1], 16),
                stateName(code),
                code,
                local[0].length() == 32,
                column(f, 7),
                column(f, 9));
    }

    private static long column(String[] fields, int index) {
        return index < fields.length && NUMBER.matcher(fields[index]).matches() ? Long.parseLong(fields[index]) : -1;
    }

    private static String shorten(String line) {
        return line.length() <= 100 ? line : line.substring(0, 100) + "...";
    }
}
