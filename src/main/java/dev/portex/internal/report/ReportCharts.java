package dev.portex.internal.report;

import dev.portex.model.Sample;
import dev.portex.model.ScenarioResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Stroke;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts (JFreeChart, rendered headless to PNG): time in seconds on X, counts on Y.
 * Per scenario: acknowledged and failed documents, the TIME_WAIT sockets of the load generator's
 * namespace, the port range size as a horizontal line and the first failure as a vertical line.
 * The comparison chart puts every scenario's acknowledged and TIME_WAIT curves on one plot.
 * Fonts are JFreeChart's defaults (logical fonts), so no particular font must be installed.
 */
final class ReportCharts {

    static final int MAIN_WIDTH = 1200;
    static final int MAIN_HEIGHT = 600;
    static final int SCENARIO_WIDTH = 1000;
    static final int SCENARIO_HEIGHT = 460;

    /** One colour per scenario, in order; the TIME_WAIT curve of a scenario is a pale band of its colour. */
    private static final Color[] PALETTE = {
            new Color(0xC0, 0x39, 0x2B), // red
            new Color(0x1F, 0x6F, 0xB5), // blue
            new Color(0x1E, 0x8E, 0x4E), // green
            new Color(0x8E, 0x44, 0xAD), // purple
            new Color(0xD6, 0x89, 0x10), // orange
            new Color(0x11, 0x7A, 0x8A), // teal
    };
    private static final Color RANGE_LINE = new Color(0x33, 0x33, 0x33);
    private static final Color FAILED = new Color(0x88, 0x88, 0x88);
    private static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 215);
    private static final Stroke SOLID = new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    /** TIME_WAIT: a wide pale band under the acknowledged line, so both show where they coincide. */
    private static final Stroke BAND = new BasicStroke(9f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND);
    private static final int BAND_ALPHA = 85;
    private static final Stroke DOTTED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[] {2f, 3f}, 0f);
    private static final Stroke RANGE_STROKE = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {10f, 5f}, 0f);
    private static final Stroke FAILURE_STROKE = new BasicStroke(1.4f);

    static {
        ensureHeadless();
    }

    private ReportCharts() {
    }

    /** Charts need no display: {@code java.awt.headless=true} unless someone chose otherwise (before AWT starts). */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static Color colour(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /** Every scenario's acknowledged and TIME_WAIT curves, the first scenario's range size, each first failure. */
    static JFreeChart comparison(List<ScenarioResult> results, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = renderer();
        Set<String> names = new HashSet<>();
        double top = 0;
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            String name = uniqueName(r.setup().client().cliName(), i, names);
            Color c = colour(i);
            XYSeries acked = acknowledged(r, name + " acknowledged");
            top = Math.max(top, add(data, renderer, acked, c, SOLID));
            Optional<XYSeries> tw = timeWait(r, name + " TIME_WAIT");
            if (tw.isPresent()) {
                top = Math.max(top, add(data, renderer, tw.get(), band(c), BAND));
            }
        }
        XYPlot plot = plot(data, renderer);
        Integer rangeSize = results.isEmpty() || results.get(0).setup().portRange() == null
                ? null : results.get(0).setup().portRange().size();
        if (rangeSize != null) {
            plot.addRangeMarker(rangeMarker(rangeSize), Layer.FOREGROUND);
            top = Math.max(top, rangeSize);
        }
        double end = lastSeconds(results);
        for (int i = 0; i < results.size(); i++) {
            ScenarioResult r = results.get(i);
            final int slot = i;
            firstFailureSeconds(r).ifPresent(t -> plot.addDomainMarker(
                    failureMarker(t, r.setup().client() + ": first failure, document " + ordinal(r), colour(slot), slot,
                            t > 0.6 * end),
                    Layer.FOREGROUND));
        }
        fitRangeAxis(plot, top);
        JFreeChart chart = chart(title, plot);
        chart.addSubtitle(subtitle("line: acknowledged documents    pale band: sockets in TIME_WAIT    "
                + "dashed line: ports in the load generator's ephemeral range"));
        return chart;
    }

    /** One scenario: acknowledged, failed, TIME_WAIT, the port range size and the first failure. */
    static JFreeChart scenario(ScenarioResult r, int index) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = renderer();
        Color c = colour(index);
        double top = add(data, renderer, acknowledged(r, "acknowledged documents"), c, SOLID);
        Optional<XYSeries> tw = timeWait(r, "TIME_WAIT sockets (load generator)");
        if (tw.isPresent()) {
            top = Math.max(top, add(data, renderer, tw.get(), band(c), BAND));
        }
        if (r.clientSide().failed() > 0) {
            XYSeries failed = new XYSeries("failed documents", false, true);
            for (Sample s : samples(r)) {
                failed.add(s.tMs() / 1000.0, s.failed());
            }
            top = Math.max(top, add(data, renderer, failed, FAILED, DOTTED));
        }
        XYPlot plot = plot(data, renderer);
        if (r.setup().portRange() != null) {
            plot.addRangeMarker(rangeMarker(r.setup().portRange().size()), Layer.FOREGROUND);
            top = Math.max(top, r.setup().portRange().size());
        }
        double end = lastSeconds(List.of(r));
        firstFailureSeconds(r).ifPresent(t -> plot.addDomainMarker(
                failureMarker(t, "first failure: document " + ordinal(r), c, 0, t > 0.6 * end), Layer.FOREGROUND));
        fitRangeAxis(plot, top);
        String title = String.format(Locale.ROOT, "%s: %,d of %,d documents acknowledged", r.setup().client(),
                r.clientSide().acknowledged(), r.setup().docs());
        JFreeChart chart = chart(title, plot);
        String sub = "Elasticsearch client: " + r.setup().esClient()
                + (r.setup().portRange() == null ? "" : String.format(Locale.ROOT, "    port range %d-%d (%,d ports)",
                        r.setup().portRange().low(), r.setup().portRange().high(), r.setup().portRange().size()))
                + (r.clientSide().firstFailureAt() == null ? "    no failure"
                        : "    first failure: document " + r.clientSide().firstFailureOrdinal());
        chart.addSubtitle(subtitle(sub));
        return chart;
    }

    static byte[] png(JFreeChart chart, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the chart '" + chart.getTitle().getText() + "'", e);
        }
        return out.toByteArray();
    }

    /** Time in seconds of the first sample with a failed document, if any. */
    static Optional<Double> firstFailureSeconds(ScenarioResult r) {
        return samples(r).stream().filter(s -> s.failed() > 0).findFirst().map(s -> s.tMs() / 1000.0);
    }

    /** The time of the last sample of any of the results, in seconds (0 without samples). */
    private static double lastSeconds(List<ScenarioResult> results) {
        return results.stream().flatMap(r -> samples(r).stream()).mapToLong(Sample::tMs).max().orElse(0)
                / 1000.0;
    }

    private static Color band(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), BAND_ALPHA);
    }

    static List<Sample> samples(ScenarioResult r) {
        return r.timing().samples() == null ? List.of() : r.timing().samples();
    }

    private static String ordinal(ScenarioResult r) {
        return r.clientSide().firstFailureAt() == null ? "?" : String.format(Locale.ROOT, "%,d", r.clientSide().firstFailureOrdinal());
    }

    private static String uniqueName(String client, int index, Set<String> taken) {
        String name = client == null ? "scenario " + (index + 1) : client;
        if (!taken.add(name)) {
            name = name + " #" + (index + 1);
            taken.add(name);
        }
        return name;
    }

    private static XYSeries acknowledged(ScenarioResult r, String key) {
        XYSeries s = new XYSeries(key, false, true);
        for (Sample sample : samples(r)) {
            s.add(sample.tMs() / 1000.0, sample.acknowledged());
        }
        return s;
    }

    /** The TIME_WAIT curve, without the samples where it could not be read (-1); empty means none. */
    private static Optional<XYSeries> timeWait(ScenarioResult r, String key) {
        XYSeries s = new XYSeries(key, false, true);
        for (Sample sample : samples(r)) {
            if (sample.timeWait() >= 0) {
                s.add(sample.tMs() / 1000.0, sample.timeWait());
            }
        }
        return s.getItemCount() == 0 ? Optional.empty() : Optional.of(s);
    }

    /** Adds the series with its look; returns its largest value (0 when empty). */
    private static double add(XYSeriesCollection data, XYLineAndShapeRenderer renderer, XYSeries series,
            Paint paint, Stroke stroke) {
        int index = data.getSeriesCount();
        data.addSeries(series);
        renderer.setSeriesPaint(index, paint);
        renderer.setSeriesStroke(index, stroke);
        renderer.setSeriesShapesVisible(index, false);
        return series.getItemCount() == 0 ? 0 : series.getMaxY();
    }

    private static XYLineAndShapeRenderer renderer() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        return renderer;
    }

    private static XYPlot plot(XYSeriesCollection data, XYLineAndShapeRenderer renderer) {
        NumberAxis x = new NumberAxis("time since the start of the run (s)");
        x.setAutoRangeIncludesZero(true);
        NumberAxis y = new NumberAxis("documents / sockets");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(new Color(0xAA, 0xAA, 0xAA));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setNoDataMessage("no samples were recorded for this run");
        return plot;
    }

    /** Markers do not widen an axis' auto range: make room for the range line and the labels above it. */
    private static void fitRangeAxis(XYPlot plot, double top) {
        plot.getRangeAxis().setRange(0, Math.max(1, top) * 1.15);
    }

    private static ValueMarker rangeMarker(int size) {
        ValueMarker m = new ValueMarker(size, RANGE_LINE, RANGE_STROKE);
        m.setLabel(String.format(Locale.ROOT, "port range: %,d ports", size));
        m.setLabelPaint(RANGE_LINE);
        m.setLabelBackgroundColor(LABEL_BACKGROUND);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        m.setLabelOffset(new RectangleInsets(4, 4, 4, 8));
        return m;
    }

    /**
     * A vertical line at the first failure; {@code slot} staggers the labels of several markers, and a
     * line in the right part of the plot gets its label on its left, so that the label is not cut off.
     */
    private static ValueMarker failureMarker(double seconds, String label, Color colour, int slot,
            boolean labelOnTheLeft) {
        ValueMarker m = new ValueMarker(seconds, colour, FAILURE_STROKE);
        m.setLabel(label);
        m.setLabelPaint(colour.darker());
        m.setLabelBackgroundColor(LABEL_BACKGROUND);
        m.setLabelAnchor(labelOnTheLeft ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(labelOnTheLeft ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
        m.setLabelOffset(new RectangleInsets(6 + 18 * slot, 4, 4, 4));
        return m;
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 8, 6, 14));
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        chart.getLegend().setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemLabelPadding(new RectangleInsets(2, 4, 2, 22));
        return chart;
    }

    private static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text);
        t.setPaint(new Color(0x55, 0x55, 0x55));
        t.setPadding(new RectangleInsets(0, 0, 6, 0));
        return t;
    }
}
