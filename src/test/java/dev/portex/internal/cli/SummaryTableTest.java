package dev.portex.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.model.ScenarioResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The side-by-side table of ./portex compare. */
@DisplayName("The compare table")
class SummaryTableTest {
    static ScenarioResult read(String name) throws IOException {
        try (InputStream in = SummaryTableTest.class.getResourceAsStream("/scenario-result/" + name)) {
            return new ObjectMapper().readValue(in, ScenarioResult.class);
        }
    }

    @Test
    @DisplayName("a client name longer than 15 characters widens the client column: every row's columns stay aligned")
    void longClientNamesKeepTheColumnsAligned() throws IOException {
        ScenarioResult pooled = read("pooled-100-ports-versions.json");
        ScenarioResult reset = read("node-fetch-reset-1000-docs.json");

        List<String> lines = Summary.table("compare", List.of(pooled, reset)).lines().toList();

        String header = lines.stream().filter(l -> l.startsWith("client ")).findFirst().orElseThrow();
        String pooledRow = lines.stream().filter(l -> l.startsWith("pooled ")).findFirst().orElseThrow();
        String resetRow = lines.stream().filter(l -> l.startsWith("node-fetch-reset ")).findFirst().orElseThrow();
        int esClientColumn = header.indexOf("es client");
        assertThat(esClientColumn).as("where the es client column starts: after the 16 characters of node-fetch-reset and a"
                + " blank (header: '%s')", header).isEqualTo("node-fetch-reset".length() + 1);
        assertThat(pooledRow.indexOf("pooled", "pooled".length())).as("the es client of the pooled row, under its header: '%s'",
                pooledRow).isEqualTo(esClientColumn);
        assertThat(resetRow.indexOf("pooled")).as("the es client of the node-fetch-reset row, under its header: '%s'", resetRow)
                .isEqualTo(esClientColumn);
    }
}
