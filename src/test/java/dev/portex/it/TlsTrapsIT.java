package dev.portex.it;

import static dev.portex.assertj.PortexAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.api.DocumentSender;
import dev.portex.docs.DocsPage;
import dev.portex.it.senders.HttpClient5MutualTls;
import dev.portex.it.senders.HttpClient5MutualTlsOneContext;
import dev.portex.it.senders.OkHttpSslSocketFactoryOnce;
import dev.portex.it.senders.OkHttpSslSocketFactoryPerCall;
import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import dev.portex.model.ClientKind;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reuse traps that only HTTPS shows, each beside its fix, one thread, 100 documents over {@code .tls()}: OkHttp
 * derived per call with a factory of its own (its {@code Address} differs, so its shared pool never reuses), and Apache
 * HttpClient 5 presenting a client certificate with a context per request (the connection's state is the TLS client
 * principal, which a new context does not carry). Connection counts are exact: one per document, or one. Each case
 * renders its row of the "TLS traps" table in docs/cli.md, and the page must show it: as senders of your own, and as
 * the built-in clients of {@code ./portex run --tls --client ...}.
 */
@PortexTest
@ExtendWith(PortexStackExtension.class)
@DisplayName("The TLS traps")
class TlsTrapsIT {
    static final int DOCS = 100;
    static final PortRange RANGE = new PortRange(41000, 41099);

    record Case(Class<? extends DocumentSender> sender, String written, long connections) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("OkHttp derived per call with a new SSLSocketFactory opens a connection per document",
                        new Case(OkHttpSslSocketFactoryPerCall.class, "`base.newBuilder().sslSocketFactory(newFactory(), tm).build()` per call", DOCS)),
                Arguments.of("OkHttp derived per call with one SSLSocketFactory reuses one connection",
                        new Case(OkHttpSslSocketFactoryOnce.class, "the same, the factory made once", 1)),
                Arguments.of("HttpClient 5 with a client certificate and a context per request opens a connection per document",
                        new Case(HttpClient5MutualTls.class, "one pooled client, a client certificate, `client.execute(post, HttpClientContext.create(), handler)`", DOCS)),
                Arguments.of("HttpClient 5 with a client certificate and one context reuses one connection",
                        new Case(HttpClient5MutualTlsOneContext.class, "the same, one `HttpClientContext` for every request", 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachTrapAndFixDoesWhatTheTableSays(String claim, Case c, PortexHarness portex) {
        ScenarioResult r = portex.sender(c.sender()).onPorts(41000, 41099).documents(DOCS).tls().run();

        assertThat(r).indexedEveryDocument().nothingLost();
        assertThat(r.setup().tls()).as("the run went over HTTPS").isNotNull();
        assertThat(r.sockets().clientConnectionsOpened()).as("connections %s opened for %d documents", c.sender().getSimpleName(), DOCS)
                .isEqualTo(c.connections());
        assertThat(r.serverSide().serverConnections()).as("connections Node accepted that carried documents")
                .isEqualTo(c.connections());
        String row = row(c, r);
        assertThat(DocsPage.read(DocsPage.CLI))
                .as("%s's TLS traps table must show what was measured; the row of %s is:%n%s", DocsPage.CLI, c.sender().getSimpleName(), row)
                .contains(row);
    }

    @ParameterizedTest(name = "--client {0} --tls: 100 documents over {1} connection(s)")
    @CsvSource({
            "okhttp-tls-factory-per-call, 100",
            "okhttp-tls-factory-once, 1",
            "httpclient5-mtls-context-per-request, 100",
            "httpclient5-mtls-one-context, 1"})
    void theBuiltInClientsMeasureTheSame(String client, long connections, Incident incident) {
        ScenarioResult r = incident.run(Scenario.of(ClientKind.byName(client), RANGE, DOCS).withTls());

        assertThat(r).indexedEveryDocument().nothingLost();
        assertThat(r.sockets().clientConnectionsOpened()).as("connections --client %s opened for %d documents", client, DOCS)
                .isEqualTo(connections);
        String row = "| `" + client + "` | " + r.clientSide().acknowledged() + " | " + r.sockets().clientConnectionsOpened() + " |";
        assertThat(DocsPage.read(DocsPage.CLI))
                .as("%s's table of the TLS traps as built-in clients must show what was measured; the row of %s is:%n%s",
                        DocsPage.CLI, client, row)
                .contains(row);
    }

    static String row(Case c, ScenarioResult r) {
        return "| `" + c.sender().getSimpleName() + "` | " + c.written() + " | " + r.clientSide().acknowledged() + " | "
                + r.sockets().clientConnectionsOpened() + " |";
    }
}
