package dev.portex.internal.report;

import static dev.portex.internal.report.ReportFixtures.TITLE;
import static dev.portex.internal.report.ReportFixtures.perRequest;
import static dev.portex.internal.report.ReportFixtures.pooled;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.model.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("report.json")
class ReportJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @DisplayName("holds the title, the time, the machine and every scenario with exactly its numbers")
    void holdsEveryScenarioExactly() throws Exception {
        // A real run's result, as `./portex run --json` printed it (see ScenarioResultJsonTest), and a fixture.
        String realRun = Files.readString(Path.of(ReportJsonTest.class.getResource("/scenario-result/per-request-100-ports.json").toURI())).strip();
        List<ScenarioResult> results = List.of(JSON.readValue(realRun, ScenarioResult.class), pooled());
        Instant before = Instant.now().minusSeconds(1);

        ReportFiles files = Report.write(dir, results, TITLE);

        assertThat(files.json()).as("report.json is written into the report directory").isEqualTo(dir.resolve("report.json"));
        JsonNode root = JSON.readTree(Files.readString(files.json()));
        assertThat(root.path("title").asText()).as("the title passed to Report.write").isEqualTo(TITLE);
        Instant generatedAt = Instant.parse(root.path("generatedAt").asText());
        assertThat(generatedAt).as("generatedAt is an ISO-8601 instant of when the report was written")
                .isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));

        JsonNode machine = root.path("machine");
        assertThat(machine.path("cores").asInt()).as("machine.cores: the JVM's available processors")
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(machine.path("memoryMb").asLong()).as("machine.memoryMb: physical memory in MB").isPositive();
        assertThat(machine.path("os").asText()).as("machine.os: os.name").isEqualTo(System.getProperty("os.name"));
        assertThat(machine.path("kernel").asText()).as("machine.kernel: os.version, the kernel release on Linux")
                .isEqualTo(System.getProperty("os.version"));

        JsonNode scenarios = root.path("scenarios");
        assertThat(scenarios.size()).as("scenarios: one entry per scenario").isEqualTo(2);
        assertThat(scenarios.get(0))
                .as("scenario 1 is, key for key and value for value, what `./portex run --json` printed for that run")
                .isEqualTo(JSON.readTree(realRun));
        for (int i = 0; i < results.size(); i++) {
            assertThat(JSON.treeToValue(scenarios.get(i), ScenarioResult.class))
                    .as("scenario %d read back equals the input, field by field (every number, every sample)", i + 1)
                    .isEqualTo(results.get(i));
        }
    }

    @Test
    @DisplayName("the per-request numbers read as the incident's: 137 acknowledged, first failure 138")
    void perRequestNumbers() throws Exception {
        Report.write(dir, List.of(perRequest(), pooled()), TITLE);

        JsonNode s = JSON.readTree(dir.resolve("report.json").toFile()).path("scenarios").get(0);
        assertThat(s.path("client").asText()).as("first scenario's client").isEqualTo("per-request");
        assertThat(s.path("portRange").path("size").asInt()).as("portRange.size (inclusive 40000-40136)").isEqualTo(137);
        assertThat(s.path("acknowledged").asInt()).as("acknowledged: one per port of the range").isEqualTo(137);
        assertThat(s.path("failed").asInt()).as("failed: the other 163 of 300").isEqualTo(163);
        assertThat(s.path("firstFailureAt").asInt()).as("firstFailureAt: the first document without a port")
                .isEqualTo(138);
        assertThat(s.path("error").path("type").asText()).as("error.type").isEqualTo("java.net.BindException");
        assertThat(s.path("docsPerSecond").asDouble()).as("docsPerSecond, a double, unchanged").isEqualTo(150.2);
        JsonNode last = s.path("samples").get(s.path("samples").size() - 1);
        assertThat(last.path("timeWait").asInt()).as("last sample's TIME_WAIT count: the whole range").isEqualTo(137);
        assertThat(last.path("tMs").asLong()).as("last sample's time in ms").isEqualTo(912);
        JsonNode pooled = JSON.readTree(dir.resolve("report.json").toFile()).path("scenarios").get(1);
        assertThat(pooled.path("firstFailureAt").isNull()).as("pooled: firstFailureAt is JSON null, not absent")
                .isTrue();
        assertThat(pooled.path("error").isNull()).as("pooled: error is JSON null, not absent").isTrue();
    }

    @Test
    @DisplayName("creates missing directories and overwrites an earlier report")
    void createsDirectoriesAndOverwrites() throws Exception {
        Path nested = dir.resolve("target/portex-report");
        Report.write(nested, List.of(perRequest(), pooled()), "first title, a rather long one to be replaced");
        ReportFiles second = Report.write(nested, List.of(pooled()), "second");

        assertThat(JSON.readTree(second.json().toFile()).path("title").asText())
                .as("the second report replaces the first one's report.json").isEqualTo("second");
        assertThat(JSON.readTree(second.json().toFile()).path("scenarios").size())
                .as("only the second report's scenarios remain").isEqualTo(1);
        assertThat(Files.readString(second.html())).as("index.html is replaced too")
                .contains("<title>second</title>").doesNotContain("first title");
    }

    @Test
    @DisplayName("an empty list of scenarios still makes a valid report")
    void emptyReport() throws Exception {
        ReportFiles files = Report.write(dir, List.of(), "nothing ran");

        assertThat(JSON.readTree(files.json().toFile()).path("scenarios").size())
                .as("no scenario: an empty array").isZero();
        assertThat(Files.readString(files.html())).as("the page still has its (empty) summary table")
                .contains("<table id=\"summary\">");
        assertThat(files.png()).as("the comparison chart is still written").isNotEmptyFile();
    }
}
