package dev.portex.assertj;

import dev.portex.model.ScenarioResult;
import org.assertj.core.api.Assertions;

/**
 * One static import for portex's assertions and AssertJ's own: {@code import static
 * dev.portex.assertj.PortexAssertions.assertThat;} gives {@code assertThat(result).indexedEveryDocument()} for a
 * {@link ScenarioResult} and every {@code assertThat} of {@link Assertions} for anything else (this class extends it,
 * as AssertJ's own entry points may be extended).
 *
 * <pre>{@code
 * ScenarioResult result = portex.sender(PooledSender.class).onPorts(41000, 41099).documents(300).run();
 *
 * assertThat(result).indexedEveryDocument().usedAtMostLocalPorts(1).nothingLost();       // portex's
 * assertThat(result.sockets().clientSocketStates()).containsOnlyKeys("ESTABLISHED");     // AssertJ's
 * }</pre>
 */
public class PortexAssertions extends Assertions {
    /** Not for instances: use the static methods. Open for extension, as {@link Assertions} is. */
    protected PortexAssertions() {
    }

    /** The assertions on one run's result: see {@link ScenarioResultAssert}. */
    public static ScenarioResultAssert assertThat(ScenarioResult actual) {
        return new ScenarioResultAssert(actual);
    }
}
