package dev.portex.internal.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.portex.internal.sockets.TcpSocketTable;

/**
 * What the Java load generator records in its container at the end of the load, before it closes its
 * client and before its JVM exits, for the harness to read afterwards: the namespace's socket table
 * ({@code /proc/net/tcp}, {@code /proc/net/tcp6}) and TCP counters ({@code /proc/net/snmp}) at that
 * moment, and with {@code --await-recovery-seconds} how long after the first failure the same client
 * got an answer again. Read after the JVM exited, the table would show what the kernel did to the
 * sockets when the process ended (a leaked connection is closed then), not what the client held.
 */
public final class EndOfLoad {
    public static final String TCP = "tcp";
    public static final String TCP6 = "tcp6";
    public static final String SNMP = "snmp";
    public static final String RECOVERED_AFTER_MS = "recovered-after-ms";

    private EndOfLoad() {
    }

    /** The file {@code name} of run {@code runId}, inside the load generator's container. */
    public static String path(String runId, String name) {
        return "/tmp/portex-run-" + runId.replaceAll("[^A-Za-z0-9._-]", "_") + "/" + name;
    }

    /**
     * Copies the namespace's socket table and TCP counters (snmp's Tcp: and netstat's TcpExt:) as they are now, once the
     * closes under way have finished (at most {@link TcpSocketTable#SETTLE_LIMIT}): the last documents' connections, closed
     * a moment ago, in the state they end in.
     */
    static void recordSockets(String runId) throws IOException {
        String[] texts = new String[2];
        TcpSocketTable.settled(() -> {
            texts[0] = readUnchecked(Path.of("/proc/net", TCP));
            texts[1] = readUnchecked(Path.of("/proc/net", TCP6));
            return TcpSocketTable.parse(texts[0], texts[1]);
        }, TcpSocketTable.SETTLE_LIMIT);
        write(runId, TCP, texts[0]);
        write(runId, TCP6, texts[1]);
        write(runId, SNMP, read(Path.of("/proc/net/snmp")) + read(Path.of("/proc/net/netstat")));
    }

    private static String readUnchecked(Path source) {
        try {
            return read(source);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path source) throws IOException {
        return Files.exists(source) ? Files.readString(source, StandardCharsets.US_ASCII) : "";
    }

    static void recordRecovery(String runId, long recoveredAfterMs) throws IOException {
        write(runId, RECOVERED_AFTER_MS, Long.toString(recoveredAfterMs));
    }

    private static void write(String runId, String name, String text) throws IOException {
        Path file = Path.of(path(runId, name));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
