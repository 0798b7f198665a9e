package dev.portex.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.model.ScenarioResult;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The summary of ./portex run names every version its result holds, in one line. */
@DisplayName("The summary's versions line")
class SummaryNamesTheVersionsTest {
    @Test
    @DisplayName("of a real pooled run: Elasticsearch and its client, Node.js, the load generator's JRE, Debian")
    void pooledRun() throws IOException {
        ScenarioResult r;
        try (InputStream in = getClass().getResourceAsStream("/scenario-result/pooled-100-ports-versions.json")) {
            r = new ObjectMapper().readValue(in, ScenarioResult.class);
        }

        assertThat(Summary.of(r).lines().filter(line -> line.startsWith("  versions ")))
                .as("the summary's versions line for the pooled run of 2026-12-02")
                .containsExactly("  versions        Elasticsearch 9.5.4, @elastic/elasticsearch 9.5.1, Node.js 24.21.0, "
                        + "Java 25.0.5+8-1-deb13u1-Debian, Debian 13.8");
    }
}
