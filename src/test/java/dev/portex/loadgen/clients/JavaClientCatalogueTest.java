package dev.portex.loadgen.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.cli.CliOptionsAccess;
import dev.portex.containers.LoadGeneratorContainer;
import dev.portex.loadgen.DocumentClient;
import dev.portex.loadgen.LoadOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java library clients are known by name everywhere a client is chosen, and each can be made and closed. */
class JavaClientCatalogueTest {

    static Iterable<String> names() {
        return JavaClientCatalogue.NAMES;
    }

    @ParameterizedTest(name = "{0} is made by name, without opening a connection, and closes")
    @MethodSource("names")
    void eachClientIsMadeByNameAndCloses(String name) throws Exception {
        DocumentClient client = DocumentClient.named(name, 1, "graceful");
        assertThat(client).as("the client --client %s makes", name).isNotNull();
        client.close();
    }

    @ParameterizedTest(name = "the load generator, the Java image and the command line accept --client {0}")
    @MethodSource("names")
    void everyListAcceptsTheName(String name) {
        assertThat(LoadOptions.parse("--client", name, "--target", "http://ingest-node:8080/docs").client())
                .as("the load generator's --client").isEqualTo(name);
        assertThat(LoadGeneratorContainer.JAVA_LIBRARY_CLIENTS).as("clients the Java image runs").contains(name);
        assertThat(CliOptionsAccess.clientOf("run", "--client", name)).as("./portex run --client").isEqualTo(name);
    }

    @Test
    @DisplayName("compare and bench keep to the incident's four clients; compare --java-clients runs the nine in catalogue order")
    void compareRunsTheCatalogueOnlyWhenAsked() {
        assertThat(LoadGeneratorContainer.ALL_CLIENTS).as("clients of plain compare and bench")
                .containsExactly("per-request", "pooled", "python-post", "python-session");
        assertThat(CliOptionsAccess.compareClients("compare", "--java-clients"))
                .as("clients of compare --java-clients").containsExactlyElementsOf(JavaClientCatalogue.NAMES);
    }

    @Test
    void anUnknownNameIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> JavaClientCatalogue.create("curl", 1))
                .as("an unknown Java client")
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
