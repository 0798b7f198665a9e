package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.api.PortexException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A session named with PORTEX_SESSION")
class SessionNameTest {

    @ParameterizedTest(name = "''{0}'' is taken")
    @ValueSource(strings = {"a", "ci-job-42", "run_1.2", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"})
    void namesOfLettersDigitsAndDotsDashesUnderscoresUpTo64AreTaken(String name) {
        assertThatCode(() -> PortexLabels.checkSessionName(name)).as("session name '%s' (%d characters)", name, name.length())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "''{0}'' is refused, naming what is allowed")
    @ValueSource(strings = {"", "job 42", "job/42", "ci=1", "ünicode",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm"})
    void anythingElseIsRefusedWithTheFix(String name) {
        assertThatThrownBy(() -> PortexLabels.checkSessionName(name))
                .as("session name '%s' (%d characters)", name, name.length())
                .isInstanceOf(PortexException.class)
                .hasMessage("PORTEX_SESSION must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name
                        + "': e.g. PORTEX_SESSION=ci-job-42, or unset it for a random id")
                .extracting(e -> ((PortexException) e).exitCode()).isEqualTo(2);
    }
}
