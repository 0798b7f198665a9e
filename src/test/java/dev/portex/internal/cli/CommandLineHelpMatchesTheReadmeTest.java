package dev.portex.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.docs.DocsPage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/cli.md shows `./portex help` and `./portex run --help` as the code generates them; a change to an
 * option, a default or a description that is not copied into docs/cli.md fails here.
 */
class CommandLineHelpMatchesTheReadmeTest {

    @ParameterizedTest(name = "docs/cli.md's block for `./portex {0}` is what the command prints")
    @ValueSource(strings = {"help", "run --help"})
    void cliPageShowsTheGeneratedHelp(String commandLine) {
        String page = DocsPage.read(DocsPage.CLI);
        Matcher block = Pattern.compile("<!-- \\./portex " + Pattern.quote(commandLine) + " -->\\n```text\\n(.*?)\\n```",
                Pattern.DOTALL).matcher(page);
        assertThat(block.find()).as("%s has a text block after <!-- ./portex %s -->", DocsPage.CLI, commandLine).isTrue();

        CommandLineRejectsBadInputTest.Outcome printed = CommandLineRejectsBadInputTest.execute(commandLine);

        assertThat(block.group(1))
                .as("%s's `./portex %s`; copy the command's output into it when options change", DocsPage.CLI, commandLine)
                .isEqualTo(printed.out().stripTrailing());
    }
}
