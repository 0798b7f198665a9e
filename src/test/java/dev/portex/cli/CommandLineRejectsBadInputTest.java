package dev.portex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.containers.IngestNodeContainer.EsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad option is refused before any container starts, with one line naming the problem and the fix. */
class CommandLineRejectsBadInputTest {

    @ParameterizedTest(name = "`{0}` is refused with a message containing \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "run --port-range 40136-40000         | reversed",
            "run --port-range 80-1000             | 1024..65535",
            "run --port-range 40000-70000         | 1024..65535",
            "run --port-range 40000-40000         | at least 2 ports",
            "run --port-range abc                 | LOW-HIGH",
            "run --port-range 8000-8100           | overlaps the ingest server's listening port 8080",
            "run --server-port-range 8080-8090    | overlaps the ingest server's listening port 8080",
            "run --docs abc                       | --docs must be a whole number",
            "run --docs -5                        | --docs must be a whole number",
            "run --docs 0                         | --docs must be a whole number",
            "run --rate -1                        | --rate must be a number >= 0",
            "run --rate fast                      | --rate must be a number >= 0",
            "run --concurrency 0                  | --concurrency must be a whole number",
            "run --client curl                    | unknown client 'curl'",
            "run --es-client magic                | use pooled, per-request or agent-false",
            "run --colour                         | unknown option --colour",
            "run --docs                           | --docs needs a value",
            "launch                               | unknown command 'launch'",
            "compare --client pooled              | compare runs every client itself",
            "run --java-clients                   | --java-clients is an option of compare",
            "compare --java-clients --matrix      | without --matrix",
            "run --client jdk-shared --mitigation so-linger-zero | applies to the per-request and pooled clients"})
    void refusesBadInput(String commandLine, String expectedMessagePart) {
        assertThatThrownBy(() -> CliOptions.parse(commandLine.trim().split("\\s+")))
                .as("`./portex %s` must be refused with a clear message", commandLine.trim())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(expectedMessagePart);
    }

    @Test
    void noArgumentsMeansCompareWithTheIssueDefaults() {
        CliOptions options = CliOptions.parse();
        assertThat(options.command()).as("command with no arguments").isEqualTo("compare");
        assertThat(options.portRange().toString()).as("default port range").isEqualTo("40000-40136");
        assertThat(options.docs()).as("default documents").isEqualTo(300);
        assertThat(options.esClient()).as("default Elasticsearch client").isEqualTo(EsClient.POOLED);
    }

    @Test
    void acceptsTheIssueExample() {
        CliOptions options = CliOptions.parse("run", "--client", "per-request", "--port-range", "40000-40136",
                "--docs", "300", "--json");
        assertThat(options.client()).isEqualTo("per-request");
        assertThat(options.portRange().size()).as("ports in 40000-40136, inclusive").isEqualTo(137);
        assertThat(options.json()).as("--json switch").isTrue();
    }

    @ParameterizedTest(name = "`./portex help {0}` prints the help text")
    @CsvSource({"bench", "replay-incident", "run"})
    void helpForACommandIsTheHelp(String command) {
        assertThat(CliOptions.parse("help", command).command()).as("command parsed from `help " + command + "`")
                .isEqualTo("help");
    }

    @Test
    void acceptsEqualsSignedOptions() {
        CliOptions options = CliOptions.parse("run", "--docs=50", "--rate=12.5");
        assertThat(options.docs()).isEqualTo(50);
        assertThat(options.rate()).isEqualTo(12.5);
    }

    @Test
    void badOptionsExitWithTwoAndOneLine() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream originalErr = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            int code = Portex.execute(new String[] {"run", "--port-range", "40136-40000"}, System.out);
            assertThat(code).as("exit code for bad options").isEqualTo(2);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString().strip().lines()).as("stderr: exactly one line").hasSize(1)
                .first().asString().startsWith("portex: ");
    }
}
