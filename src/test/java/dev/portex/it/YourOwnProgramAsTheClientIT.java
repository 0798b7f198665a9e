package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.internal.containers.PortexImages;
import dev.portex.api.PortexException;
import dev.portex.model.CommandProgram;
import dev.portex.model.ImageProgram;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Any program as the load generator: a command line run once per document (`./portex run --client-command`), or a
 * whole image (`--client-image`, here the one of examples/client-image), inside the narrowed namespace. Acknowledged
 * documents are counted on the server side (Node's 201s); everything else is measured as for portex's own clients.
 */
@PortexStackTest
@DisplayName("Any program as the client")
class YourOwnProgramAsTheClientIT {
    static final PortRange RANGE = new PortRange(41100, 41199);
    static final String CURL = "curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary @- \"$PORTEX_TARGET_URL\"";
    static final String EXAMPLE_IMAGE = "portex-example/client-image:it";

    @BeforeAll
    static void buildTheExampleImage() {
        Path dir = Path.of(System.getProperty("portex.home", "."), "examples/client-image");
        new ImageFromDockerfile(EXAMPLE_IMAGE, false)
                .withFileFromPath("Dockerfile", dir.resolve("Dockerfile"))
                .withFileFromPath("send.sh", dir.resolve("send.sh"))
                .get();
    }

    @Nested
    @DisplayName("a curl command per document")
    class CurlCommand {
        @Test
        @DisplayName("on 100 ports: exactly 100 acknowledged, document 101 fails with curl's own message, indexed = acknowledged")
        void exhaustsAtThePortCount(Incident incident) {
            ScenarioResult r = incident.run(Scenario.ofProgram(new CommandProgram(CURL), RANGE, 160));

            assertThat(r.clientSide().acknowledged()).as("documents Node acknowledged (201): one per port").isEqualTo(100);
            assertThat(r.clientSide().firstFailureAt()).as("the first document whose command failed").isEqualTo(101);
            assertThat(r.clientSide().error().type()).as("how it failed: curl's exit status 7, could not connect").isEqualTo("exit 7");
            assertThat(r.clientSide().error().message()).as("curl's stderr for document 101")
                    .startsWith("curl: (7) Failed to connect to ").contains("Could not connect to server");
            assertThat(r.serverSide().indexed()).as("documents in Elasticsearch").isEqualTo(100);
            assertThat(r.sockets().clientSocketStates()).as("the ports, after the run").isEqualTo(Map.of("TIME_WAIT", 100L));
            assertThat(r.verdict()).as("portex's verdict").isEqualTo(new Verdict.ClientPortsExhausted(100, 100, 1, 0));
            assertThat(r.setup().program()).as("the program named in the result").isEqualTo(CURL);
        }
    }

    @Nested
    @DisplayName("the example image (examples/client-image)")
    class ExampleImage {
        @Test
        @DisplayName("one curl per document runs out at 100 ports: its exit status and stderr are the error")
        void perRequest(Incident incident) {
            ScenarioResult r = incident.run(Scenario.ofProgram(new ImageProgram(EXAMPLE_IMAGE, List.of()), RANGE, 160));

            assertThat(r.clientSide().acknowledged()).as("documents Node acknowledged").isEqualTo(100);
            assertThat(r.clientSide().failed()).as("the other 60 of 160").isEqualTo(60);
            assertThat(r.clientSide().error().type()).as("the image's exit status: curl's 7").isEqualTo("exit 7");
            assertThat(r.clientSide().error().message()).as("the image's last stderr lines").contains("Could not connect to server");
            assertThat(r.serverSide().indexed()).as("documents the image's run added to Elasticsearch").isEqualTo(100);
            assertThat(r.verdict()).as("portex's verdict").isInstanceOf(Verdict.ClientPortsExhausted.class);
        }

        @Test
        @DisplayName("one curl for all documents keeps its connection: all 300 over one local port")
        void reuse(Incident incident) {
            ScenarioResult r = incident.run(Scenario.ofProgram(new ImageProgram(EXAMPLE_IMAGE, List.of("/send.sh", "reuse")),
                    RANGE, 300));

            assertThat(r.clientSide().acknowledged()).as("documents Node acknowledged (error: %s)", r.clientSide().error())
                    .isEqualTo(300);
            assertThat(r.sockets().localPortsUsed()).as("local ports towards Node").isEqualTo(1);
            assertThat(r.verdict()).as("portex's verdict").isEqualTo(new Verdict.AllIndexed(300));
        }
    }

    @Nested
    @DisplayName("bad input ends with one message and leaves no container")
    class BadInput {
        @Test
        @DisplayName("a command that is not in the image")
        void commandNotFound(Incident incident) {
            long before = loadGeneratorsOf(incident);
            assertThatThrownBy(() -> incident.run(Scenario.ofProgram(new CommandProgram("httpie POST $PORTEX_TARGET_URL"), RANGE, 5)))
                    .isInstanceOf(PortexException.class)
                    .hasMessageContaining("the command cannot run in the load-generator image (exit status 127")
                    .hasMessageContaining("the image has sh, curl, wget and python3");
            assertThat(loadGeneratorsOf(incident)).as("load generators and images of this class afterwards: as many as before").isEqualTo(before);
        }

        @Test
        @DisplayName("an image that does not exist (nothing is pulled)")
        void imageMissing(Incident incident) {
            long before = loadGeneratorsOf(incident);
            assertThatThrownBy(() -> incident.run(Scenario.ofProgram(new ImageProgram("no-such/sender:1", List.of()), RANGE, 5)))
                    .isInstanceOf(PortexException.class)
                    .hasMessage("image no-such/sender:1 does not exist on this Docker engine (nothing is pulled here): "
                            + "build it first, e.g. docker build -t no-such/sender:1 .");
            assertThat(loadGeneratorsOf(incident)).as("load generators and images of this class afterwards: as many as before").isEqualTo(before);
        }

        /**
         * Load generators and users' images of this class's runs (their runner's label): everything but the Node servers,
         * and nothing of the classes that run beside this one.
         */
        private long loadGeneratorsOf(Incident incident) {
            return incident.containersOfThisClass().stream()
                    .filter(c -> !List.of("elasticsearch", "ingest-node").contains(
                            c.getLabels().getOrDefault(PortexImages.IMAGE_LABEL, "")))
                    .count();
        }
    }
}
