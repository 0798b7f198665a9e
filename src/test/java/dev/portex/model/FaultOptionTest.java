package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --fault KIND@TIME} and {@code --durability}: read, written back, refused with the fix named. */
@DisplayName("A fault and its durability")
class FaultOptionTest {

    @ParameterizedTest(name = "''{0}'' kills {1} at {2} ms of the load")
    @CsvSource(delimiter = '|', value = {
            "es-kill@2s        | ES_KILL      | 2000",
            "node-kill@1500ms  | NODE_KILL    | 1500",
            "loadgen-kill@0s   | LOADGEN_KILL | 0",
            "' es-kill@600s '  | ES_KILL      | 600000",
    })
    void parsesKindAtTime(String text, Fault.Kind kind, int atMs) {
        Fault fault = Fault.parse(text);

        assertThat(fault).as("'%s'", text).isEqualTo(new Fault(kind, atMs));
        assertThat(Fault.parse(fault.toString())).as("toString (%s) is read back as the same fault", fault).isEqualTo(fault);
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "es-kill            | write KIND@TIME with TIME in s or ms, e.g. es-kill@2s",
            "es-kill@2          | write KIND@TIME with TIME in s or ms",
            "es-kill@-2s        | write KIND@TIME with TIME in s or ms",
            "disk-full@2s       | unknown fault 'disk-full': use --fault with one of es-kill, node-kill, loadgen-kill",
            "es-kill@601s       | the time must be at most 600s into the load, e.g. es-kill@2s",
    })
    void refusesWithTheFix(String text, String message) {
        assertThatThrownBy(() -> Fault.parse(text))
                .as("--fault %s", text)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    @DisplayName("a run with a fault gets request durability unless it asks for another; a run without one keeps async")
    void durabilityDefaults() {
        Scenario plain = Scenario.of(ClientKind.POOLED, new PortRange(40000, 40136), 300);
        Scenario faulted = plain.withFault(Fault.parse("es-kill@2s"));

        assertThat(plain.durabilityOrDefault()).as("the incident's runs: as fast as before").isEqualTo(Durability.ASYNC);
        assertThat(faulted.durabilityOrDefault()).as("a fault's run: acknowledged must mean durable").isEqualTo(Durability.REQUEST);
        assertThat(faulted.withDurability(Durability.ASYNC).durabilityOrDefault()).as("asked for async explicitly")
                .isEqualTo(Durability.ASYNC);
        assertThat(faulted.needsOwnNode()).as("a fault's run gets a Node server of its own (it may be killed)").isTrue();
    }

    @Test
    @DisplayName("a fault needs portex's load generator: a command of your own cannot tell when the load is at the fault's time")
    void notWithACommand() {
        Scenario command = Scenario.ofProgram(new CommandProgram("curl -s -d @- $PORTEX_TARGET_URL"), new PortRange(40000, 40136), 10);

        Fault fault = Fault.parse("node-kill@1s");
        assertThatThrownBy(() -> command.withFault(fault))
                .isInstanceOf(InvalidScenarioException.class)
                .hasMessage("withFault(" + fault + "): it needs portex's own load generator, whose progress tells when the load "
                        + "reaches the fault's time: use it with a built-in client or a DocumentSender, not with a command or an image")
                .extracting(e -> ((InvalidScenarioException) e).cliMessage())
                .as("the same check as ./portex says it")
                .isEqualTo("--fault needs portex's own load generator, whose progress tells the harness when the load reaches the"
                        + " fault's time: use it with a built-in --client or a DocumentSender, not with --client-command or --client-image");
    }

    @Test
    @DisplayName("--durability names its choices")
    void unknownDurability() {
        assertThatThrownBy(() -> Durability.byName("fsync"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown durability 'fsync': use --durability with one of async, request");
    }
}
