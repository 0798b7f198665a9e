package dev.portex.internal.loadgen;

import dev.portex.model.ClientKind;
import java.util.List;

/**
 * The HTTP clients Java teams ship, each as it is commonly written (issue 14): which of them run a
 * narrowed ephemeral port range out, which fail otherwise, and which are safe. {@link #NAMES} is the
 * order of {@code ./portex compare --java-clients} and of the "Java clients" table in docs/clients.md.
 */
public final class JavaClientCatalogue {
    public static final List<String> NAMES = List.of(
            RestAssuredDefault.NAME,
            RestAssuredReuse.NAME,
            JdkPerRequest.NAME,
            JdkShared.NAME,
            OkHttpPerRequest.NAME,
            OkHttpShared.NAME,
            UrlConnection.NAME,
            UrlConnectionUnread.NAME,
            HttpClient5Unconsumed.NAME);

    private static final java.util.Map<String, String> DESCRIPTIONS = java.util.Map.of(
            RestAssuredDefault.NAME, "REST Assured with its default configuration: a new HttpClient per request, "
                    + "never shut down; its connection is closed only when a garbage collection finalizes it.",
            RestAssuredReuse.NAME, "REST Assured with reuseHttpClientInstance(), one configuration for every request: "
                    + "one keep-alive connection.",
            JdkPerRequest.NAME, "a new java.net.http.HttpClient per document: each keeps its connection open "
                    + "until the server closes it.",
            JdkShared.NAME, "one java.net.http.HttpClient for the run: one keep-alive connection.",
            OkHttpPerRequest.NAME, "a new OkHttpClient per document: each pool keeps its connection for 5 minutes.",
            OkHttpShared.NAME, "one OkHttpClient for the run: one keep-alive connection.",
            UrlConnection.NAME, "HttpURLConnection, body read to the end and closed: the JDK's keep-alive cache "
                    + "reuses the connection.",
            UrlConnectionUnread.NAME, "HttpURLConnection, body never read or closed: every document opens a new "
                    + "connection and the old ones stay open.",
            HttpClient5Unconsumed.NAME, "one pooled Apache HttpClient 5 whose responses are never consumed: after "
                    + "the pool's 5 connections, every request waits for a lease and times out.");

    private JavaClientCatalogue() {
    }

    /** One plain-text sentence on what {@code cliName} does and why it exhausts or not; null for other clients. */
    public static String description(String cliName) {
        return DESCRIPTIONS.get(cliName);
    }

    /**
     * A new client named {@code cliName} ({@code --client}). {@code concurrency} is ignored: each
     * library's own defaults decide how many connections it keeps.
     */
    public static DocumentClient create(ClientKind kind, int concurrency) {
        return switch (kind.cliName()) {
            case RestAssuredDefault.NAME -> new RestAssuredDefault();
            case RestAssuredReuse.NAME -> new RestAssuredReuse();
            case JdkPerRequest.NAME -> new JdkPerRequest();
            case JdkShared.NAME -> new JdkShared();
            case OkHttpPerRequest.NAME -> new OkHttpPerRequest();
            case OkHttpShared.NAME -> new OkHttpShared();
            case UrlConnection.NAME -> new UrlConnection();
            case UrlConnectionUnread.NAME -> new UrlConnectionUnread();
            case HttpClient5Unconsumed.NAME -> new HttpClient5Unconsumed();
            default -> throw new IllegalArgumentException("not a Java library client: '" + kind + "': use one of "
                    + String.join(", ", NAMES));
        };
    }
}
