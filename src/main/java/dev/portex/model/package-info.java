/**
 * What a run is and what it measured: a {@link dev.portex.model.Scenario} (client, port range, documents, concurrency;
 * an invalid one throws {@link dev.portex.model.InvalidScenarioException}, whose message names the fix), and its {@link dev.portex.model.ScenarioResult}
 * (acknowledged, failed, indexed, sockets, time series) with the {@link dev.portex.model.Verdict} worked out once from
 * those numbers (PORTS EXHAUSTED, PORTS RAN OUT, RETRIES HID IT, all indexed, ...) and rendered the same way in the CLI,
 * the JSON and the report.
 *
 * <p>Public API: kept compatible within a major version. {@code dev.portex.internal} is not.
 */
package dev.portex.model;
