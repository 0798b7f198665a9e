package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.docs.DocsPage;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/cli.md's table of JSON keys names every key of the JSON that real runs printed (the pinned results of
 * ScenarioResultJsonTest), and every key of their {@code versions}: a key added to the result is added to the table.
 */
@DisplayName("The JSON keys table of docs/cli.md")
class JsonKeysAreDocumentedTest {
    static final List<String> PINNED = List.of(ScenarioResultJsonTest.PINNED, ScenarioResultJsonTest.WITH_VERSIONS,
            ScenarioResultJsonTest.PYTHON_WITH_VERSIONS);

    @Test
    @DisplayName("names every key the pinned results hold, and every key of their versions")
    void everyKeyIsInTheTable() throws IOException {
        String page = DocsPage.read(DocsPage.CLI);
        String section = page.substring(page.indexOf("## JSON output"), page.indexOf("## Exit codes"));
        String table = String.join("\n", section.lines().filter(line -> line.startsWith("| `")).toList());
        TreeSet<String> keys = new TreeSet<>();
        for (String pinned : PINNED) {
            JsonNode result = new ObjectMapper().readTree(ScenarioResultJsonTest.read(pinned));
            result.fieldNames().forEachRemaining(keys::add);
            result.path("versions").fieldNames().forEachRemaining(keys::add);
        }

        assertThat(keys).as("keys of %s without a `key` in the table under '## JSON output' of %s; add a row for each",
                PINNED, DocsPage.CLI).allMatch(key -> table.contains("`" + key + "`"));
    }
}
