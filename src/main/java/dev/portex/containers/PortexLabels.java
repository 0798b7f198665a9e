package dev.portex.containers;

import java.util.Map;
import java.util.UUID;

/** Every container and network portex starts carries these labels, so `./portex clean` can find leftovers. */
public final class PortexLabels {
    /** Present on everything portex starts. */
    public static final String PROJECT = "dev.portex";
    /** One value per JVM: tells apart the resources of concurrent runs. */
    public static final String SESSION = "dev.portex.session";
    /**
     * On the warm stack ({@code ./portex up}) instead of {@link #SESSION}: it outlives the JVM that started it. The value
     * is the part's role: {@code network}, {@code elasticsearch}, or {@code node:<es-client>/<targets>}.
     */
    public static final String WARM = "dev.portex.warm";

    private static final String SESSION_ID = UUID.randomUUID().toString().substring(0, 8);

    private PortexLabels() {
    }

    public static String sessionId() {
        return SESSION_ID;
    }

    public static Map<String, String> all() {
        return Map.of(PROJECT, "true", SESSION, SESSION_ID);
    }

    /** The labels of a warm-stack part: found by {@code ./portex clean} (project) and {@code ./portex down} (warm). */
    public static Map<String, String> warm(String role) {
        return Map.of(PROJECT, "true", WARM, role);
    }
}
