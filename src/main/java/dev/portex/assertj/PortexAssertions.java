package dev.portex.assertj;

import dev.portex.model.ScenarioResult;

/** Entry point of portex's AssertJ assertions: {@code PortexAssertions.assertThat(result).indexedEveryDocument()}. */
public final class PortexAssertions {
    private PortexAssertions() {
    }

    public static ScenarioResultAssert assertThat(ScenarioResult actual) {
        return new ScenarioResultAssert(actual);
    }
}
