package dev.portex.containers;

import java.util.Map;
import java.util.UUID;

/** Every container and network portex starts carries these labels, so `./portex clean` can find leftovers. */
public final class PortexLabels {
    /** Present on everything portex starts. */
    public static final String PROJECT = "dev.portex";
    /** One value per JVM: tells apart the resources of concurrent runs. */
    public static final String SESSION = "dev.portex.session";

    private static final String SESSION_ID = UUID.randomUUID().toString().substring(0, 8);

    private PortexLabels() {
    }

    public static String sessionId() {
        return SESSION_ID;
    }

    public static Map<String, String> all() {
        return Map.of(PROJECT, "true", SESSION, SESSION_ID);
    }
}
