package dev.portex.internal.report;

import java.nio.file.Path;

/**
 * The files {@link Report#write} wrote.
 *
 * @param json {@code report.json}: the title, the machine, and every scenario's result
 * @param html {@code index.html}: self-contained (charts embedded as data URIs, no external URL)
 * @param png {@code portex-chart.png}: every scenario on one 1200x600 chart, for pasting into an issue
 */
public record ReportFiles(Path json, Path html, Path png) {
}
