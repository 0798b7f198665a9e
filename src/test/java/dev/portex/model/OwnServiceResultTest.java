package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A run against your own service ({@link Target}) is judged from what the client side shows: the documents your service
 * acknowledged, the failures it answered, the connections the client's kernel opened. What only portex's own stack
 * counts is absent, never zero.
 */
@DisplayName("A run against your own service")
class OwnServiceResultTest {
    static final ScenarioResult.TargetSide SERVICE = new ScenarioResult.TargetSide("portex-example/target-service", 8080,
            "http://target-service:8080/orders", "2xx", ScenarioResult.TargetSide.NOT_MEASURED);

    static ResultBuilder againstTheService() {
        ResultBuilder b = new ResultBuilder();
        b.range = new PortRange(41000, 41099);
        b.target = SERVICE;
        b.docs = 160;
        return b;
    }

    @Nested
    @DisplayName("gets the verdict")
    class Verdicts {
        @Test
        @DisplayName("ALL ACKNOWLEDGED (not indexed) when the service answered every document with a 2xx")
        void allAcknowledged() {
            ResultBuilder b = againstTheService();
            b.acknowledged = 160;

            Verdict v = b.build().verdict();

            assertThat(v).as("160 of 160 acknowledged by the service").isEqualTo(
                    new Verdict.AllAcknowledged(160, "portex-example/target-service"));
            assertThat(v.sentence()).as("what the summary says: acknowledged, never 'indexed'")
                    .isEqualTo("all 160 documents acknowledged by portex-example/target-service");
        }

        @Test
        @DisplayName("PORTS EXHAUSTED when the failures sent no SYN and the client opened a connection per port")
        void portsExhausted() {
            ResultBuilder b = againstTheService();
            b.acknowledged = 100;
            b.failed = 60;
            b.synsSent = 100;

            assertThat(b.build().verdict()).as("100 acknowledged on 100 ports, 60 failed without a SYN")
                    .isEqualTo(new Verdict.ClientPortsExhausted(100, 100, 1, 0));
        }

        @Test
        @DisplayName("failed otherwise when the failures were the service's own answers (HTTP 500), whatever the ports")
        void theServiceAnsweredWithErrors() {
            ResultBuilder b = againstTheService();
            b.acknowledged = 100;
            b.failed = 60;
            b.synsSent = 160;
            b.error = new Failure("HTTP 500", "{\"error\":\"database down\"}");
            b.errorCounts = Map.of("HTTP 500: {\"error\":\"database down\"}", 60);

            assertThat(b.build().verdict()).as("160 connections for 160 answers, 60 of them a 500")
                    .isEqualTo(new Verdict.FailedOtherwise(60, b.error));
        }

        @Test
        @DisplayName("not PORTS EXHAUSTED when the failing documents did leave the client (a SYN each: refused)")
        void connectionsRefused() {
            ResultBuilder b = againstTheService();
            b.acknowledged = 40;
            b.failed = 120;
            b.synsSent = 160;
            b.error = new Failure("java.net.ConnectException", "Connection refused");

            assertThat(b.build().verdict()).as("SYNs for every document: the service refused them")
                    .isInstanceOf(Verdict.FailedOtherwise.class);
        }
    }

    @Nested
    @DisplayName("in JSON")
    class Json {
        @Test
        @DisplayName("names the target and what was not measured, and has none of those keys, not even as zero")
        void noServerKeys() throws Exception {
            ResultBuilder b = againstTheService();
            b.acknowledged = 160;
            JsonNode json = new ObjectMapper().valueToTree(b.build());

            assertThat(json.path("target").path("service").asText()).as("target.service")
                    .isEqualTo("portex-example/target-service");
            assertThat(json.path("target").path("acknowledgedBy").asText()).as("target.acknowledgedBy").isEqualTo("2xx");
            List<String> absent = ScenarioResult.TargetSide.NOT_MEASURED.stream().filter(json::has).toList();
            assertThat(absent).as("keys of portex's own stack present in the JSON of a run against your service").isEmpty();
            assertThat(json.has("elasticsearchVersion") && !json.get("elasticsearchVersion").isNull())
                    .as("an Elasticsearch version named for a run that used none").isFalse();
            assertThat(json.path("acknowledged").asInt()).as("acknowledged, the client side's count").isEqualTo(160);
        }
    }

    @Test
    @DisplayName("cannot say nothing was lost: it says why, and what to check instead")
    void nothingLostIsNotMeasured() {
        ScenarioResult r = againstTheService().build();

        assertThatThrownBy(r::nothingLost).as("nothingLost() of a run against your own service")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sent to your own service (portex-example/target-service)")
                .hasMessageContaining("check the client side");
    }

    @Nested
    @DisplayName("is set up only with what it uses, and each refusal names what to drop")
    class SetUp {
        final Scenario perRequest = Scenario.of(ClientKind.PER_REQUEST, new PortRange(41000, 41099), 160);
        final Target service = Target.image("portex-example/target-service", 8080).withPath("/orders");

        @Test
        @DisplayName("takes the Java clients, a sender and a command, and sends to http://target-service:PORT/PATH")
        void takesJavaClientsSendersAndCommands() {
            assertThat(perRequest.withTarget(service).target().url()).as("where the documents go")
                    .isEqualTo("http://target-service:8080/orders");
            assertThat(Scenario.ofProgram(new CommandProgram("curl -fsS \"$PORTEX_TARGET_URL\""), new PortRange(41000, 41099), 10)
                    .withTarget(service).target()).as("a command's target").isEqualTo(service);
        }

        @Test
        @DisplayName("refuses a Python client, naming the clients it takes")
        void refusesPython() {
            assertThatThrownBy(() -> Scenario.of(ClientKind.PYTHON_POST, new PortRange(41000, 41099), 10).withTarget(service))
                    .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.cliMessage()).as("the CLI's words")
                            .isEqualTo("--target-image runs the Java clients (--client per-request, pooled, ...), a sender or"
                                    + " --client-command, not --client python-post: drop --target-image, or choose one of those"));
        }

        @Test
        @DisplayName("refuses what belongs to portex's own stack (a fault, Node's range, a NAT, ...)")
        void refusesStackSettings() {
            assertThatThrownBy(() -> perRequest.withFault(Fault.parse("es-kill@2s")).withTarget(service))
                    .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.cliMessage())
                            .isEqualTo("--target-image does not go with --fault (it sets portex's own ingest stack, which a"
                                    + " run against your service does not use): drop --fault or --target-image"));
            assertThatThrownBy(() -> perRequest.withServerPortRange(new PortRange(41000, 41099)).withTarget(service))
                    .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.cliMessage())
                            .contains("does not go with --server-port-range"));
            assertThatThrownBy(() -> Scenario.of(ClientKind.POOLED, new PortRange(41000, 41099), 10)
                    .withNat(Nat.of(40000, 40003)).withTarget(service))
                    .isInstanceOfSatisfying(InvalidScenarioException.class, e -> assertThat(e.cliMessage())
                            .contains("does not go with --nat-ports"));
        }

        @Test
        @DisplayName("refuses a port outside 1-65535 and a path without its leading /, with one that is taken")
        void refusesBadPortsAndPaths() {
            assertThatThrownBy(() -> Target.image("my-service", 0)).isInstanceOfSatisfying(InvalidScenarioException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("withTarget(port 0): the service's port must be a whole number"
                            + " from 1 to 65535; e.g. withTarget(8080)"));
            assertThatThrownBy(() -> service.withPath("orders")).isInstanceOfSatisfying(InvalidScenarioException.class,
                    e -> assertThat(e.cliMessage()).isEqualTo("--target-path \"orders\" must start with / and hold no space,"
                            + " e.g. --target-path /orders"));
        }
    }
}
