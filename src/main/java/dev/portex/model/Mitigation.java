package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The advice found online for errno 99 that changes how the client closes its connections
 * ({@code --mitigation}). {@code tcp_tw_reuse} is a kernel setting of the namespace, not a close mode:
 * it is the scenario's {@code tcpTwReuse}.
 */
public enum Mitigation implements CliNamed {
    NONE("none", CloseMode.GRACEFUL),
    SO_LINGER_ZERO("so-linger-zero", CloseMode.SO_LINGER_ZERO),
    SERVER_CLOSES_FIRST("server-closes-first", CloseMode.SERVER_CLOSES_FIRST);

    private final String cliName;
    private final CloseMode closeMode;

    Mitigation(String cliName, CloseMode closeMode) {
        this.cliName = cliName;
        this.closeMode = closeMode;
    }

    @Override
    @JsonValue
    public String cliName() {
        return cliName;
    }

    /** The load generator's close mode that applies this mitigation. */
    public CloseMode closeMode() {
        return closeMode;
    }

    @JsonCreator
    public static Mitigation byName(String name) {
        try {
            return CliNamed.byName(Mitigation.class, name, "mitigation", "--mitigation");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (and --tw-reuse 1 for tcp_tw_reuse)");
        }
    }

    @Override
    public String toString() {
        return cliName;
    }
}
