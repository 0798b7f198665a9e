package dev.portex.model;

import java.util.List;
import java.util.Locale;

/**
 * The load generator's range ran out during the run, whatever the client made of it: at a sample every port the range
 * gives (per destination) was taken, in TIME_WAIT or by an open connection, so no new connection could be made until a
 * port came out of TIME_WAIT, 60 s after it went in; and documents were acknowledged after that moment, more than could have been under way then: they waited
 * for a port. Worked out from the
 * run's time series, never from an error: a client that retries a failed connect gets every document through and
 * fails nothing, and this is what shows it ran out. Not for runs with {@code tcp_tw_reuse=1}, whose kernel takes
 * TIME_WAIT ports older than a second.
 *
 * @param ports the ports the range gives the run: its usable ports (an even number: connect() scans an even count)
 *        times the destinations
 * @param fullAtMs when, in ms of the load, the first sample found them all taken (in TIME_WAIT or open)
 * @param acknowledgedWhenFull documents acknowledged when the range was full: the count at which the longest stall
 *        began (one per port: a document under way at the sample that found the range full holds a port already
 *        counted, and is acknowledged before the stall)
 * @param longestStallMs the longest time no document was acknowledged from the moment the range was full: from a
 *        sample at which the count grew to the next at which it grew again (sample resolution: 200 ms)
 * @param stallFromMs when that stall began, in ms of the load
 * @param docsPerSecondBefore documents acknowledged per second until the range was full
 * @param docsPerSecondAfter documents acknowledged per second from then to the end of the load
 */
public record PortsRanOut(long ports, long fullAtMs, int acknowledgedWhenFull, long longestStallMs, long stallFromMs,
        double docsPerSecondBefore, double docsPerSecondAfter) {

    /** When the range of {@code r} ran out, or null if it never did. */
    public static PortsRanOut of(ScenarioResult r) {
        ScenarioResult.Setup setup = r.setup();
        List<Sample> samples = r.timing().samples();
        long ports = (long) (setup.usablePorts() & ~1) * setup.targets();
        if (setup.tcpTwReuse() == 1 || samples == null || samples.isEmpty() || ports <= 0) {
            return null;
        }
        // ports taken: in TIME_WAIT, or open (a client that keeps its last connection until it is collected, say); the Java
        // load generator reads only TIME_WAIT during the load (established: -1)
        int fullAt = java.util.stream.IntStream.range(0, samples.size())
                .filter(i -> samples.get(i).timeWait() + Math.max(0, samples.get(i).established()) >= ports).findFirst().orElse(-1);
        if (fullAt < 0) {
            return null;
        }
        Sample full = samples.get(fullAt);
        Sample last = samples.get(samples.size() - 1);
        if (last.acknowledged() - full.acknowledged() <= setup.concurrency()) {
            return null; // no document got a port after the range was full (N documents on N ports, or all failed after)
        }
        // the longest stall from the moment the range was full: it begins once the documents under way at that sample
        // (at most one per thread, holding ports already counted) are acknowledged, and ends when a port comes back
        long stall = 0;
        long stallFrom = full.tMs();
        int acknowledgedWhenFull = full.acknowledged();
        Sample grew = full;
        for (Sample s : samples.subList(fullAt, samples.size())) {
            if (s.acknowledged() > grew.acknowledged()) {
                if (s.tMs() - grew.tMs() > stall) {
                    stall = s.tMs() - grew.tMs();
                    stallFrom = grew.tMs();
                    acknowledgedWhenFull = grew.acknowledged();
                }
                grew = s;
            }
        }
        return new PortsRanOut(ports, full.tMs(), acknowledgedWhenFull, stall, stallFrom,
                perSecond(acknowledgedWhenFull, full.tMs()), perSecond(last.acknowledged() - acknowledgedWhenFull, last.tMs() - full.tMs()));
    }

    private static double perSecond(int docs, long ms) {
        return ms <= 0 ? 0 : Math.round(docs * 10_000.0 / ms) / 10.0;
    }

    /** "every one of the 56 ports was taken (TIME_WAIT or open) at 1.4 s; then 0.5 docs/s (40.0 before), the longest stall 61.2 s". */
    public String sentence() {
        return String.format(Locale.ROOT, "every one of the %d ports was taken (TIME_WAIT or open) at %.1f s; then %.1f docs/s (%.1f before), "
                + "the longest stall %.1f s", ports, fullAtMs / 1000.0, docsPerSecondAfter, docsPerSecondBefore, longestStallMs / 1000.0);
    }
}
