package dev.portex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README shows `./portex help` and `./portex run --help` as the code generates them; a change to an
 * option, a default or a description that is not copied into the README fails here.
 */
class CommandLineHelpMatchesTheReadmeTest {

    @ParameterizedTest(name = "the README's block for `./portex {0}` is what the command prints")
    @ValueSource(strings = {"help", "run --help"})
    void readmeShowsTheGeneratedHelp(String commandLine) throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("portex.home", "."), "README.md"));
        Matcher block = Pattern.compile("<!-- \\./portex " + Pattern.quote(commandLine) + " -->\\n```text\\n(.*?)\\n```",
                Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README.md has a text block after <!-- ./portex %s -->", commandLine).isTrue();

        CommandLineRejectsBadInputTest.Outcome printed = CommandLineRejectsBadInputTest.execute(commandLine);

        assertThat(block.group(1))
                .as("README.md's `./portex %s`; copy the command's output into it when options change", commandLine)
                .isEqualTo(printed.out().stripTrailing());
    }
}
