package dev.portex.internal.harness;

import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.internal.containers.PortexContainer;
import dev.portex.internal.containers.WrkContainer;
import dev.portex.internal.infra.HostLog;
import dev.portex.api.PortexException;
import dev.portex.internal.loadgen.JitWarmUp;
import dev.portex.model.ClientKind;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * End-to-end throughput of each client against the same stack, next to wrk's on the same Node server: per client one
 * warm-up run, then several measured runs of a fixed document count on a range wide enough never to exhaust, each
 * followed by a wrk run of the same length over as many keep-alive connections (alternating, so that both see the
 * same stack in the same state). Reports the median docs/s of each, the client's ratio to wrk, the CPU time each
 * container spent per document (cgroup CPU accounting), and the memory of every container.
 */
public final class Bench {
    /** Wide enough that no client exhausts it within a run; each run gets a fresh namespace anyway. */
    public static final PortRange RANGE = new PortRange(20000, 60000);
    /** The shortest wrk run: wrk's own rate needs a few seconds to settle. */
    static final Duration MIN_WRK_RUN = Duration.ofSeconds(3);

    /**
     * CPU time per document, in microseconds, of each part (-1 where the kernel does not say). The load generator's
     * is its whole container (its JVM's or interpreter's start included), from the end of its JIT warm-up when it made
     * one; Node's and Elasticsearch's are measured over the run (idle during a warm-up, which never reaches them). Their
     * sum is the machine's CPU per document; {@link #ceiling} what that allows on these cores.
     */
    public record CpuPerDocument(double loadGeneratorUs, double nodeUs, double elasticsearchUs) {
        /** The three together; -1 if one of them is unknown. */
        double total() {
            return loadGeneratorUs < 0 || nodeUs < 0 || elasticsearchUs < 0 ? -1 : loadGeneratorUs + nodeUs + elasticsearchUs;
        }

        /** Documents per second that {@code cores} could carry at this cost, if CPU were the only limit. */
        public double ceiling(int cores) {
            return total() <= 0 ? -1 : cores * 1e6 / total();
        }
    }

    /**
     * {@code steadyDocsPerSecond}: each run's rate after its first third of documents ({@link #steadyRate}), what the
     * client does once its JIT has warmed up; {@code steadyMedian} their median. {@code jitWarmUp}: the requests its
     * load generator sent over loopback before each measured run (0 for none; see {@link ScenarioRunner#withJitWarmUp}).
     */
    public record ClientStats(ClientKind client, int concurrency, int docs, List<Double> docsPerSecond,
                              double median, double min, double max, long loadGeneratorPeakBytes,
                              List<Double> wrkDocsPerSecond, double wrkMedian, CpuPerDocument cpu, CpuPerDocument wrkCpu,
                              List<Double> steadyDocsPerSecond, double steadyMedian, int jitWarmUp) {
        /** The client's median as a fraction of wrk's on the same stack. */
        public double ratioToWrk() {
            return wrkMedian <= 0 ? 0 : median / wrkMedian;
        }

        /** The client's steady-state median as a fraction of wrk's (wrk, a C event loop, has no warm-up to leave out). */
        public double steadyRatioToWrk() {
            return wrkMedian <= 0 || steadyMedian <= 0 ? 0 : steadyMedian / wrkMedian;
        }
    }

    /**
     * A run's rate once its first third of documents is acknowledged: acknowledged documents per second between the first
     * progress sample that counts at least a third of {@code docs} and the last sample. The load generator's JVM compiles
     * its hot code during the first seconds of a run; this is the rate after that. -1 when the samples do not span
     * enough of the run (fewer than two samples from that point on, or no time between them).
     */
    static double steadyRate(List<dev.portex.model.Sample> samples, int docs) {
        dev.portex.model.Sample from = null;
        for (dev.portex.model.Sample s : samples) {
            if (from == null && s.acknowledged() * 3L >= docs) {
                from = s;
            }
        }
        if (from == null || samples.isEmpty()) {
            return -1;
        }
        dev.portex.model.Sample last = samples.get(samples.size() - 1);
        long ms = last.tMs() - from.tMs();
        return ms <= 0 ? -1 : Math.round((last.acknowledged() - from.acknowledged()) * 1000.0 / ms * 10) / 10.0;
    }

    public record Result(int cores, long hostMemoryBytes, String kernel, List<ClientStats> clients,
                         long elasticsearchBytes, long elasticsearchPeakBytes,
                         long ingestNodeBytes, long ingestNodePeakBytes) {
    }

    private Bench() {
    }

    /** The JIT warm-up {@code bench} gives a Java client that reuses connections, unless told otherwise. */
    public static final int DEFAULT_JIT_WARM_UP = 40_000;

    public static Result run(ScenarioRunner runner, List<ClientKind> clients, int docs, int repetitions, int concurrency) {
        return run(runner, clients, docs, repetitions, concurrency, 0);
    }

    /**
     * {@code jitWarmUp}: requests each measured run of a Java client that reuses connections sends over loopback before
     * its load, with C2 on as well (0: none, the load generator then runs C1 only).
     */
    public static Result run(ScenarioRunner runner, List<ClientKind> clients, int docs, int repetitions, int concurrency,
                             int jitWarmUp) {
        List<ClientStats> stats = new ArrayList<>();
        runner.withSpares(false); // its CPU figures count each load generator from its container's start
        runner.withJitWarmUp(jitWarmUp);
        try (WrkContainer wrk = new WrkContainer().withNetwork(runner.stack().network())) {
            wrk.start();
            for (ClientKind client : clients) {
                stats.add(measure(runner, wrk, client, docs, repetitions, concurrency));
            }
        }
        long[] es = runner.stack().elasticsearch().memoryBytes();
        // every bench scenario shares one Node server (the warm stack's own, when it runs on that)
        long[] node = clients.isEmpty() ? new long[] {-1, -1}
                : runner.sharedNodeFor(Scenario.of(clients.get(0), RANGE, docs)).memoryBytes();
        return new Result(Runtime.getRuntime().availableProcessors(), hostMemory(), System.getProperty("os.version"),
                stats, es[0], es[1], node[0], node[1]);
    }

    private static ClientStats measure(ScenarioRunner runner, WrkContainer wrk, ClientKind client, int docs, int repetitions,
                                       int concurrency) {
        Scenario scenario = Scenario.of(client, RANGE, docs).withConcurrency(concurrency);
        HostLog.info("bench " + client + ": warm-up run ...");
        runner.run(scenario.withDocs(Math.max(100, docs / 4)));
        IngestNodeContainer node = runner.sharedNodeFor(scenario);
        String url = node.getInternalDocsUrls().get(0);
        PortexContainer<?> es = runner.stack().elasticsearch();
        wrk.run(url, concurrency, MIN_WRK_RUN, "wrk-warm-up");
        List<Double> rates = new ArrayList<>();
        List<Double> wrkRates = new ArrayList<>();
        List<Double> steadyRates = new ArrayList<>();
        List<CpuPerDocument> cpu = new ArrayList<>();
        List<CpuPerDocument> wrkCpu = new ArrayList<>();
        AtomicLong peak = new AtomicLong(-1);
        int jitWarmUp = runner.jitWarmUpFor(scenario);
        for (int i = 1; i <= repetitions; i++) {
            long nodeBefore = node.cpuNanos();
            long esBefore = es.cpuNanos();
            AtomicLong loadgenCpu = new AtomicLong(-1);
            AtomicReference<JitWarmUp> warmUp = new AtomicReference<>();
            ScenarioResult r = runner.run(scenario, loadgen -> {
                peak.accumulateAndGet(loadgen.memoryBytes()[1], Math::max);
                loadgenCpu.set(loadgen.cpuNanos());
                warmUp.set(loadgen.jitWarmUp().orElse(null));
            });
            long loadgenFrom = 0;
            if (jitWarmUp > 0) {
                JitWarmUp w = warmUp.get();
                if (w == null) {
                    throw new PortexException("bench run of " + client + ": the load generator did not report its JIT warm-up"
                            + " of " + jitWarmUp + " requests; rebuild it (mvn package) or run bench with --jit-warm-up 0");
                }
                HostLog.info(String.format(Locale.ROOT, "bench %s: run %d of %d: JIT warm-up, %d of %d requests answered in %d ms",
                        client, i, repetitions, w.answered(), w.requests(), w.ms()));
                loadgenFrom = w.cpuNanosAtEnd();
            }
            if (r.clientSide().failed() > 0) {
                throw new PortexException("bench run of " + client + " had " + r.clientSide().failed() + " failures: " + r.clientSide().error());
            }
            int acknowledged = r.clientSide().acknowledged();
            cpu.add(new CpuPerDocument(perDocument(loadgenFrom, loadgenCpu.get(), acknowledged),
                    perDocument(nodeBefore, node.cpuNanos(), acknowledged), perDocument(esBefore, es.cpuNanos(), acknowledged)));
            rates.add(r.timing().docsPerSecond());
            steadyRates.add(steadyRate(r.timing().samples(), acknowledged));

            Duration length = Duration.ofSeconds(Math.max(MIN_WRK_RUN.toSeconds(), (r.timing().durationMs() + 999) / 1000));
            long wrkBefore = wrk.cpuNanos();
            nodeBefore = node.cpuNanos();
            esBefore = es.cpuNanos();
            WrkContainer.Result w = wrk.run(url, concurrency, length, "wrk-" + r.runId());
            if (w.non2xx() > 0 || w.socketErrors() > 0) {
                throw new PortexException("bench: wrk's run had " + w.non2xx() + " answers other than 2xx and " + w.socketErrors()
                        + " socket errors: the stack is not healthy enough to measure");
            }
            long done = w.succeeded();
            wrkCpu.add(new CpuPerDocument(perDocument(wrkBefore, wrk.cpuNanos(), done), perDocument(nodeBefore, node.cpuNanos(), done),
                    perDocument(esBefore, es.cpuNanos(), done)));
            wrkRates.add(w.documentsPerSecond());
            HostLog.info(String.format(Locale.ROOT, "bench %s: run %d of %d: %.1f docs/s (steady %.1f); wrk %.1f docs/s (%.2f, steady %.2f)",
                    client, i, repetitions, r.timing().docsPerSecond(), steadyRates.get(steadyRates.size() - 1),
                    w.documentsPerSecond(), r.timing().docsPerSecond() / w.documentsPerSecond(),
                    steadyRates.get(steadyRates.size() - 1) / w.documentsPerSecond()));
        }
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] wrkSorted = wrkRates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] steadySorted = steadyRates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new ClientStats(client, concurrency, docs, rates, median(sorted), sorted[0], sorted[sorted.length - 1], peak.get(),
                wrkRates, median(wrkSorted), medianCpu(cpu), medianCpu(wrkCpu), steadyRates,
                steadySorted[0] < 0 ? -1 : median(steadySorted), jitWarmUp);
    }

    static double perDocument(long beforeNanos, long afterNanos, long documents) {
        return beforeNanos < 0 || afterNanos < 0 || documents <= 0 ? -1 : (afterNanos - beforeNanos) / 1000.0 / documents;
    }

    static CpuPerDocument medianCpu(List<CpuPerDocument> runs) {
        return new CpuPerDocument(median(runs.stream().mapToDouble(CpuPerDocument::loadGeneratorUs).sorted().toArray()),
                median(runs.stream().mapToDouble(CpuPerDocument::nodeUs).sorted().toArray()),
                median(runs.stream().mapToDouble(CpuPerDocument::elasticsearchUs).sorted().toArray()));
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
        s.append(String.format(Locale.ROOT, "%-15s %5s %7s %10s %18s %10s %8s %9s %7s %14s%n", "client", "conc", "docs", "median/s",
                "spread (min-max)/s", "wrk/s", "vs wrk", "steady/s", "vs wrk", "loadgen peak"));
        for (ClientStats c : r.clients()) {
            s.append(String.format(Locale.ROOT, "%-15s %5d %7d %10.1f %18s %10.1f %8.2f %9s %7s %14s%n", c.client(), c.concurrency(),
                    c.docs(), c.median(), String.format(Locale.ROOT, "%.1f-%.1f", c.min(), c.max()), c.wrkMedian(), c.ratioToWrk(),
                    c.steadyMedian() < 0 ? "?" : String.format(Locale.ROOT, "%.1f", c.steadyMedian()),
                    c.steadyMedian() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", c.steadyRatioToWrk()),
                    mib(c.loadGeneratorPeakBytes())));
        }
        s.append(String.format(Locale.ROOT, "%nCPU per document (µs, cgroup accounting, median of the runs) and the rate it allows on %d cores:%n",
                r.cores()));
        s.append(String.format(Locale.ROOT, "%-22s %14s %8s %14s %8s %12s%n", "", "load generator", "node", "elasticsearch", "total",
                "CPU ceiling/s"));
        for (ClientStats c : r.clients()) {
            s.append(cpuRow(c.client().cliName(), c.cpu(), r.cores()));
            s.append(cpuRow("  wrk alongside", c.wrkCpu(), r.cores()));
        }
        s.append(String.format(Locale.ROOT, "%nmemory (cgroup, page cache included): elasticsearch %s (peak %s), ingest-node %s (peak %s)%n",
                mib(r.elasticsearchBytes()), mib(r.elasticsearchPeakBytes()), mib(r.ingestNodeBytes()), mib(r.ingestNodePeakBytes())));
        s.append("runs per client: ").append(r.clients().isEmpty() ? 0 : r.clients().get(0).docsPerSecond().size())
                .append(" measured after one warm-up, each followed by wrk for as long, over as many keep-alive connections;")
                .append(" port range ").append(RANGE).append('\n')
                .append("steady/s: each run's rate after its first third of documents (the load generator's JIT warmed up);")
                .append(" its vs wrk is that rate against wrk's\n");
        for (ClientStats c : r.clients()) {
            if (c.jitWarmUp() > 0) {
                s.append(String.format(Locale.ROOT, "JIT warm-up of %s: %d requests over loopback before each run, C1 and C2"
                        + " (nothing reaches the stack; the load generator's CPU is counted from its end)%n", c.client(), c.jitWarmUp()));
            }
        }
        return s.toString();
    }

    private static String cpuRow(String label, CpuPerDocument c, int cores) {
        return String.format(Locale.ROOT, "%-22s %14s %8s %14s %8s %12s%n", label, us(c.loadGeneratorUs()), us(c.nodeUs()),
                us(c.elasticsearchUs()), us(c.total()), c.ceiling(cores) < 0 ? "?" : String.format(Locale.ROOT, "%.0f", c.ceiling(cores)));
    }

    private static String us(double value) {
        return value < 0 ? "?" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024);
    }
}
