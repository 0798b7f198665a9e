package dev.portex.internal.loadgen;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What a JIT warm-up before the measured load did ({@code --jit-warm-up N}, {@code bench} only): {@code requests} sent,
 * {@code answered} of them with 201, in {@code ms}; {@code cpuNanosAtEnd} is the JVM's CPU time when it ended (its
 * start included), so that the load's own CPU is the container's at the end minus this.
 *
 * <p>The requests go to an HTTP server inside this JVM, on loopback, that answers as the ingest server does (201 and a
 * short JSON body), with a client of the run's kind: the JIT compiles the client's whole path, fully (C1 and C2), before
 * the clock starts, and nothing of it reaches Node or Elasticsearch, whose CPU the bench counts. Their destination is
 * not the run's, so they share no connection and no 4-tuple with it.
 */
public record JitWarmUp(int requests, int answered, long ms, long cpuNanosAtEnd) {
    /** Prefix of the one stderr line that reports it: "portex-jit-warm-up requests answered ms cpuNanosAtEnd". */
    public static final String PREFIX = "portex-jit-warm-up ";
    /** The most requests a warm-up may send: C2 has compiled the path long before. */
    public static final int MAX_REQUESTS = 1_000_000;
    private static final byte[] ANSWER = "{\"result\":\"created\",\"index\":\"portex-warm-up\",\"id\":\"warm-up\"}"
            .getBytes(StandardCharsets.UTF_8);

    public String line() {
        return PREFIX + requests + " " + answered + " " + ms + " " + cpuNanosAtEnd;
    }

    /** The warm-up reported in a load generator's stderr, if it made one. */
    public static Optional<JitWarmUp> find(String stderr) {
        for (String line : stderr.split("\n")) {
            if (line.startsWith(PREFIX)) {
                String[] f = line.substring(PREFIX.length()).trim().split(" ");
                try {
                    return Optional.of(new JitWarmUp(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]),
                            Long.parseLong(f[3])));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Sends {@code requests} documents ({@code body}) with clients from {@code clients}: one client shared by
     * {@code threads} threads, as the load does, closed afterwards. Stops sending after {@code maxSeconds}.
     */
    static JitWarmUp run(Supplier<DocumentClient> clients, int requests, int threads, byte[] body, int maxSeconds)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        // Without it the JDK's server answers with Nagle's algorithm on: each answer then waits for the client's delayed
        // ACK, 40 ms, and 40,000 requests over 8 connections take 200 s instead of seconds. Read once, at the first server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService handlers = Executors.newFixedThreadPool(2);
        server.setExecutor(handlers);
        server.createContext("/docs", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(201, ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ANSWER);
            }
        });
        server.start();
        URI target = URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/docs");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try (DocumentClient client = clients.get()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(workers.submit(() -> {
                    while (next.incrementAndGet() <= requests && System.nanoTime() < deadline) {
                        sent.incrementAndGet();
                        try {
                            if (client.post(target, body).status() == 201) {
                                answered.incrementAndGet();
                            }
                        } catch (IOException e) {
                            // counted as not answered; the load that follows reports its own failures
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("JIT warm-up failed: " + e.getCause(), e.getCause());
        } finally {
            workers.shutdownNow();
            server.stop(0);
            handlers.shutdownNow();
        }
        return new JitWarmUp(sent.get(), answered.get(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), processCpuNanos());
    }

    /** This JVM's CPU time so far (all its threads), or -1 where the platform does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
