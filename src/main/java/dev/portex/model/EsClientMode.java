package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the Node ingest server talks to Elasticsearch ({@code --es-client}): the incident's second leg. */
public enum EsClientMode implements CliNamed {
    /** The official client's defaults: a keep-alive connection pool. */
    POOLED("pooled"),
    /** A new TCP connection for every Elasticsearch request, closed by Node afterwards. */
    PER_REQUEST("per-request"),
    /**
     * The documented "disable keep-alive": {@code HttpConnection} with {@code agent: false}, which
     * falls back to Node's global agent: keep-alive off on Node 18 ({@code Connection: close}, one connection
     * per request), on since Node 19 (connections reused).
     */
    AGENT_FALSE("agent-false");

    private final String cliName;

    EsClientMode(String cliName) {
        this.cliName = cliName;
    }

    @Override
    @JsonValue
    public String cliName() {
        return cliName;
    }

    @JsonCreator
    public static EsClientMode byName(String name) {
        return CliNamed.byName(EsClientMode.class, name, "Elasticsearch client mode", "--es-client");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
