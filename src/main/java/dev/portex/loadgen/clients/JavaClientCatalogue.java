package dev.portex.loadgen.clients;

import dev.portex.loadgen.DocumentClient;
import dev.portex.model.ClientKind;
import java.util.List;

/**
 * The HTTP clients Java teams ship, each as it is commonly written (issue 14): which of them run a
 * narrowed ephemeral port range out, which fail otherwise, and which are safe. {@link #NAMES} is the
 * order of {@code ./portex compare --java-clients} and of the README's "Java clients" table.
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

    private JavaClientCatalogue() {
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
