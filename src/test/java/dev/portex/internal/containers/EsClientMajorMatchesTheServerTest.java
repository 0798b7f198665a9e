package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.api.PortexException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EsClientMajorMatchesTheServerTest {

    @ParameterizedTest(name = "Elasticsearch {0} gets the {1}.x @elastic/elasticsearch client")
    @CsvSource({"9.5.4, 9", "9.0.0, 9", "8.19.21, 8", "8.0.0, 8", "7.17.29, 7", "7.10.2, 7"})
    void supportedServersGetTheirOwnMajor(String server, String major) {
        assertThat(PortexImages.esClientMajor(server)).as("ES_CLIENT_MAJOR for ingest-node").isEqualTo(major);
    }

    @ParameterizedTest(name = "Elasticsearch {0} is refused with the versions that work")
    @ValueSource(strings = {"10.0.0", "6.8.23"})
    void otherMajorsAreRefusedBeforeAnyBuild(String server) {
        assertThatThrownBy(() -> PortexImages.esClientMajor(server))
                .isInstanceOf(PortexException.class)
                .hasMessageContaining("Elasticsearch " + server + " is not supported")
                .hasMessageContaining("-Delasticsearch.version=9.5.4, 8.19.21 or 7.17.29");
    }

    @ParameterizedTest(name = "node.version={0} selects the Node.js {0} runtime manifest")
    @ValueSource(strings = {"24", "18", " 24 "})
    void supportedNodeMajors(String configured) {
        assertThat(PortexImages.nodeMajor(configured)).as("NODE_MAJOR for ingest-node").isEqualTo(configured.strip());
    }

    @ParameterizedTest(name = "node.version=''{0}'' is refused with the majors that exist")
    @ValueSource(strings = {"20", "22", "24.21.0", "v24", ""})
    void otherNodeVersionsAreRefused(String configured) {
        assertThatThrownBy(() -> PortexImages.nodeMajor(configured))
                .isInstanceOf(PortexException.class)
                .hasMessageContaining("node.version '" + configured + "' is not supported")
                .hasMessageContaining("-Dnode.version=24 (the default) or 18");
    }

    @Test
    @DisplayName("the build's default Node.js major is 24, read from the filtered stack.properties")
    void defaultNodeMajorComesFromTheBuild() {
        // Surefire runs without -Dnode.version unless the build was given one: then both agree.
        assertThat(PortexImages.nodeMajor()).as("Node.js major selected by this build")
                .isEqualTo(System.getProperty("node.version", "24"));
    }

    @Test
    @DisplayName("Node.js 18 with Elasticsearch 9 is refused before any build: the 9.x client needs Node.js 22")
    void node18CannotRunThe9xClient() {
        assertThatThrownBy(() -> PortexImages.checkClientRunsOnNode("9", "18"))
                .isInstanceOf(PortexException.class)
                .hasMessageContaining("Node.js 18 cannot run @elastic/elasticsearch 9.x")
                .hasMessageContaining("-Delasticsearch.version=8.19.21 or 7.17.29");
        assertThatCode(() -> PortexImages.checkClientRunsOnNode("8", "18")).as("Node 18 with the 8.x client")
                .doesNotThrowAnyException();
        assertThatCode(() -> PortexImages.checkClientRunsOnNode("7", "18")).as("Node 18 with the 7.x client")
                .doesNotThrowAnyException();
        assertThatCode(() -> PortexImages.checkClientRunsOnNode("9", "24")).as("Node 24 with the 9.x client")
                .doesNotThrowAnyException();
    }
}
