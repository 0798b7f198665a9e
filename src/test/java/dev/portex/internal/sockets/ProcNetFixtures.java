package dev.portex.internal.sockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Hand-written /proc/net/tcp(6) texts under src/test/resources/proc-net-tcp/. */
public final class ProcNetFixtures {

    /** 100 TIME_WAIT sockets 172.18.0.4:40000-40099 -> 172.18.0.3:8080, and Docker's DNS listener. */
    public static final String PER_REQUEST_CLIENT = "client-per-request-time-wait.tcp";
    /** One ESTABLISHED keep-alive connection 172.18.0.4:40017 -> 172.18.0.3:8080, and the DNS listener. */
    static final String POOLED_CLIENT = "client-pooled.tcp";
    /**
     * The Node server: LISTEN on 8080, 5 accepted connections from 172.18.0.4:40100-40104, and towards
     * Elasticsearch 172.18.0.2:9200 50 TIME_WAIT (40000-40049), 2 ESTABLISHED (40050-40051), 1 FIN_WAIT2 (40052).
     */
    static final String INGEST_SERVER = "ingest-server.tcp";
    /**
     * tcp6 of a Java client: LISTEN :::9200, ESTABLISHED and 3 TIME_WAIT v4-mapped to ::ffff:172.18.0.3:8080
     * (40001-40004), a ::1 connection 45678 <-> 9200 seen from both ends, SYN_SENT 2001:db8::4:40005 -> 2001:db8::3:8080.
     */
    static final String JAVA_CLIENT_TCP6 = "client-java.tcp6";
    /** A tcp6 table with its header and no socket. */
    static final String EMPTY_TCP6 = "empty.tcp6";

    private ProcNetFixtures() {
    }

    public static String text(String name) {
        try (InputStream in = ProcNetFixtures.class.getResourceAsStream("/proc-net-tcp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource proc-net-tcp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TcpSocketTable table(String... names) {
        String[] texts = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            texts[i] = text(names[i]);
        }
        return TcpSocketTable.parse(texts);
    }
}
