package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The load generators' clients: how a document is sent, and so how many connections (and ports) it costs. */
public enum ClientKind implements CliNamed {
    /** Java, a new Apache HttpClient 5 for every document: a new connection and port each, closed by the client. */
    PER_REQUEST("per-request", Runtime.JAVA, false),
    /** Java, one pooled Apache HttpClient 5 with keep-alive: one connection per thread. */
    POOLED("pooled", Runtime.JAVA, true),
    /** Python, {@code requests.post(...)} per document: the incident's sender. */
    PYTHON_POST("python-post", Runtime.PYTHON, false),
    /** Python, one {@code requests.Session()} per worker process: the incident's fix. */
    PYTHON_SESSION("python-session", Runtime.PYTHON, true),
    /**
     * Your own {@code dev.portex.api.DocumentSender}, run on your test classpath in the Java image (the JUnit API);
     * whether it reuses connections is what the run finds out.
     */
    SENDER("sender", Runtime.JAVA, false),
    /** Any command line, run once per document in the Python image (which has curl and wget): {@code --client-command}. */
    COMMAND("command", Runtime.PYTHON, false),
    /** A user's own image, run once as the whole load generator in the narrowed namespace: {@code --client-image}. */
    IMAGE("image", Runtime.PYTHON, false);

    /** Which load-generator image runs the client. */
    public enum Runtime { JAVA, PYTHON }

    private final String cliName;
    private final Runtime runtime;
    private final boolean reusesConnections;

    ClientKind(String cliName, Runtime runtime, boolean reusesConnections) {
        this.cliName = cliName;
        this.runtime = runtime;
        this.reusesConnections = reusesConnections;
    }

    @Override
    @JsonValue
    public String cliName() {
        return cliName;
    }

    public Runtime runtime() {
        return runtime;
    }

    /** True when the client keeps connections alive, so its ports in use stay at its connection count. */
    public boolean reusesConnections() {
        return reusesConnections;
    }

    /** False for {@link #SENDER}, {@link #COMMAND} and {@link #IMAGE}: those run the user's own program. */
    public boolean builtIn() {
        return this != SENDER && this != COMMAND && this != IMAGE;
    }

    /** portex's own clients, in declaration order: what compare and bench run. */
    public static List<ClientKind> builtIns() {
        return Arrays.stream(values()).filter(ClientKind::builtIn).toList();
    }

    /** portex's own clients of one runtime, in declaration order. */
    public static List<ClientKind> of(Runtime runtime) {
        return builtIns().stream().filter(c -> c.runtime == runtime).toList();
    }

    /** @throws IllegalArgumentException naming every client, for an unknown name */
    @JsonCreator
    public static ClientKind byName(String name) {
        return CliNamed.byName(ClientKind.class, name, "client", "--client");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
