package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The Node.js clients: which image runs each, and what its load generator calls it")
class NodeClientKindsTest {
    @ParameterizedTest(name = "{0} runs on Node.js {1}, where the load generator knows it as {2}")
    @CsvSource({
            "node-fetch,             24, node-fetch",
            "node-fetch-reset,       24, node-fetch-reset",
            "node-axios,             24, node-axios",
            "node18-axios,           18, node-axios",
            "node18-axios-keepalive, 18, node-axios-keepalive"})
    void eachClientHasItsImageAndName(String cliName, String nodeMajor, String loadgenName) {
        ClientKind client = ClientKind.byName(cliName);

        assertThat(client.runtime().nodeMajor()).as("the Node.js major of the image that runs %s", cliName).isEqualTo(nodeMajor);
        assertThat(client.loadgenName()).as("the --client the Node.js load generator is given for %s", cliName)
                .isEqualTo(loadgenName);
        assertThat(client.group()).as("%s is in compare --node-clients", cliName).isEqualTo(ClientKind.Group.NODE_LIBRARY);
    }

    @Test
    @DisplayName("compare --node-clients runs them in the order of docs/clients.md's table, each of the others keeps its own name")
    void orderAndOtherNames() {
        assertThat(ClientKind.nodeLibraries()).as("the Node.js clients in table order").containsExactly(ClientKind.NODE_FETCH,
                ClientKind.NODE_FETCH_RESET, ClientKind.NODE_AXIOS, ClientKind.NODE18_AXIOS, ClientKind.NODE18_AXIOS_KEEPALIVE);
        assertThat(ClientKind.GO_POST.loadgenName()).as("a client of another load generator is given its own name").isEqualTo("go-post");
        assertThat(ClientKind.GO_POST.runtime().nodeMajor()).as("no Node.js major outside the Node.js images").isNull();
        assertThat(ClientKind.NODE18_AXIOS.nodeLibrary()).as("the library node18-axios's results name").isEqualTo("axios");
        assertThat(ClientKind.NODE_FETCH.nodeLibrary()).as("the library node-fetch's results name").isEqualTo("undici");
    }
}
