package dev.portex.harness;

import dev.portex.model.ClientKind;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.infra.PortexException;
import dev.portex.model.PortRange;
import dev.portex.infra.HostLog;
import dev.portex.containers.IngestNodeContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end throughput of each client against the same stack: one warm-up run, then several
 * measured runs of a fixed document count on a range wide enough never to exhaust; median and
 * spread of docs/s, and the memory (cgroup, page cache included) of every container.
 */
public final class Bench {
    /** Wide enough that no client exhausts it within a run; each run gets a fresh namespace anyway. */
    public static final PortRange RANGE = new PortRange(20000, 60000);

    public record ClientStats(ClientKind client, int concurrency, int docs, List<Double> docsPerSecond,
                              double median, double min, double max, long loadGeneratorPeakBytes) {
    }

    public record Result(int cores, long hostMemoryBytes, String kernel, List<ClientStats> clients,
                         long elasticsearchBytes, long elasticsearchPeakBytes,
                         long ingestNodeBytes, long ingestNodePeakBytes) {
    }

    private Bench() {
    }

    public static Result run(ScenarioRunner runner, List<ClientKind> clients, int docs, int repetitions, int concurrency) {
        List<ClientStats> stats = new ArrayList<>();
        for (ClientKind client : clients) {
            Scenario scenario = Scenario.of(client, RANGE, docs).withConcurrency(concurrency);
            HostLog.info("bench " + client + ": warm-up run ...");
            runner.run(scenario.withDocs(Math.max(100, docs / 4)));
            List<Double> rates = new ArrayList<>();
            AtomicLong peak = new AtomicLong(-1);
            for (int i = 1; i <= repetitions; i++) {
                ScenarioResult r = runner.run(scenario, loadgen -> peak.accumulateAndGet(loadgen.memoryBytes()[1], Math::max));
                if (r.clientSide().failed() > 0) {
                    throw new PortexException("bench run of " + client + " had " + r.clientSide().failed() + " failures: " + r.clientSide().error());
                }
                rates.add(r.timing().docsPerSecond());
                HostLog.info(String.format(Locale.ROOT, "bench %s: run %d of %d: %.1f docs/s", client, i, repetitions,
                        r.timing().docsPerSecond()));
            }
            double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            stats.add(new ClientStats(client, concurrency, docs, rates, median(sorted), sorted[0],
                    sorted[sorted.length - 1], peak.get()));
        }
        long[] es = runner.stack().elasticsearch().memoryBytes();
        long[] node = runner.stack().ingestNodes().stream().map(IngestNodeContainer::memoryBytes)
                .reduce((a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])}).orElse(new long[] {-1, -1});
        return new Result(Runtime.getRuntime().availableProcessors(), hostMemory(), System.getProperty("os.version"),
                stats, es[0], es[1], node[0], node[1]);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long hostMemory() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(-1L);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    public static String table(Result r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "portex bench: %d cores, %.1f GiB, kernel %s%n%n", r.cores(),
                r.hostMemoryBytes() / 1024.0 / 1024 / 1024, r.kernel()));
        s.append(String.format(Locale.ROOT, "%-15s %5s %7s %10s %20s %14s%n", "client", "conc", "docs", "median/s",
                "spread (min-max)/s", "loadgen peak"));
        for (ClientStats c : r.clients()) {
            s.append(String.format(Locale.ROOT, "%-15s %5d %7d %10.1f %20s %14s%n", c.client(), c.concurrency(), c.docs(),
                    c.median(), String.format(Locale.ROOT, "%.1f-%.1f", c.min(), c.max()), mib(c.loadGeneratorPeakBytes())));
        }
        s.append(String.format(Locale.ROOT, "%nmemory (cgroup, page cache included): elasticsearch %s (peak %s), ingest-node %s (peak %s)%n",
                mib(r.elasticsearchBytes()), mib(r.elasticsearchPeakBytes()), mib(r.ingestNodeBytes()), mib(r.ingestNodePeakBytes())));
        s.append("runs per client: ").append(r.clients().isEmpty() ? 0 : r.clients().get(0).docsPerSecond().size())
                .append(" measured after one warm-up, port range ").append(RANGE).append('\n');
        return s.toString();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024);
    }
}
