package dev.portex.it;

import static dev.portex.assertj.PortexAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portex.api.PortexException;
import dev.portex.internal.containers.PortexLabels;
import dev.portex.it.senders.NewClientPerDocument;
import dev.portex.it.senders.OneClientForAllDocuments;
import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import dev.portex.model.ClientKind;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.Target;
import dev.portex.model.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A team's own service as the target (examples/target-service, a small HTTP/1.1 order service): the same exhaustion and
 * the same fix, measured from the client side only. Its runs start no Elasticsearch and no Node of their own, and their
 * results carry no server-side figures. The service is a container this class starts itself (as a team's test would,
 * with Testcontainers), or one portex starts from its image for a run.
 */
@PortexTest
@ExtendWith(PortexStackExtension.class)
@DisplayName("Your own service as the target")
class YourOwnServiceAsTheTargetIT {
    static final String IMAGE = "portex-example/target-service:it";
    static final PortRange RANGE = new PortRange(41000, 41099);
    static final String CURL = "curl -fsS -o /dev/null -H 'Content-Type: application/json' --data-binary @- \"$PORTEX_TARGET_URL\"";

    /** The service as a team's test starts it: its own container, which portex joins to each run's network. */
    static GenericContainer<?> orders;

    @BeforeAll
    static void buildAndStartTheService() {
        Path dir = Path.of(System.getProperty("portex.home", "."), "examples/target-service");
        new ImageFromDockerfile(IMAGE, false)
                .withFileFromPath("Dockerfile", dir.resolve("Dockerfile"))
                .withFileFromPath("service.py", dir.resolve("service.py"))
                .get();
        orders = new GenericContainer<>(IMAGE).withExposedPorts(8080).withLabels(PortexLabels.all())
                .waitingFor(Wait.forListeningPort());
        orders.start();
    }

    @AfterAll
    static void stopTheService() {
        if (orders != null) {
            orders.stop();
        }
    }

    @Nested
    @DisplayName("a sender that opens a new connection per document")
    class PerDocument {
        @Test
        @DisplayName("runs out at exactly the port count: 100 ports, document 101 fails with errno 99; no server-side figure")
        void exhaustsAtThePortCount(PortexHarness portex) throws Exception {
            ScenarioResult r = portex.sender(NewClientPerDocument.class).against(orders, 8080).path("/orders")
                    .onPorts(41000, 41099).documents(160).run();

            assertThat(r).exhaustedAtDocument(101).firstFailedWith("java.net.BindException", "Cannot assign requested address");
            org.assertj.core.api.Assertions.assertThat(r.clientSide().acknowledged())
                    .as("documents the service acknowledged (201): one per port").isEqualTo(100);
            org.assertj.core.api.Assertions.assertThat(r.sockets().clientSocketStates())
                    .as("the client's sockets towards the service after the run: every port in TIME_WAIT")
                    .isEqualTo(Map.of("TIME_WAIT", 100L));
            org.assertj.core.api.Assertions.assertThat(r.verdict()).as("portex's verdict")
                    .isEqualTo(new Verdict.ClientPortsExhausted(100, 100, 1, 0));
            assertOnlyClientSide(r);
        }
    }

    @Nested
    @DisplayName("a sender that keeps one client")
    class OneClient {
        @Test
        @DisplayName("gets all 300 documents acknowledged over one connection")
        void oneConnection(PortexHarness portex) {
            ScenarioResult r = portex.sender(OneClientForAllDocuments.class).against(orders, 8080).path("/orders")
                    .onPorts(41000, 41099).documents(300).run();

            assertThat(r).acknowledgedEveryDocument().usedAtMostLocalPorts(1);
            org.assertj.core.api.Assertions.assertThat(r.sockets().clientConnectionsOpened())
                    .as("connections the client's kernel opened for 300 documents").isEqualTo(1);
            org.assertj.core.api.Assertions.assertThat(r.verdict()).as("portex's verdict")
                    .isInstanceOf(Verdict.AllAcknowledged.class);
        }

        @Test
        @DisplayName("and its result refuses to say what only portex's stack counts: indexedEveryDocument() names what to assert")
        void refusesElasticsearchAssertions(PortexHarness portex) {
            ScenarioResult r = portex.sender(OneClientForAllDocuments.class).against(orders, 8080).path("/orders")
                    .onPorts(41000, 41099).documents(10).run();

            assertThatThrownBy(() -> assertThat(r).indexedEveryDocument())
                    .as("indexedEveryDocument() on a run against your own service")
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("indexedEveryDocument() counts documents in portex's Elasticsearch")
                    .hasMessageContaining("assert acknowledgedEveryDocument()");
        }
    }

    @Nested
    @DisplayName("an image portex starts for the run")
    class FromItsImage {
        @Test
        @DisplayName("takes a built-in client: per-request runs out at 100 of 160, and the service's container is gone after")
        void builtInClient(Incident incident) throws Exception {
            ScenarioResult r = incident.run(Scenario.of(ClientKind.PER_REQUEST, RANGE, 160)
                    .withTarget(Target.image(IMAGE, 8080).withPath("/orders")));

            org.assertj.core.api.Assertions.assertThat(r.clientSide().acknowledged())
                    .as("documents the service acknowledged").isEqualTo(100);
            org.assertj.core.api.Assertions.assertThat(r.clientSide().firstFailureAt()).as("the first to fail").isEqualTo(101);
            org.assertj.core.api.Assertions.assertThat(r.clientSide().error().message()).as("how it failed")
                    .contains("Cannot assign requested address");
            org.assertj.core.api.Assertions.assertThat(r.target().service()).as("the service the result names").isEqualTo(IMAGE);
            assertOnlyClientSide(r);
            org.assertj.core.api.Assertions.assertThat(containersOfRun(r.runId()))
                    .as("containers of the run (its service, its load generator) after it ended").isEmpty();
        }

        @Test
        @DisplayName("that does not exist: one line, nothing started")
        void imageThatDoesNotExist(PortexHarness portex) {
            assertThatThrownBy(() -> portex.sender(OneClientForAllDocuments.class)
                    .againstImage("portex-example/no-such-service:1", 8080).documents(10).run())
                    .isInstanceOf(PortexException.class)
                    .hasMessage("--target-image portex-example/no-such-service:1: no such image on this Docker engine (portex"
                            + " pulls nothing): build or load it first, e.g. docker build -t portex-example/no-such-service:1 .");
        }

        @Test
        @DisplayName("given a port it does not listen on: one line naming the port it does listen on, within seconds")
        void wrongPort(PortexHarness portex) {
            assertThatThrownBy(() -> portex.sender(OneClientForAllDocuments.class).againstImage(IMAGE, 9090)
                    .documents(10).run())
                    .isInstanceOf(PortexException.class)
                    .hasMessage("your service (" + IMAGE + ") listens on port(s) [8080], not on 9090: give the port inside"
                            + " its container, 8080 (--target-port 8080)");
        }
    }

    @Nested
    @DisplayName("./portex run --target-image")
    class CommandLine {
        @Test
        @DisplayName("with --client-command curl: 100 acknowledged on 100 ports, curl's exit 7 for document 101")
        void withACommand() throws Exception {
            CommandLineFailsClearlyIT.CliRun run = CommandLineFailsClearlyIT.CliRun.start(List.of("run", "--json",
                    "--target-image", IMAGE, "--target-port", "8080", "--target-path", "/orders",
                    "--client-command", CURL, "--port-range", "41000-41099", "--docs", "120"), Map.of())
                    .awaitExit(Duration.ofMinutes(3));
            String stderr = Files.readString(run.stderrFile());
            org.assertj.core.api.Assertions.assertThat(run.exitCode()).as("exit code; stderr:%n%s", stderr).isZero();
            JsonNode json = new ObjectMapper().readTree(Files.readString(run.stdoutFile()));

            org.assertj.core.api.Assertions.assertThat(json.path("acknowledged").asInt())
                    .as("documents whose curl exited 0").isEqualTo(100);
            org.assertj.core.api.Assertions.assertThat(json.path("firstFailureAt").asInt()).as("the first to fail").isEqualTo(101);
            org.assertj.core.api.Assertions.assertThat(json.path("error").path("type").asText()).as("how: curl's exit status")
                    .isEqualTo("exit 7");
            org.assertj.core.api.Assertions.assertThat(json.path("target").path("acknowledgedBy").asText())
                    .as("what counted as acknowledged").isEqualTo("exit 0");
            org.assertj.core.api.Assertions.assertThat(json.has("indexed")).as("an `indexed` key in the JSON").isFalse();
            org.assertj.core.api.Assertions.assertThat(stderr).as("the run's steps: no Elasticsearch started")
                    .doesNotContain("elasticsearch ready");
        }

        @Test
        @DisplayName("with the built-in per-request client: the summary names the target and says what was not measured")
        void withABuiltInClient() throws Exception {
            CommandLineFailsClearlyIT.CliRun run = CommandLineFailsClearlyIT.CliRun.start(List.of("run",
                    "--target-image", IMAGE, "--target-port", "8080", "--target-path", "/orders",
                    "--client", "per-request", "--port-range", "41000-41099", "--docs", "120"), Map.of())
                    .awaitExit(Duration.ofMinutes(3));
            String stdout = Files.readString(run.stdoutFile());
            org.assertj.core.api.Assertions.assertThat(run.exitCode()).as("exit code; stderr:%n%s",
                    Files.readString(run.stderrFile())).isZero();

            org.assertj.core.api.Assertions.assertThat(stdout).as("the summary")
                    .contains("acknowledged    100 of 120")
                    .contains("target          " + IMAGE + ": http://target-service:8080/orders (acknowledged: 2xx)")
                    .contains("not measured    what your service received and stored")
                    .contains("verdict         PORTS EXHAUSTED after 100 documents")
                    .doesNotContain("indexed ")
                    .doesNotContain("es connections");
        }
    }

    /** The result holds what the client side shows, and none of what only portex's own stack counts. */
    private static void assertOnlyClientSide(ScenarioResult r) throws Exception {
        org.assertj.core.api.Assertions.assertThat(r.serverSide()).as("the server side of a run against your service").isNull();
        org.assertj.core.api.Assertions.assertThat(r.integrity()).as("the nothing-lost check of it").isNull();
        JsonNode json = new ObjectMapper().valueToTree(r);
        org.assertj.core.api.Assertions.assertThat(ScenarioResult.TargetSide.NOT_MEASURED.stream().filter(json::has).toList())
                .as("keys of portex's own stack in the result's JSON").isEmpty();
        org.assertj.core.api.Assertions.assertThat(json.path("target").path("notMeasured").size())
                .as("the keys the result says it has not measured").isEqualTo(ScenarioResult.TargetSide.NOT_MEASURED.size());
    }

    private static List<String> containersOfRun(String runId) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PortexLabels.RUN, runId)).exec().stream().map(c -> c.getId()).toList();
    }
}
