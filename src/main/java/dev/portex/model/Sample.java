package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Totals at a moment of the run, for the report's time series, with the TCP states of the
 * load generator's namespace at that moment (-1 where they were not read).
 *
 * <p>The Java load generator reads the sockets first and the document counts after them, so the socket
 * counts never run ahead of the documents: with a client that opens a connection per document,
 * {@code timeWait <= attempted}. During the load it reads {@code timeWait} from {@code /proc/net/sockstat}
 * (its {@code tw}: a few hundred bytes instead of a line per socket) and leaves {@code established} at -1,
 * which only the full table has; its last sample, at the end of the load, reads both from
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}. The Python load generator reads both from the table at
 * every sample, and has no {@code attempted}.
 *
 * @param tMs          milliseconds since the load started
 * @param acknowledged documents answered 201 so far
 * @param failed       documents failed so far
 * @param timeWait     TIME_WAIT sockets of the namespace, IPv4 and IPv6, or -1
 * @param established  ESTABLISHED sockets of the namespace, or -1
 * @param attempted    documents handed to the client so far, in flight included, read after the other counts;
 *                     null where not counted (the Python load generator, runs recorded before it was)
 */
public record Sample(long tMs, int acknowledged, int failed, int timeWait, int established,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer attempted) {

    /** A sample without the attempted count. */
    public Sample(long tMs, int acknowledged, int failed, int timeWait, int established) {
        this(tMs, acknowledged, failed, timeWait, established, null);
    }
}
