package dev.portex.internal.loadgen;

import dev.portex.model.Sample;
import dev.portex.internal.sockets.SockStat;
import dev.portex.internal.sockets.TcpSocketTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Takes the samples of a run's time series, so that the socket counts of a sample never run ahead of its
 * document counts: the sockets are read first, then acknowledged, failed and, last, attempted. A connection
 * that is in TIME_WAIT when the sockets are read belongs to a document that was already attempted then, and
 * the attempted count read afterwards can only be larger; so with a client that opens one connection per
 * document, {@code timeWait <= attempted} in every sample, and {@code acknowledged + failed <= attempted}.
 * (Read the other way round, with a slow read in between, the 200 ms series once showed 28,212 TIME_WAIT
 * against 24,452 documents acknowledged.)
 *
 * <p>During the load the sockets come from {@link #SOCKSTAT}, a few hundred bytes whatever the number of
 * sockets; the full table ({@link #TABLE}), a line per socket, is read once, for the sample at the end.
 */
final class Sampler {

    /** The socket counts of the namespace at one moment; -1 where not read. */
    record SocketCounts(int timeWait, int established) {
        static final SocketCounts UNKNOWN = new SocketCounts(-1, -1);
    }

    /** Where the socket counts come from. */
    interface SocketSource {
        SocketCounts read() throws IOException;
    }

    /** TIME_WAIT from /proc/net/sockstat; ESTABLISHED is not in it, so -1. */
    static final SocketSource SOCKSTAT = () ->
            new SocketCounts(Math.toIntExact(SockStat.read(Path.of("/proc/net/sockstat")).tcpTimeWait()), -1);

    /** TIME_WAIT and ESTABLISHED lines of /proc/net/tcp and /proc/net/tcp6. */
    static final SocketSource TABLE = () -> {
        TcpSocketTable sockets = TcpSocketTable.read(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
        return new SocketCounts((int) sockets.count("TIME_WAIT"), (int) sockets.count("ESTABLISHED"));
    };

    private final LongSupplier elapsedMs;
    private final IntSupplier acknowledged;
    private final IntSupplier failed;
    private final IntSupplier attempted;

    /**
     * @param elapsedMs    milliseconds since the load started
     * @param acknowledged documents answered 201 so far
     * @param failed       documents failed so far
     * @param attempted    documents handed to the client so far, counted before the client is called
     */
    Sampler(LongSupplier elapsedMs, IntSupplier acknowledged, IntSupplier failed, IntSupplier attempted) {
        this.elapsedMs = elapsedMs;
        this.acknowledged = acknowledged;
        this.failed = failed;
        this.attempted = attempted;
    }

    /** One sample: the sockets from {@code sockets} (-1 if they cannot be read), then the document counts. */
    Sample take(SocketSource sockets) {
        long tMs = elapsedMs.getAsLong();
        SocketCounts counts;
        try {
            counts = sockets.read();
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: the series keeps -1 for the socket counts
            counts = SocketCounts.UNKNOWN;
        }
        // In this order, after the sockets: each count can only have grown since they were read.
        int acks = acknowledged.getAsInt();
        int fails = failed.getAsInt();
        int tried = attempted.getAsInt();
        return new Sample(tMs, acks, fails, counts.timeWait(), counts.established(), tried);
    }
}
