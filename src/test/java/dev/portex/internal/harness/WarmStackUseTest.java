package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.api.PortexException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** PORTEX_STACK: which stack a run uses; unset, the caller's default (the CLI: warm when up; tests: fresh). */
class WarmStackUseTest {

    @ParameterizedTest(name = "PORTEX_STACK=\"{0}\" with the default {1} means {2}")
    @CsvSource({
            "warm, FRESH, WARM",
            "WARM, WARM_IF_UP, WARM",
            "' fresh ', WARM_IF_UP, FRESH",
            "'', WARM_IF_UP, WARM_IF_UP",
            "'', FRESH, FRESH"})
    void theVariableOrTheDefault(String value, WarmStack.Use otherwise, WarmStack.Use expected) {
        assertThat(WarmStack.Use.parse(value, otherwise)).as("the stack for PORTEX_STACK=\"%s\"", value).isEqualTo(expected);
    }

    @Test
    @DisplayName("unset is the default, not an error")
    void unset() {
        assertThat(WarmStack.Use.parse(null, WarmStack.Use.WARM_IF_UP)).as("PORTEX_STACK unset").isEqualTo(WarmStack.Use.WARM_IF_UP);
    }

    @Test
    @DisplayName("any other value is refused with the two that work, as a usage error (exit 2)")
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> WarmStack.Use.parse("hot", WarmStack.Use.FRESH))
                .as("PORTEX_STACK=hot")
                .isInstanceOf(PortexException.class)
                .hasMessage("PORTEX_STACK=hot is not a stack: use PORTEX_STACK=warm (the stack ./portex up started) or "
                        + "PORTEX_STACK=fresh (one per run), or unset it")
                .satisfies(e -> assertThat(((PortexException) e).exitCode()).as("exit code").isEqualTo(2));
    }
}
