package dev.portex.internal.report;

import dev.portex.model.Sample;
import static dev.portex.internal.report.ReportFixtures.TITLE;
import static dev.portex.internal.report.ReportFixtures.perRequest;
import static dev.portex.internal.report.ReportFixtures.pooled;
import static dev.portex.internal.report.ReportFixtures.withSamples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.portex.model.ScenarioResult;
import dev.portex.internal.loadgen.LoadResult;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Report charts")
class ReportChartTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("portex-chart.png is a 1200x600 PNG, rendered headless")
    void mainChartPng() throws Exception {
        ReportFiles files = Report.write(dir, List.of(perRequest(), pooled()), TITLE);

        assertThat(files.png()).as("the chart for pasting into an issue").isEqualTo(dir.resolve("portex-chart.png"));
        BufferedImage png = ImageIO.read(files.png().toFile());
        assertThat(png).as("portex-chart.png decodes with ImageIO").isNotNull();
        assertThat(png.getWidth() + "x" + png.getHeight()).as("portex-chart.png size in pixels").isEqualTo("1200x600");
        assertThat(System.getProperty("java.awt.headless"))
                .as("the writer sets java.awt.headless=true when nobody set it (no display needed)").isEqualTo("true");
        assertThat(GraphicsEnvironment.isHeadless()).as("AWT runs headless").isTrue();
    }

    @Test
    @DisplayName("the comparison chart has every scenario's acknowledged and TIME_WAIT curves and the range line")
    void comparisonChartContent() {
        JFreeChart chart = ReportCharts.comparison(List.of(perRequest(), pooled()), TITLE);
        XYPlot plot = chart.getXYPlot();

        assertThat(seriesNames(plot.getDataset())).as("one acknowledged and one TIME_WAIT series per client, in order")
                .containsExactly("per-request acknowledged", "per-request TIME_WAIT", "pooled acknowledged",
                        "pooled TIME_WAIT");
        assertThat(values(plot.getRangeMarkers(Layer.FOREGROUND)))
                .as("the horizontal line is the first scenario's portRange.size").containsExactly(137.0);
        assertThat(labels(plot.getRangeMarkers(Layer.FOREGROUND))).as("the range line's label")
                .containsExactly("port range: 137 ports");
        assertThat(labels(plot.getDomainMarkers(Layer.FOREGROUND)))
                .as("a vertical line for each scenario that failed: only per-request")
                .containsExactly("per-request: first failure, document 138");
        assertThat(plot.getRangeAxis().getUpperBound())
                .as("the Y axis: the highest curve (pooled, 300 acknowledged) plus 15%% room for the markers' labels")
                .isCloseTo(300 * 1.15, within(1e-9));
        assertThat(chart.getTitle().getText()).as("the chart's title is the report's").isEqualTo(TITLE);
    }

    @Test
    @DisplayName("a scenario chart marks the range size and the first sample with a failure")
    void scenarioChartMarkers() {
        XYPlot plot = ReportCharts.scenario(perRequest(), 0).getXYPlot();

        assertThat(seriesNames(plot.getDataset())).as("per-request chart: acknowledged, TIME_WAIT, failed")
                .containsExactly("acknowledged documents", "TIME_WAIT sockets (load generator)", "failed documents");
        assertThat(labels(plot.getRangeMarkers(Layer.FOREGROUND))).as("horizontal line at the range size")
                .containsExactly("port range: 137 ports");
        assertThat(values(plot.getDomainMarkers(Layer.FOREGROUND)))
                .as("vertical line at 0.8 s: the first sample whose failed count is above 0").containsExactly(0.8);
        assertThat(labels(plot.getDomainMarkers(Layer.FOREGROUND))).as("its label names the first failed document")
                .containsExactly("first failure: document 138");
        assertThat(plot.getRangeAxis().getUpperBound())
                .as("the Y axis: the highest curve (163 failed, above the range line at 137) plus 15%% room")
                .isCloseTo(163 * 1.15, within(1e-9));

        XYPlot pooled = ReportCharts.scenario(pooled(), 1).getXYPlot();
        assertThat(pooled.getDomainMarkers(Layer.FOREGROUND)).as("pooled: no failure, so no vertical line").isNull();
        assertThat(seriesNames(pooled.getDataset())).as("pooled: no failed series when nothing failed")
                .containsExactly("acknowledged documents", "TIME_WAIT sockets (load generator)");
    }

    @Test
    @DisplayName("samples whose socket counts are unknown (-1) are left out of the TIME_WAIT curve")
    void unknownTimeWaitIsSkipped() throws Exception {
        ScenarioResult partly = withSamples(perRequest(), List.of(
                new Sample(0, 0, 0, -1, -1),
                new Sample(200, 40, 0, 39, 1),
                new Sample(400, 80, 0, -1, -1),
                new Sample(600, 137, 10, 137, 0)));
        XYDataset data = ReportCharts.scenario(partly, 0).getXYPlot().getDataset();

        assertThat(data.getItemCount(1)).as("TIME_WAIT series: only the 2 samples that could read /proc/net/tcp")
                .isEqualTo(2);
        assertThat(data.getYValue(1, 0)).as("first TIME_WAIT point is the 200 ms sample").isEqualTo(39.0);
        assertThat(data.getItemCount(0)).as("acknowledged series keeps all 4 samples").isEqualTo(4);

        ScenarioResult unknown = withSamples(perRequest(), List.of(new Sample(0, 0, 0, -1, -1),
                new Sample(500, 137, 163, -1, -1)));
        assertThat(seriesNames(ReportCharts.comparison(List.of(unknown), TITLE).getXYPlot().getDataset()))
                .as("no TIME_WAIT series at all (not an empty legend entry) when no sample could read it")
                .containsExactly("per-request acknowledged");
        assertThat(decode(ReportCharts.png(ReportCharts.scenario(unknown, 0), 400, 300)))
                .as("such a chart still renders").isNotNull();
    }

    @Test
    @DisplayName("a scenario without samples still renders (with a 'no samples' message)")
    void noSamples() throws Exception {
        ScenarioResult none = withSamples(perRequest(), null);
        BufferedImage image = decode(ReportCharts.png(ReportCharts.scenario(none, 0), 1000, 460));

        assertThat(image).as("a chart without samples decodes").isNotNull();
        assertThat(ReportCharts.firstFailureSeconds(none)).as("no sample: no first-failure line").isEmpty();
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static List<String> seriesNames(XYDataset data) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            names.add(String.valueOf(data.getSeriesKey(i)));
        }
        return names;
    }

    private static List<Double> values(Collection<?> markers) {
        List<Double> values = new ArrayList<>();
        if (markers != null) {
            markers.forEach(m -> values.add(((ValueMarker) m).getValue()));
        }
        return values;
    }

    private static List<String> labels(Collection<?> markers) {
        List<String> labels = new ArrayList<>();
        if (markers != null) {
            markers.forEach(m -> labels.add(((Marker) m).getLabel()));
        }
        return labels;
    }
}
