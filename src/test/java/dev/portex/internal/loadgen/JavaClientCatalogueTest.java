package dev.portex.internal.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.internal.cli.CliOptionsAccess;
import dev.portex.model.ClientKind;
import dev.portex.model.CloseMode;
import dev.portex.model.ConnectionReuse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java library clients are known by name everywhere a client is chosen, and each can be made and closed. */
class JavaClientCatalogueTest {

    static Iterable<ClientKind> libraries() {
        return ClientKind.libraries();
    }

    @ParameterizedTest(name = "{0} is made by name, without opening a connection, and closes")
    @MethodSource("libraries")
    void eachClientIsMadeByNameAndCloses(ClientKind kind) throws Exception {
        DocumentClient client = DocumentClient.of(kind, 1, CloseMode.GRACEFUL, ConnectionReuse.DEFAULT);
        assertThat(client).as("the client --client %s makes", kind).isNotNull();
        client.close();
    }

    @ParameterizedTest(name = "the load generator and the command line accept --client {0}")
    @MethodSource("libraries")
    void everyListAcceptsTheName(ClientKind kind) {
        assertThat(LoadOptions.parse("--client", kind.cliName(), "--target", "http://ingest-node:8080/docs").client())
                .as("the load generator's --client").isEqualTo(kind);
        assertThat(CliOptionsAccess.clientOf("run", "--client", kind.cliName())).as("./portex run --client").isEqualTo(kind);
        assertThat(kind.runtime()).as("the image that runs it").isEqualTo(ClientKind.Runtime.JAVA);
    }

    @Test
    @DisplayName("compare keeps to the incident's four clients; compare --java-clients runs the nine in catalogue order")
    void compareRunsTheCatalogueOnlyWhenAsked() {
        assertThat(CliOptionsAccess.compareClients("compare")).as("clients of plain compare")
                .containsExactly(ClientKind.PER_REQUEST, ClientKind.POOLED, ClientKind.PYTHON_POST, ClientKind.PYTHON_SESSION);
        assertThat(CliOptionsAccess.compareClients("compare", "--java-clients"))
                .as("clients of compare --java-clients").containsExactlyElementsOf(ClientKind.libraries());
        assertThat(ClientKind.libraries().stream().map(ClientKind::cliName).toList())
                .as("the catalogue's names, in the order of the table in docs/clients.md").containsExactlyElementsOf(JavaClientCatalogue.NAMES);
    }

    @Test
    void anIncidentClientIsNotALibraryClient() {
        assertThatThrownBy(() -> JavaClientCatalogue.create(ClientKind.POOLED, 1))
                .as("the catalogue makes library clients only")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restassured-default")
                .hasMessageContaining("httpclient5-unconsumed");
    }

    @Test
    void theLoadGeneratorTakesARecoveryLimit() {
        LoadOptions o = LoadOptions.parse("--client", "okhttp-per-request", "--target", "http://x:8080/docs",
                "--await-recovery-seconds", "120");
        assertThat(o.awaitRecoverySeconds()).as("--await-recovery-seconds").isEqualTo(120);
        assertThat(LoadOptions.parse("--client", "pooled", "--target", "http://x:8080/docs").awaitRecoverySeconds())
                .as("no recovery wait unless asked").isZero();
    }
}
