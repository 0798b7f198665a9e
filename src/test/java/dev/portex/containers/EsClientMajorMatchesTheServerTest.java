package dev.portex.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.infra.PortexException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EsClientMajorMatchesTheServerTest {

    @ParameterizedTest(name = "Elasticsearch {0} gets the {1}.x @elastic/elasticsearch client")
    @CsvSource({"8.19.7, 8", "8.0.0, 8", "7.17.29, 7", "7.10.2, 7"})
    void supportedServersGetTheirOwnMajor(String server, String major) {
        assertThat(PortexImages.esClientMajor(server)).as("ES_CLIENT_MAJOR for ingest-node").isEqualTo(major);
    }

    @ParameterizedTest(name = "Elasticsearch {0} is refused with the versions that work")
    @ValueSource(strings = {"9.1.0", "6.8.23"})
    void otherMajorsAreRefusedBeforeAnyBuild(String server) {
        assertThatThrownBy(() -> PortexImages.esClientMajor(server))
                .isInstanceOf(PortexException.class)
                .hasMessageContaining("Elasticsearch " + server + " is not supported")
                .hasMessageContaining("-Delasticsearch.version=8.19.7 or 7.17.29");
    }
}
