package dev.portex.internal.containers;

import dev.portex.api.PortexException;
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
    /**
     * On the load generators and Node servers a scenario runner starts: its id. Finer than {@link #SESSION}: runs of
     * several runners (test classes running side by side) share one JVM and one stack.
     */
    public static final String RUNNER = "dev.portex.runner";
    /** On what one run behind a NAT makes (its router, load generators and network): the run's id. */
    public static final String RUN = "dev.portex.run";

    /**
     * Names this JVM's session instead of a random id, e.g. a CI job's own name: {@code docker ps -a --filter
     * label=dev.portex.session=NAME} then finds what the run started. Two runs at once must not share a name: a run
     * that is interrupted removes everything of its session.
     */
    public static final String SESSION_ENV = "PORTEX_SESSION";
    private static final java.util.regex.Pattern SESSION_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String CONFIGURED = System.getenv(SESSION_ENV);
    private static final String SESSION_ID = CONFIGURED == null || CONFIGURED.isEmpty()
            ? UUID.randomUUID().toString().substring(0, 8) : CONFIGURED;

    private PortexLabels() {
    }

    /** This JVM's session: $PORTEX_SESSION, else a random id. */
    public static String sessionId() {
        checkSessionName(SESSION_ID);
        return SESSION_ID;
    }

    /** @throws PortexException for a name Docker's label filters or a shell would trip over, naming what is allowed */
    static void checkSessionName(String name) {
        if (!SESSION_NAME.matcher(name).matches()) {
            throw new PortexException(SESSION_ENV + " must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name
                    + "': e.g. " + SESSION_ENV + "=ci-job-42, or unset it for a random id", 2);
        }
    }

    public static Map<String, String> all() {
        return Map.of(PROJECT, "true", SESSION, sessionId());
    }

    /** The labels of a warm-stack part: found by {@code ./portex clean} (project) and {@code ./portex down} (warm). */
    public static Map<String, String> warm(String role) {
        return Map.of(PROJECT, "true", WARM, role);
    }
}
