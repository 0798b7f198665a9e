package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the Java load generator closes a connection: the load generator's {@code --close-mode}. Only
 * {@link #GRACEFUL} is a client's own default; the others are what {@link Mitigation}s ask for.
 */
public enum CloseMode implements CliNamed {
    /** HttpClient's default: the client sends FIN first and so keeps the TIME_WAIT. */
    GRACEFUL("graceful"),
    /** SO_LINGER 0: close() aborts with RST, no TIME_WAIT anywhere. */
    SO_LINGER_ZERO("so-linger-zero"),
    /** {@code Connection: close}, read to the server's FIN, then close: the TIME_WAIT lands on the server. */
    SERVER_CLOSES_FIRST("server-closes-first");

    private final String cliName;

    CloseMode(String cliName) {
        this.cliName = cliName;
    }

    @Override
    @JsonValue
    public String cliName() {
        return cliName;
    }

    @JsonCreator
    public static CloseMode byName(String name) {
        return CliNamed.byName(CloseMode.class, name, "close mode", "--close-mode");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
