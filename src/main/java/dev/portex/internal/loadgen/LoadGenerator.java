package dev.portex.internal.loadgen;

import dev.portex.model.ClientKind;
import dev.portex.model.ConnectionReuse;
import dev.portex.model.Failure;
import dev.portex.model.Sample;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@code docs} documents with one of the {@link DocumentClient}s and prints one JSON line.
 * Runs inside the load-generator container, whose network namespace has the narrowed port range.
 * Every document is attempted (the incident's sender went on after errors too), within a hard
 * time limit, so each run is bounded in count and in time.
 */
public final class LoadGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Prefix of the progress lines on stderr: "portex-progress tMs acknowledged failed timeWait established docs"
     * (established is -1 but in the last line: see {@link Sample}).
     */
    public static final String PROGRESS_PREFIX = "portex-progress ";
    /**
     * The line that says the load is over, before the generator awaits recovery (or exits): the harness lets other
     * work through its gate from there on (see {@code LoadGate}), since waiting takes no CPU.
     */
    public static final String LOAD_DONE = PROGRESS_PREFIX + "done";

    private final LoadOptions options;
    /** Each document's JSON: {id (with --reuse retry-with-id), runId, seq, client, message}. */
    private final DocumentBodies bodies;
    private final AtomicInteger nextSeq = new AtomicInteger(1);
    /** Documents handed to the client, counted before it is called: at least as many as connections it opened for them. */
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final BitSet acknowledgedSeqs = new BitSet();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private static final int MAX_ERROR_KINDS = 20;
    /** Every failure, counted by "type: message". */
    private final Map<String, Integer> errorCounts = new java.util.TreeMap<>();
    private int firstFailureAt = Integer.MAX_VALUE;
    private Failure firstFailure;
    private long firstFailureEpochMs;
    /**
     * Documents acknowledged that were sent before any document had failed. With several threads
     * documents finish out of order, so the lowest failing number (firstFailureAt) can lie below the
     * number of documents that got a port; this count is what the range held (one thread: firstFailureAt - 1).
     */
    private final AtomicInteger acknowledgedBeforeFirstFailure = new AtomicInteger();
    private volatile boolean failureSeen;

    LoadGenerator(LoadOptions options) {
        this.options = options;
        // With their own id ("<runId>-<seq>"), Node indexes them under it, so sending one twice overwrites
        // instead of duplicating.
        this.bodies = new DocumentBodies(options.runId(), options.client().cliName(), options.docs(),
                options.reuse().documentsCarryTheirId());
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && STANDBY_OPTION.equals(args[0])) {
            standby(java.nio.file.Path.of(args[1]));
            return;
        }
        int exit = runOnce(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** One load with these options: its JSON result on stdout; the exit status (0, 2 for bad options, or the sender's). */
    static int runOnce(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (LoadOptions.UsageException e) {
            System.err.println("loadgen: " + e.getMessage());
            return 2;
        }
        LoadResult result;
        try {
            result = new LoadGenerator(options).run();
        } catch (SenderException e) {
            System.err.println("loadgen: " + e.getMessage());
            return SenderException.EXIT_CODE;
        }
        System.out.println(JSON.writeValueAsString(result));
        return 0;
    }

    /** {@code --standby DIR}: see {@link Standby}. */
    public static final String STANDBY_OPTION = "--standby";

    /**
     * A load generator started ahead of its run, in a namespace nothing has used yet (the warm stack's spare): it loads
     * what any run loads, says it is ready, and waits for its options (one per line) in {@code DIR/orders}; then it runs
     * that one load exactly as {@link #main} would, with its stdout and stderr going to {@code DIR/out} and
     * {@code DIR/err} (named pipes the harness reads), writes its exit status to {@code DIR/exit} and exits. It opens no
     * connection before its orders come.
     */
    private static void standby(java.nio.file.Path dir) throws Exception {
        JSON.writeValueAsBytes(Map.of("runId", "standby", "seq", 0));
        DocumentClient.of(ClientKind.POOLED, 1, dev.portex.model.CloseMode.GRACEFUL).close();
        org.apache.hc.client5.http.impl.classic.HttpClients.createDefault().close();
        // Docker's DNS listener may hold a port of the range (a namespace is then one port short): the claim says so
        String taken = Standby.portsTakenInRange(
                dev.portex.internal.sockets.TcpSocketTable.read(java.nio.file.Path.of("/proc/net/tcp"), java.nio.file.Path.of("/proc/net/tcp6")),
                // readAllLines, not readString: for a file of size 0, JDK 17's readString reads one byte first, and a
                // /proc/sys file answers only a read from its start (it returned "3"); /proc/net's files read fine
                String.join(" ", java.nio.file.Files.readAllLines(java.nio.file.Files.exists(dir.resolve(Standby.RANGE))
                        ? dir.resolve(Standby.RANGE) : java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))));
        if (!taken.isEmpty()) {
            java.nio.file.Files.writeString(dir.resolve(Standby.TAKEN), taken + "\n");
        }
        java.nio.file.Files.writeString(dir.resolve(Standby.READY), ProcessHandle.current().pid() + "\n");
        List<String> orders = java.nio.file.Files.readAllLines(dir.resolve(Standby.ORDERS));
        int exit;
        try (java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(dir.resolve(Standby.OUT).toFile()), true,
                java.nio.charset.StandardCharsets.UTF_8);
             java.io.PrintStream err = new java.io.PrintStream(new java.io.FileOutputStream(dir.resolve(Standby.ERR).toFile()), true,
                java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(out);
            System.setErr(err);
            try {
                exit = runOnce(orders.toArray(String[]::new));
            } catch (Exception | Error e) {
                e.printStackTrace(err);
                exit = 1;
            }
            // before the pipes close: the harness reads the status once both have ended
            java.nio.file.Files.writeString(dir.resolve(Standby.EXIT), exit + "\n");
        }
        System.exit(exit);
    }

    /**
     * Loads and initialises what the first request would otherwise pay for (HttpClient's classes and
     * TLS defaults, Jackson, the target's DNS entry) without opening a connection, so the rate and
     * the time series start with the first document, not with class loading.
     */
    private void warmUp() throws Exception {
        for (URI target : options.targets()) {
            java.net.InetAddress.getAllByName(target.getHost());
        }
        JSON.writeValueAsBytes(Map.of("runId", options.runId(), "seq", 0));
        if (options.sender() == null) {
            DocumentClient.of(options.client(), 1, options.closeMode()).close();
        }
        org.apache.hc.client5.http.impl.classic.HttpClients.createDefault().close();
    }

    /**
     * {@code --jit-warm-up N}: N requests over loopback with a client of this run's kind before the clock starts (see
     * {@link JitWarmUp}); its line on stderr tells the harness, whose CPU figures then start at its end.
     */
    private void jitWarmUp() throws Exception {
        JitWarmUp done = JitWarmUp.run(() -> DocumentClient.of(options.client(), options.concurrency(), options.closeMode(),
                options.reuse()), options.jitWarmUp(), options.concurrency(), bodies.of(1), options.maxSeconds());
        System.err.println(done.line());
        if (done.answered() < done.requests()) {
            System.err.println("loadgen: JIT warm-up: " + done.answered() + " of " + done.requests()
                    + " requests answered; the load goes on");
        }
    }

    LoadResult run() throws Exception {
        if (options.trustStore() != null) {
            StackTrust.apply(options.trustStore()); // before any client (or the warm-up) reads the JVM's TLS defaults
        }
        warmUp();
        if (options.jitWarmUp() > 0) {
            jitWarmUp();
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(options.maxSeconds());
        Sampler sampling = new Sampler(() -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                acknowledged::get, failed::get, attempted::get);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        // With a fixed delay, not a fixed rate: a read that takes longer than the period is not followed by
        // another one straight away, taking the CPU from the connections being measured.
        sampler.scheduleWithFixedDelay(() -> sample(sampling, Sampler.SOCKSTAT), 0, options.sampleMs(),
                TimeUnit.MILLISECONDS);
        ExecutorService workers = Executors.newFixedThreadPool(options.concurrency());
        boolean timedOut;
        int retries;
        long durationNanos;
        try (DocumentClient client = options.sender() != null ? DocumentClient.ofSender(options.sender())
                : DocumentClient.of(options.client(), options.concurrency(), options.closeMode(), options.reuse())) {
            List<java.util.concurrent.Future<Boolean>> futures = new ArrayList<>();
            for (int w = 0; w < options.concurrency(); w++) {
                futures.add(workers.submit(() -> work(client, start, deadline)));
            }
            timedOut = false;
            for (var f : futures) {
                timedOut |= f.get();
            }
            retries = client.retries();
            durationNanos = System.nanoTime() - start;
            sampler.shutdown();
            if (!sampler.awaitTermination(5, TimeUnit.SECONDS)) {
                sampler.shutdownNow();
            }
            // once, at the end: the full table, which also has ESTABLISHED
            sample(sampling, Sampler.TABLE);
            // The client still holds what it holds: what a long-lived process would keep.
            try {
                EndOfLoad.recordSockets(options.runId());
            } catch (IOException e) {
                System.err.println("loadgen: cannot record the socket table at the end of the load: " + e);
            }
            System.err.println(LOAD_DONE);
            if (options.awaitRecoverySeconds() > 0 && firstFailure != null) {
                awaitRecovery(client);
            }
        } finally {
            workers.shutdownNow();
            sampler.shutdownNow();
        }
        int acks = acknowledged.get();
        int fails = failed.get();
        List<int[]> ranges;
        synchronized (acknowledgedSeqs) {
            ranges = SeqRanges.of(acknowledgedSeqs);
        }
        return new LoadResult(options.client().cliName(), options.docs(), options.concurrency(), options.rate(),
                acks + fails, acks, fails,
                firstFailure == null ? null : firstFailureAt, firstFailure,
                firstFailure == null ? null : acknowledgedBeforeFirstFailure.get(),
                firstFailure == null ? null : firstFailureEpochMs, ranges,
                TimeUnit.NANOSECONDS.toMillis(durationNanos),
                Math.round(acks / (durationNanos / 1e9) * 10) / 10.0,
                timedOut ? "time-limit" : "completed",
                List.copyOf(samples),
                errorCounts(),
                options.reuse() == ConnectionReuse.RETRY_WITH_ID || options.client().group() == ClientKind.Group.RETRYING
                        ? retries : null);
    }

    private Map<String, Integer> errorCounts() {
        synchronized (errorCounts) {
            return Map.copyOf(errorCounts);
        }
    }

    /** Returns true when the time limit stopped this worker. */
    private boolean work(DocumentClient client, long start, long deadline) {
        boolean first = true;
        while (true) {
            int seq = nextSeq.getAndIncrement();
            if (seq > options.docs()) {
                return false;
            }
            if (options.rate() > 0) {
                long due = start + (long) ((seq - 1) / options.rate() * 1e9);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            } else if (options.idleGapMs() > 0 && !first) {
                // The idle gap: this thread's connection (pooled: the one it returned) sits idle this long.
                long due = Math.min(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.idleGapMs()), deadline + 1);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            first = false;
            if (System.nanoTime() > deadline) {
                return true;
            }
            send(client, seq);
        }
    }

    private void send(DocumentClient client, int seq) {
        URI target = options.targetFor(seq);
        byte[] body = bodies.of(seq);
        boolean sentBeforeAnyFailure = !failureSeen;
        attempted.incrementAndGet();
        Failure failure;
        try {
            DocumentClient.Response response = client.post(target, body);
            if (options.acknowledges(response.status())) {
                synchronized (acknowledgedSeqs) {
                    acknowledgedSeqs.set(seq);
                }
                acknowledged.incrementAndGet();
                if (sentBeforeAnyFailure) {
                    acknowledgedBeforeFirstFailure.incrementAndGet();
                }
                return;
            }
            String text = response.body().length() > 500 ? response.body().substring(0, 500) : response.body();
            failure = new Failure("HTTP " + response.status(), text);
        } catch (Exception e) {
            failure = new Failure(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
        failed.incrementAndGet();
        failureSeen = true;
        synchronized (errorCounts) {
            String kind = failure.type() + ": " + failure.message();
            // bounded: a message that names a port or a time could make every failure a kind of its own
            errorCounts.merge(errorCounts.containsKey(kind) || errorCounts.size() < MAX_ERROR_KINDS ? kind : "(other)", 1,
                    Integer::sum);
        }
        synchronized (this) {
            if (seq < firstFailureAt) {
                firstFailureAt = seq;
                firstFailure = failure;
                firstFailureEpochMs = System.currentTimeMillis();
            }
        }
    }

    /**
     * After a failure, asks the same client (same JVM, same leaked connections, if any) for an answer
     * once a second until one comes or {@code --await-recovery-seconds} after the first failure. The
     * probe is a POST to the target's {@code /health}, which Node answers with 405 without counting it
     * or touching Elasticsearch: any HTTP answer means the client got a connection again.
     */
    private void awaitRecovery(DocumentClient client) throws IOException {
        long giveUpAt = firstFailureEpochMs + TimeUnit.SECONDS.toMillis(options.awaitRecoverySeconds());
        URI target = options.targetFor(1).resolve("/health");
        byte[] body = JSON.writeValueAsBytes(Map.of("runId", "probe-" + options.runId(), "seq", 0));
        while (System.currentTimeMillis() < giveUpAt) {
            long sentAt = System.currentTimeMillis();
            try {
                client.post(target, body);
                EndOfLoad.recordRecovery(options.runId(), sentAt - firstFailureEpochMs);
                return;
            } catch (IOException | RuntimeException e) {
                // still no connection: try again in a second
            }
            long next = sentAt + 1000;
            long wait;
            while ((wait = next - System.currentTimeMillis()) > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
            }
        }
    }

    private void sample(Sampler sampler, Sampler.SocketSource sockets) {
        Sample s = sampler.take(sockets);
        samples.add(s);
        // Progress for the harness, which streams this container's stderr while the run lasts.
        System.err.println(PROGRESS_PREFIX + s.tMs() + " " + s.acknowledged() + " " + s.failed() + " " + s.timeWait()
                + " " + s.established() + " " + options.docs());
    }

}
