/**
 * AssertJ assertions on a {@link dev.portex.model.ScenarioResult}: one static import,
 * {@code import static dev.portex.assertj.PortexAssertions.assertThat;}, gives portex's assertions and AssertJ's own.
 * Each assertion's failure message says what was measured and what was expected:
 * <pre>{@code
 * assertThat(result).indexedEveryDocument().opensAtMostConnections(1).survives(800, 32768, 60999);
 * }</pre>
 *
 * <p>Public API: kept compatible within a major version. {@code dev.portex.internal} is not.
 */
package dev.portex.assertj;
