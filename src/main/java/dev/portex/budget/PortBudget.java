package dev.portex.budget;

import dev.portex.model.PortRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Predicts client-side ephemeral port exhaustion ({@code EADDRNOTAVAIL}, errno 99) for a run that
 * opens one new TCP connection per document and closes it first, so each port then sits in
 * TIME_WAIT. A port is unique per (src addr, dst addr, dst port), so one destination can hold at
 * most {@code range size} connections at a time, and K destinations {@code K x size}.
 *
 * <p>Model: a port is free again {@code window} seconds after it was used, where the window is
 * TIME_WAIT (60 s on Linux) or, with {@code tcp_tw_reuse=1} (or 2 towards loopback), the
 * {@code tcp_tw_reuse_delay}. At a constant rate R the connections of one window must coexist, so
 * the run exhausts iff {@code N > capacity} and {@code R x window > capacity} (full speed: R is
 * infinite); then document {@code capacity + 1} is the first to fail, at {@code capacity / R} s.
 * Sockets already open towards the same destination (a health check, a pool) lower the capacity
 * and are not modelled; neither are spread-out failures once ports free again.
 *
 * <p>Build one with {@link #builder()}; the canonical constructor validates every input and throws
 * {@link IllegalArgumentException} whose message names the problem and the fix.
 *
 * @param portRange         the ephemeral range, {@code ip_local_port_range}
 * @param timeWaitSeconds   how long a closed port stays in TIME_WAIT (Linux: 60)
 * @param rate              new connections (documents) per second; 0 means as fast as possible
 * @param docs              number of documents N, one new connection each
 * @param tcpTwReuse        {@code net.ipv4.tcp_tw_reuse}: 0 off, 1 on, 2 loopback only (kernel default)
 * @param reuseDelayMillis  {@code net.ipv4.tcp_tw_reuse_delay}: age at which tcp_tw_reuse may take a
 *                          TIME_WAIT port (kernel default 1000 ms)
 * @param destinations      number K of distinct (dst addr, dst port) the documents are spread over
 * @param loopback          whether the destination is on loopback (decides what tcp_tw_reuse=2 does)
 */
public record PortBudget(
        PortRange portRange,
        int timeWaitSeconds,
        double rate,
        long docs,
        int tcpTwReuse,
        int reuseDelayMillis,
        int destinations,
        boolean loopback) {

    public static final int DEFAULT_TIME_WAIT_SECONDS = 60;
    public static final int DEFAULT_REUSE_DELAY_MILLIS = 1000;

    public PortBudget {
        if (portRange == null) {
            throw new IllegalArgumentException("a port range is required: give LOW-HIGH, e.g. 32768-60999");
        }
        if (timeWaitSeconds < 1) {
            throw new IllegalArgumentException("TIME_WAIT must be >= 1 s (Linux uses 60), got " + timeWaitSeconds);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be >= 0 docs/s (0 = as fast as possible), got "
                    + Format.decimal(rate));
        }
        if (docs < 1) {
            throw new IllegalArgumentException("docs must be >= 1 (the number of documents to send), got " + docs);
        }
        if (tcpTwReuse < 0 || tcpTwReuse > 2) {
            throw new IllegalArgumentException("tcp_tw_reuse must be 0, 1 or 2 (0 = off, 1 = on, "
                    + "2 = loopback only, the kernel default), got " + tcpTwReuse);
        }
        if (reuseDelayMillis < 1) {
            throw new IllegalArgumentException("tcp_tw_reuse_delay must be >= 1 ms (kernel default 1000), got "
                    + reuseDelayMillis);
        }
        if (destinations < 1) {
            throw new IllegalArgumentException("destinations must be >= 1 (distinct dst addr:port pairs), got "
                    + destinations);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when the run goes as fast as it can ({@code rate == 0}). */
    public boolean fullSpeed() {
        return rate == 0;
    }

    /** True when tcp_tw_reuse lets new connections take TIME_WAIT ports: 1, or 2 towards loopback. */
    public boolean reuseApplies() {
        return tcpTwReuse == 1 || (tcpTwReuse == 2 && loopback);
    }

    /** How long a used port stays unusable: TIME_WAIT, or the reuse delay if reuse applies and is shorter. */
    public long windowMillis() {
        long timeWait = timeWaitSeconds * 1000L;
        return reuseApplies() ? Math.min(timeWait, reuseDelayMillis) : timeWait;
    }

    /** The ceiling: ports of the range times the number of destinations. */
    public long capacity() {
        return (long) portRange.size() * destinations;
    }

    /** Runs the model. */
    public Prediction predict() {
        long capacity = capacity();
        long windowMillis = windowMillis();
        double windowSeconds = windowMillis / 1000.0;
        double sustainable = capacity / windowSeconds;

        // connections that must coexist in one window: min(N, ceil(R x window)), exact in decimal
        long peak;
        if (fullSpeed()) {
            peak = docs;
        } else {
            BigDecimal perWindow = BigDecimal.valueOf(rate).multiply(BigDecimal.valueOf(windowMillis))
                    .divide(BigDecimal.valueOf(1000));
            peak = perWindow.compareTo(BigDecimal.valueOf(docs)) >= 0
                    ? docs
                    : perWindow.setScale(0, RoundingMode.CEILING).longValueExact();
        }
        boolean exhausts = peak > capacity;

        OptionalDouble perMinute = fullSpeed() ? OptionalDouble.empty() : OptionalDouble.of(rate * 60);
        OptionalLong firstFailing = exhausts ? OptionalLong.of(capacity + 1) : OptionalLong.empty();
        OptionalDouble firstFailureSeconds = exhausts && !fullSpeed()
                ? OptionalDouble.of(capacity / rate) : OptionalDouble.empty();
        OptionalDouble recovery = OptionalDouble.empty();
        if (exhausts) {
            // the first port frees one window after the first connection (t = 0)
            recovery = OptionalDouble.of(Math.max(0, windowSeconds - firstFailureSeconds.orElse(0)));
        }
        long delivered = exhausts ? capacity : docs;

        long neededPerDestination = Math.max(2, ceilDiv(peak, destinations));
        Advice advice = new Advice(sustainable, neededPerDestination,
                neededPerDestination <= PortRange.WIDEST.size(), PortRange.WIDEST);

        return new Prediction(this, capacity, windowSeconds, sustainable, perMinute, peak, exhausts,
                firstFailing, firstFailureSeconds, delivered, recovery, advice);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Mutable builder with the kernel defaults; {@link #build()} validates. */
    public static final class Builder {
        private PortRange portRange = PortRange.LINUX_DEFAULT;
        private int timeWaitSeconds = DEFAULT_TIME_WAIT_SECONDS;
        private double rate = 0;
        private long docs = 0;
        private int tcpTwReuse = 0;
        private int reuseDelayMillis = DEFAULT_REUSE_DELAY_MILLIS;
        private int destinations = 1;
        private boolean loopback = false;

        private Builder() {
        }

        /** Default {@link PortRange#LINUX_DEFAULT}, 32768-60999. */
        public Builder portRange(PortRange range) {
            this.portRange = range;
            return this;
        }

        /** {@code "LOW-HIGH"}; throws at once if the text is bad. */
        public Builder portRange(String lowDashHigh) {
            return portRange(PortRange.parse(lowDashHigh));
        }

        public Builder portRange(int low, int high) {
            return portRange(new PortRange(low, high));
        }

        /** Default 60. */
        public Builder timeWaitSeconds(int seconds) {
            this.timeWaitSeconds = seconds;
            return this;
        }

        /** New connections per second; 0 (the default) = as fast as possible. */
        public Builder rate(double docsPerSecond) {
            this.rate = docsPerSecond;
            return this;
        }

        /** Required, >= 1. */
        public Builder docs(long docs) {
            this.docs = docs;
            return this;
        }

        /** 0, 1 or 2; default 0 (2, the kernel default, acts like 0 off loopback). */
        public Builder tcpTwReuse(int mode) {
            this.tcpTwReuse = mode;
            return this;
        }

        /** Default 1000 ms. */
        public Builder reuseDelayMillis(int millis) {
            this.reuseDelayMillis = millis;
            return this;
        }

        /** Default 1. */
        public Builder destinations(int k) {
            this.destinations = k;
            return this;
        }

        /** Whether the destination is on loopback; default false. */
        public Builder loopback(boolean loopback) {
            this.loopback = loopback;
            return this;
        }

        public PortBudget build() {
            return new PortBudget(portRange, timeWaitSeconds, rate, docs, tcpTwReuse, reuseDelayMillis,
                    destinations, loopback);
        }

        /** {@code build().predict()}. */
        public Prediction predict() {
            return build().predict();
        }
    }
}
