package dev.portex.internal.sockets;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one sample's socket read costs: the full {@code /proc/net/tcp} + {@code tcp6} parse the load generator
 * did every 200 ms, against {@code /proc/net/sockstat}. A measured loop, not a test; run it in a namespace with
 * many TIME_WAIT sockets, after {@code mvn test-compile}:
 * <pre>java -cp target/classes:target/test-classes dev.portex.internal.sockets.SocketCountCost [rounds]</pre>
 * Prints, per read, the median and mean wall time, and the thread's CPU time split into user and system.
 */
public final class SocketCountCost {

    private static final Path TCP = Path.of("/proc/net/tcp");
    private static final Path TCP6 = Path.of("/proc/net/tcp6");
    private static final Path SOCKSTAT = Path.of("/proc/net/sockstat");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private interface Read {
        long run() throws Exception;
    }

    private SocketCountCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Read table = () -> {
            TcpSocketTable t = TcpSocketTable.read(TCP, TCP6);
            return t.count("TIME_WAIT") + t.count("ESTABLISHED");
        };
        Read sockstat = () -> SockStat.read(SOCKSTAT).tcpTimeWait();
        System.out.printf(Locale.ROOT, "before: sockstat tw %d, table TIME_WAIT %d%n",
                SockStat.read(SOCKSTAT).tcpTimeWait(), TcpSocketTable.read(TCP, TCP6).count("TIME_WAIT"));
        // warm-up: the JIT compiles both paths before anything is timed
        measure("warm-up table", table, Math.max(5, rounds / 5), false);
        measure("warm-up sockstat", sockstat, rounds * 10, false);
        measure("full table (tcp + tcp6)", table, rounds, true);
        measure("sockstat", sockstat, rounds * 10, true);
        System.out.printf(Locale.ROOT, "after: sockstat tw %d, table TIME_WAIT %d%n",
                SockStat.read(SOCKSTAT).tcpTimeWait(), TcpSocketTable.read(TCP, TCP6).count("TIME_WAIT"));
    }

    private static void measure(String name, Read read, int rounds, boolean print) throws Exception {
        long[] wall = new long[rounds];
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long user0 = THREADS.getCurrentThreadUserTime();
        long sink = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            sink += read.run();
            wall[i] = System.nanoTime() - t0;
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        long user = THREADS.getCurrentThreadUserTime() - user0;
        if (!print) {
            return;
        }
        long[] sorted = wall.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT,
                "%-24s %5d reads: median %9.3f ms, mean %9.3f ms, cpu %9.3f ms (user %9.3f, system %9.3f) per read"
                        + " [%d]%n",
                name, rounds, sorted[rounds / 2] / 1e6, Arrays.stream(wall).average().orElse(0) / 1e6,
                cpu / 1e6 / rounds, user / 1e6 / rounds, (cpu - user) / 1e6 / rounds, sink % 10);
    }
}
