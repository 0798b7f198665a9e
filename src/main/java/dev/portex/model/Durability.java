package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * When Elasticsearch makes an indexed document durable ({@code index.translog.durability}, {@code --durability}):
 * the promise behind "nothing acknowledged is lost" when Elasticsearch itself dies.
 */
public enum Durability implements CliNamed {
    /**
     * The translog is written and fsynced every 5 s ({@code index.translog.sync_interval}), not per request: fast, but a
     * crash of Elasticsearch loses what it acknowledged since the last sync. The default for runs without a fault:
     * port exhaustion does not depend on it.
     */
    ASYNC("async"),
    /** The translog is fsynced before Elasticsearch answers each request: an acknowledged document survives a crash. */
    REQUEST("request");

    private final String cliName;

    Durability(String cliName) {
        this.cliName = cliName;
    }

    @Override
    @JsonValue
    public String cliName() {
        return cliName;
    }

    @JsonCreator
    public static Durability byName(String name) {
        return CliNamed.byName(Durability.class, name, "durability", "--durability");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
