package dev.portex.internal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portex.model.ScenarioResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the report of one or more scenario runs into a directory:
 * <ul>
 *   <li>{@code report.json}: the title, when, the machine, and every {@link ScenarioResult} exactly as
 *       {@code ./portex run --json} prints it;</li>
 *   <li>{@code index.html}: one self-contained page (inline CSS, charts as {@code data:} URIs, no script,
 *       no external URL; a Content-Security-Policy forbids loading anything else): an explanation, a
 *       summary table with one row per scenario, the comparison chart and one chart per scenario;</li>
 *   <li>{@code portex-chart.png}: the comparison chart, 1200x600, for pasting into an issue.</li>
 * </ul>
 * Charts are rendered headless: {@code java.awt.headless} is set to true unless already set.
 */
public final class Report {

    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "index.html";
    public static final String PNG_FILE = "portex-chart.png";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static {
        ReportCharts.ensureHeadless();
    }

    private Report() {
    }

    /**
     * Writes {@code report.json}, {@code index.html} and {@code portex-chart.png} into {@code dir}
     * (created if missing; existing files are overwritten).
     *
     * @param results the scenarios, in the order to show them (the first one's port range is the
     *        range line of the comparison chart)
     * @param title e.g. "portex compare: 300 documents, port range 40000-40136 (137 ports)"
     * @throws UncheckedIOException if a file cannot be written
     */
    public static ReportFiles write(Path dir, List<ScenarioResult> results, String title) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(results, "results");
        String safeTitle = title == null ? "portex report" : title;
        Instant generatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> machine = machine();

        byte[] mainPng = ReportCharts.png(ReportCharts.comparison(results, safeTitle),
                ReportCharts.MAIN_WIDTH, ReportCharts.MAIN_HEIGHT);
        String html = ReportHtml.page(safeTitle, generatedAt, machine, results, mainPng);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", safeTitle);
        json.put("generatedAt", generatedAt.toString());
        json.put("machine", machine);
        json.put("scenarios", results);

        ReportFiles files = new ReportFiles(dir.resolve(JSON_FILE), dir.resolve(HTML_FILE), dir.resolve(PNG_FILE));
        try {
            Files.createDirectories(dir);
            Files.write(files.json(), JSON.writeValueAsBytes(json));
            Files.writeString(files.html(), html, StandardCharsets.UTF_8);
            Files.write(files.png(), mainPng);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into " + dir.toAbsolutePath() + ": " + e, e);
        }
        return files;
    }

    /** Cores, memory, OS and kernel of the machine the report was written on. */
    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        long memoryMb = -1;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            memoryMb = sun.getTotalMemorySize() / (1024 * 1024);
        }
        m.put("memoryMb", memoryMb);
        m.put("os", System.getProperty("os.name"));
        m.put("kernel", System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
