package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.harness.ScenarioResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders a row of the README's "Java clients" table from a measured result, using only what is
 * deterministic (counts, the set of socket states, the exception text, whether and roughly when ports
 * came back), and checks the README shows exactly that row, so the table cannot drift from the code.
 */
final class JavaClientsTable {
    /** The one-line fix of each variant that is not safe as written; "—" for the safe ones. */
    static final Map<String, String> FIXES = Map.of(
            "restassured-default", "one `RestAssuredConfig` with `httpClientConfig().reuseHttpClientInstance()`, "
                    + "set once (`RestAssured.config = ...`), not built per request: `restassured-reuse`",
            "restassured-reuse", "—",
            "jdk-per-request", "one `HttpClient` for the application: `jdk-shared`",
            "jdk-shared", "—",
            "okhttp-per-request", "one `OkHttpClient` for the application: `okhttp-shared`",
            "okhttp-shared", "—",
            "urlconnection", "—",
            "urlconnection-unread", "read the body (or `getErrorStream()`) to the end and close it: `urlconnection`",
            "httpclient5-unconsumed", "`client.execute(request, response -> ...)`: the response handler consumes "
                    + "the entity and releases the connection (the project's `pooled` client)");

    private JavaClientsTable() {
    }

    static String row(ScenarioResult r) {
        return "| `" + r.client() + "` | " + safe(r) + " | " + connections(r) + " | " + sockets(r) + " | "
                + firstFailure(r) + " | " + recovery(r) + " | " + FIXES.get(r.client()) + " |";
    }

    /** Asserts README.md holds exactly the row rendered from {@code r}. */
    static void assertReadmeShows(ScenarioResult r) {
        String row = row(r);
        assertThat(readme())
                .as("README.md's \"Java clients\" table must show what was measured; update the row of %s to:%n%s",
                        r.client(), row)
                .contains(row);
    }

    static boolean outOfPorts(ScenarioResult r) {
        return r.error() != null && "Cannot assign requested address".equals(r.error().message());
    }

    private static String safe(ScenarioResult r) {
        if (r.failed() == 0) {
            return "yes";
        }
        return outOfPorts(r)
                ? "no: out of ports after " + r.acknowledged() + " documents"
                : "no: stuck after " + r.acknowledged() + " documents";
    }

    private static String connections(ScenarioResult r) {
        long opened = r.clientConnectionsOpened();
        if (r.failed() == 0) {
            return opened + " (all " + r.docs() + " documents on " + (opened == 1 ? "it)" : "them)");
        }
        if (outOfPorts(r) && opened == r.acknowledged()) {
            return "100 (one per document)";
        }
        return opened + ", then none";
    }

    private static String sockets(ScenarioResult r) {
        long total = r.clientSocketStates().values().stream().mapToLong(Long::longValue).sum();
        TreeSet<String> states = new TreeSet<>(r.clientSocketStates().keySet());
        if (states.isEmpty()) {
            return "none";
        }
        return states.size() == 1 ? total + " " + states.first() : total + ": " + String.join(" and ", states);
    }

    private static String firstFailure(ScenarioResult r) {
        if (r.error() == null) {
            return "—";
        }
        // HttpClient 5 adds the measured wait ("actual: 1001 MILLISECONDS"), which varies by a millisecond or so.
        String message = r.error().message().replaceAll("actual: \\d+ MILLISECONDS", "actual: … MILLISECONDS");
        return "`" + r.error().type() + ": " + message + "`";
    }

    private static String recovery(ScenarioResult r) {
        if (r.failed() == 0) {
            return "—";
        }
        Long ms = r.recoveredAfterMs();
        if (ms == null) {
            return "no: not within 120 s";
        }
        if (ms < 20_000) {
            return "yes, within 20 s";
        }
        if (ms >= 50_000 && ms <= 80_000) {
            return "yes, after about 60 s (TIME_WAIT)";
        }
        return "yes, after " + Math.round(ms / 1000.0) + " s";
    }

    private static String readme() {
        try {
            return Files.readString(Path.of(System.getProperty("portex.home", "."), "README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
