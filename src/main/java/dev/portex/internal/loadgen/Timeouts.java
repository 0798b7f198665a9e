package dev.portex.internal.loadgen;

import java.time.Duration;

/**
 * The time limits every client of this package sets, so that a run stays bounded even when a client
 * leaks connections: connecting may take {@link #CONNECT}, an answer {@link #RESPONSE}. Only these are
 * changed from each library's defaults; everything that decides how connections are opened, reused
 * and closed is left as the library ships it.
 */
final class Timeouts {
    /**
     * Connect time-out. EADDRNOTAVAIL fails at once, long before it; behind a full NAT ({@code --nat-ports}) a connect
     * whose SYN the NAT drops waits for it, so it is short: 3 s, the SYN sent three or four times (at 0, 1, 2 and
     * 3 s where {@code net.ipv4.tcp_syn_linear_timeouts} is 4, as on kernel 6.18 here).
     */
    static final Duration CONNECT = Duration.ofSeconds(3);
    /** Time-out for the answer (the socket read time-out where a library has no other). */
    static final Duration RESPONSE = Duration.ofSeconds(30);
    /**
     * How long Apache HttpClient 5 waits for a connection of its pool (its default: 3 minutes). Short,
     * because a pool whose connections are never released makes every later document wait this long.
     */
    static final Duration POOL_LEASE = Duration.ofSeconds(1);

    private Timeouts() {
    }
}
