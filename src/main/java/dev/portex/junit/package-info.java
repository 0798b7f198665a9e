/**
 * The JUnit Jupiter API (JUnit 5.14 and 6): annotate a test class {@link dev.portex.junit.PortexTest @PortexTest} and
 * take a {@link dev.portex.junit.PortexHarness} parameter to run your own {@link dev.portex.api.DocumentSender} in a
 * network namespace with a narrowed port range, against a real Node and Elasticsearch stack that every test class of
 * the run shares (and that test classes running in parallel share safely). portex brings no JUnit of its own: the
 * project's {@code junit-jupiter} is the one that runs.
 *
 * <p>Public API: kept compatible within a major version. {@code dev.portex.internal} is not.
 */
package dev.portex.junit;
