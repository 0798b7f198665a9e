package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.internal.containers.PortexContainer;
import dev.portex.model.ClientKind;
import dev.portex.model.ScenarioResult;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The versions a result names, from what Node's /stats says and the images' /etc/portex/versions (their text as the
 * Dockerfiles write it), for each kind of client: a client's runtime is named when portex's own client ran on it.
 */
@DisplayName("The versions of a run")
class RunVersionsTest {
    static final Map<String, String> NODE_IMAGE = PortexContainer.parseVersions(
            "debian=13.2\nnode=24.21.0\nelasticsearch-client=9.5.1\n");
    static final Map<String, String> JAVA_IMAGE = PortexContainer.parseVersions("debian=13.2\njava=25.0.5+11-Debian-1\n");
    static final Map<String, String> PYTHON_IMAGE = PortexContainer.parseVersions(
            "debian=13.2\npython=3.13.5\nrequests=2.32.3\nurllib3=2.3.0\n");

    @Test
    @DisplayName("reads name=version lines in their order, and leaves other lines out")
    void parsesTheFile() {
        assertThat(PortexContainer.parseVersions("debian=13.2\n\n# a comment\n java = 25.0.5 \nnode=\n"))
                .as("the parsed file").containsExactly(Map.entry("debian", "13.2"), Map.entry("java", "25.0.5"),
                        Map.entry("node", ""));
    }

    @Test
    @DisplayName("a Java client: Node.js from /stats, the load generator's JRE, Debian")
    void javaClient() throws IOException {
        ScenarioResult.Versions v = ScenarioRunner.versions(ClientKind.POOLED, stats("v24.21.0"), NODE_IMAGE, JAVA_IMAGE);

        assertThat(v).as("versions of a pooled run")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", "25.0.5+11-Debian-1", null, null, null, null, null, null, null, null, null, "13.2"));
        assertThat(new ObjectMapper().writeValueAsString(v)).as("their JSON: only what ran")
                .isEqualTo("{\"node\":\"24.21.0\",\"java\":\"25.0.5+11-Debian-1\",\"debian\":\"13.2\"}");
    }

    @Test
    @DisplayName("a Python client: Python, requests and urllib3 instead of a JRE")
    void pythonClient() {
        assertThat(ScenarioRunner.versions(ClientKind.PYTHON_POST, stats("v24.21.0"), NODE_IMAGE, PYTHON_IMAGE))
                .as("versions of a python-post run")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", null, "3.13.5", "2.32.3", "2.3.0", null, null, null, null, null, null, "13.2"));
    }

    @Test
    @DisplayName("a Go client: Go instead of a JRE or Python")
    void goClient() throws Exception {
        java.util.Map<String, String> image = PortexContainer.parseVersions("debian=13.2\ngo=1.24.4\n");
        ScenarioResult.Versions v = ScenarioRunner.versions(ClientKind.GO_POST_UNCLOSED, stats("v24.21.0"), NODE_IMAGE, image);
        assertThat(v).as("versions of a go-post-unclosed run")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", null, null, null, null, null, null, "1.24.4", null, null, null, "13.2"));
        assertThat(new ObjectMapper().writeValueAsString(v)).as("their JSON: Go between the Python libraries and Debian")
                .isEqualTo("{\"node\":\"24.21.0\",\"go\":\"1.24.4\",\"debian\":\"13.2\"}");
    }

    @Test
    @DisplayName("a Node.js client: the load generator's Node.js beside the server's, and undici for fetch or axios")
    void nodeClients() throws Exception {
        java.util.Map<String, String> image = PortexContainer.parseVersions(
                "debian=13.2\nnode=24.21.0\naxios=1.21.1\nundici=7.29.1\nnode-undici=7.29.0\n");
        java.util.Map<String, String> node18 = PortexContainer.parseVersions("debian=13.2\nnode=18.20.8\naxios=1.21.1\n");
        ScenarioResult.Versions axios = ScenarioRunner.versions(ClientKind.NODE18_AXIOS, stats("v24.21.0"), NODE_IMAGE, node18);
        assertThat(axios).as("versions of a node18-axios run: the server on Node.js 24, the client on 18")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", null, null, null, null, null, null, null, "18.20.8", null, "1.21.1", "13.2"));
        assertThat(new ObjectMapper().writeValueAsString(axios)).as("their JSON: the client's Node.js and axios before Debian")
                .isEqualTo("{\"node\":\"24.21.0\",\"nodeClient\":\"18.20.8\",\"axios\":\"1.21.1\",\"debian\":\"13.2\"}");
        assertThat(ScenarioRunner.versions(ClientKind.NODE_FETCH_RESET, stats("v24.21.0"), NODE_IMAGE, image))
                .as("versions of a node-fetch-reset run: npm's undici, whose Agent it dispatches through, not axios")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", null, null, null, null, null, null, null, "24.21.0", "7.29.1", null, "13.2"));
        assertThat(ScenarioRunner.versions(ClientKind.NODE_FETCH, stats("v24.21.0"), NODE_IMAGE, image))
                .as("versions of a node-fetch run: the undici bundled in Node.js, which the global fetch runs")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", null, null, null, null, null, null, null, "24.21.0", "7.29.0", null, "13.2"));
    }

    @Test
    @DisplayName("the Python clients beside requests: Python and httpx, or Python and aiohttp")
    void pythonLibraries() {
        java.util.Map<String, String> image = PortexContainer.parseVersions(
                "debian=13.2\npython=3.13.5\nrequests=2.32.3\nurllib3=2.3.0\nhttpx=0.28.1\naiohttp=3.11.16\n");
        assertThat(ScenarioRunner.versions(ClientKind.HTTPX_CLIENT, stats("v24.21.0"), NODE_IMAGE, image))
                .as("versions of an httpx-client run")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", null, "3.13.5", null, null, "0.28.1", null, null, null, null, null, "13.2"));
        assertThat(ScenarioRunner.versions(ClientKind.AIOHTTP_SESSION_PER_REQUEST, stats("v24.21.0"), NODE_IMAGE, image))
                .as("versions of an aiohttp-session-per-request run")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", null, "3.13.5", null, null, null, "3.11.16", null, null, null, null, "13.2"));
        assertThat(ScenarioRunner.versions(ClientKind.PYTHON_SESSION_THREADS, stats("v24.21.0"), NODE_IMAGE, image))
                .as("versions of a python-session-threads run: requests")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", null, "3.13.5", "2.32.3", "2.3.0", null, null, null, null, null, null, "13.2"));
    }

    @Test
    @DisplayName("a command of the user's own: its load generator's Python is not the client's, so it is not named")
    void commandClient() {
        assertThat(ScenarioRunner.versions(ClientKind.COMMAND, stats("v18.20.8"), NODE_IMAGE, PYTHON_IMAGE))
                .as("versions of a --client-command run")
                .isEqualTo(new ScenarioResult.Versions("18.20.8", null, null, null, null, null, null, null, null, null, null, "13.2"));
    }

    @Test
    @DisplayName("images of two Debians are both named; a Node that did not answer is named from its image")
    void twoDebians() {
        assertThat(ScenarioRunner.versions(ClientKind.POOLED, null, NODE_IMAGE,
                PortexContainer.parseVersions("debian=13.1\njava=25.0.5\n")))
                .as("versions with a load generator built from an older base image")
                .isEqualTo(new ScenarioResult.Versions("24.21.0", "25.0.5", null, null, null, null, null, null, null, null, null, "13.2, 13.1"));
    }

    @Test
    @DisplayName("in one line with Elasticsearch and its client, for the summary and the report")
    void oneLine() {
        ScenarioResult.Setup setup = new ScenarioResult.Setup(ClientKind.PYTHON_POST, null, dev.portex.model.EsClientMode.POOLED,
                "9.5.4", "9.5.1", ScenarioRunner.versions(ClientKind.PYTHON_POST, stats("v24.21.0"), NODE_IMAGE, PYTHON_IMAGE),
                null, 0, null, 1, 0, dev.portex.model.Mitigation.NONE, 10, 0, 1, null, null, null, null, null);

        assertThat(setup.describeVersions()).as("the versions line")
                .isEqualTo("Elasticsearch 9.5.4, @elastic/elasticsearch 9.5.1, Node.js 24.21.0, Python 3.13.5, "
                        + "requests 2.32.3, urllib3 2.3.0, Debian 13.2");
    }

    private static com.fasterxml.jackson.databind.JsonNode stats(String nodeVersion) {
        return new ObjectMapper().createObjectNode().put("nodeVersion", nodeVersion).put("esClientVersion", "9.5.1");
    }
}
