package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the pooled Java client decides whether a pooled keep-alive connection may be reused ({@code --reuse}): the
 * keep-alive race. A server closes a connection that stayed idle for its keep-alive timeout (Node: 5 s); a client
 * that sends a document over such a connection loses it, and a POST is not retried. {@link #UNCHECKED} shows the
 * failure; {@link #IDLE_TIMEOUT} and {@link #RETRY_WITH_ID} are the client's cures on top of it (the third cure,
 * a longer server timeout, is the scenario's {@code serverKeepAliveMs}).
 */
public enum ConnectionReuse implements CliNamed {
    /**
     * Apache HttpClient 5.6's defaults: a connection expires when the server's {@code Keep-Alive: timeout=N} header
     * says so, and one idle for more than 2 s is checked for staleness (a 1 ms read: has the server closed it?)
     * before it is reused.
     */
    DEFAULT("default"),
    /**
     * The library's stale check alone: connections are kept 3 minutes whatever the server's Keep-Alive header says
     * (HttpClient's own keep-alive when a server sends none, as nginx and most proxies do), and one idle for more
     * than 2 s is checked before reuse. It sees a close only once the server's FIN has arrived.
     */
    STALE_CHECK("stale-check"),
    /**
     * No check at all: the Keep-Alive header ignored (3 minutes) and the stale check off
     * ({@code validateAfterInactivity} negative). Every reuse of a connection the server already closed fails.
     */
    UNCHECKED("unchecked"),
    /**
     * Fix: as {@link #UNCHECKED}, but a connection idle for {@link #IDLE_TIMEOUT_MS} or more is closed instead of
     * reused ({@code ConnectionConfig.idleTimeout}): the client gives up its connections before Node's 5 s do.
     */
    IDLE_TIMEOUT("idle-timeout"),
    /**
     * Fix: as {@link #UNCHECKED}, but every document carries its own id ({@code runId-seq}; Node indexes it under that
     * id) and a send that failed with an I/O error is retried once: a document that did reach Elasticsearch is
     * overwritten, not indexed twice.
     */
    RETRY_WITH_ID("retry-with-id"),
    /**
     * Fix for a NAT's idle timeout ({@code --nat-idle-timeout}): as {@link #DEFAULT}, but every connection sends TCP
     * keep-alive probes once it has been idle {@link #TCP_KEEP_IDLE_SECONDS} s, then every second
     * ({@code SocketConfig} SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL): the NAT sees the idle connection's packets and
     * keeps its mapping.
     */
    TCP_KEEP_ALIVE("tcp-keep-alive");

    /** {@link #IDLE_TIMEOUT}'s limit: below Node's default keep-alive timeout of 5 s. */
    public static final int IDLE_TIMEOUT_MS = 4000;
    /** {@link #TCP_KEEP_ALIVE}'s idle time before the first probe: below any NAT idle timeout portex sets in its tests. */
    public static final int TCP_KEEP_IDLE_SECONDS = 2;

    private final String cliName;

    ConnectionReuse(String cliName) {
        this.cliName = cliName;
    }

    @Override
    @JsonValue
    public String cliName() {
        return cliName;
    }

    /** True when the client sends every document with its own id (Node then indexes it under that id). */
    public boolean documentsCarryTheirId() {
        return this == RETRY_WITH_ID;
    }

    @JsonCreator
    public static ConnectionReuse byName(String name) {
        return CliNamed.byName(ConnectionReuse.class, name, "connection reuse", "--reuse");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
