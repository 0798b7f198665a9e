package dev.portex.internal.report;

import static dev.portex.internal.report.ReportFixtures.PYTHON_ERROR_WITH_MARKUP;
import static dev.portex.internal.report.ReportFixtures.TITLE;
import static dev.portex.internal.report.ReportFixtures.perRequest;
import static dev.portex.internal.report.ReportFixtures.pooled;
import static dev.portex.internal.report.ReportFixtures.withError;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("index.html")
class ReportHtmlTest {
    private static final Pattern ROW = Pattern.compile("<tr id=\"row-(\\d+)\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);
    private static final Pattern DATA_PNG = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    @TempDir
    Path dir;

    @Test
    @DisplayName("each scenario's caption names what it ran on: every version of its result")
    void captionNamesTheVersions() throws Exception {
        dev.portex.model.ScenarioResult r;
        try (var in = getClass().getResourceAsStream("/scenario-result/python-post-versions.json")) {
            r = new com.fasterxml.jackson.databind.ObjectMapper().readValue(in, dev.portex.model.ScenarioResult.class);
        }
        String html = Files.readString(Report.write(dir, List.of(r), TITLE).html());

        assertThat(html).as("the report of the real python-post run of 2026-12-02")
                .contains("<span class=\"versions\">Ran on Elasticsearch 9.5.4, @elastic/elasticsearch 9.5.1, Node.js 24.21.0, "
                        + "Python 3.13.5, requests 2.32.3, urllib3 2.3.0, Debian 13.8.</span>");
    }

    @Test
    @DisplayName("the summary table has one row per scenario with the result's numbers")
    void summaryRows() throws Exception {
        String html = Files.readString(Report.write(dir, List.of(perRequest(), pooled()), TITLE).html());

        List<List<String>> rows = rows(html);
        assertThat(rows).as("one <tr id=\"row-N\"> in the summary table per scenario").hasSize(2);
        assertThat(rows.get(0)).as("per-request row: client, Elasticsearch client, port range, docs, acknowledged, "
                + "failed, first failure, error, indexed, server received, local ports used, TIME_WAIT, docs/s")
                .containsExactly("per-request", "pooled", "40000\u201340136 (137 ports)", "300", "137", "163",
                        "document 138", "java.net.BindException: Cannot assign requested address", "137", "137",
                        "137", "137", "150.2");
        assertThat(rows.get(1)).as("pooled row: everything acknowledged over one port, no failure")
                .containsExactly("pooled", "pooled", "40000\u201340136 (137 ports)", "300", "300", "0", "none", "none",
                        "300", "300", "1", "1", "348.4");
        assertThat(html).as("the title is the page's <title> and its heading")
                .contains("<title>" + TITLE + "</title>", "<h1>" + TITLE + "</h1>");
        assertThat(html).as("the page explains what TIME_WAIT and the port range line mean")
                .contains("TIME_WAIT", "horizontal line", "Cannot assign requested address", "per-request", "pooled");
    }

    @Test
    @DisplayName("error messages are HTML-escaped, and a URL in one does not become a URL in the page")
    void errorMessagesAreEscaped() throws Exception {
        String html = Files.readString(Report.write(dir,
                List.of(withError(perRequest(), "python-post", PYTHON_ERROR_WITH_MARKUP), pooled()), "a & b < c").html());

        assertThat(html).as("'<' and '&' of the error message are written as &lt; and &amp;")
                .contains("/docs?a=1&amp;b=2", "(&#39;&lt;urllib3.connection.HTTPConnection object at 0x7f3a&gt;:")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).as("no markup from the error message reaches the page")
                .doesNotContain("<urllib3", "<script", "a=1&b=2");
        assertThat(html).as("the title is escaped too").contains("<title>a &amp; b &lt; c</title>");
        assertThat(rows(html).get(0).get(7)).as("the error cell reads exactly like the message once rendered")
                .isEqualTo(PYTHON_ERROR_WITH_MARKUP.type() + ": " + PYTHON_ERROR_WITH_MARKUP.message());
    }

    @Test
    @DisplayName("the page is self-contained: no URL, no script, no external style or font")
    void selfContained() throws Exception {
        String html = Files.readString(Report.write(dir,
                List.of(withError(perRequest(), "python-post", PYTHON_ERROR_WITH_MARKUP), pooled()), TITLE).html());

        assertThat(html).as("no http:// or https:// anywhere, not even in an error message that quotes one "
                + "(its ':' is written as &#58;)").doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://");
        assertThat(html).as("no protocol-relative URL, script, link, iframe, @import or CSS url()")
                .doesNotContain("src=\"//", "href=\"//", "<script", "<link", "<iframe", "@import", "url(");
        Matcher src = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (src.find()) {
            assertThat(src.group(1)).as("every src/href is an embedded data: URI or an in-page #anchor")
                    .matches("data:image/png;base64,.*|#.*");
        }
        assertThat(html).as("a Content-Security-Policy tells the browser to load nothing else")
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\""
                        + "default-src 'none'; img-src data:; style-src 'unsafe-inline'\">");
    }

    @Test
    @DisplayName("the charts are embedded as PNG data URIs: the comparison 1200x600, then one per scenario")
    void chartsAreEmbedded() throws Exception {
        String html = Files.readString(Report.write(dir, List.of(perRequest(), pooled()), TITLE).html());

        List<BufferedImage> images = new ArrayList<>();
        Matcher m = DATA_PNG.matcher(html);
        while (m.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertThat(image).as("embedded image %d decodes as a PNG with ImageIO", images.size() + 1).isNotNull();
            images.add(image);
        }
        assertThat(images).as("the comparison chart plus one chart per scenario (2)").hasSize(3);
        assertThat(images.get(0).getWidth() + "x" + images.get(0).getHeight())
                .as("the first embedded chart is the comparison chart, same size as portex-chart.png")
                .isEqualTo("1200x600");
        for (int i = 1; i < images.size(); i++) {
            assertThat(images.get(i).getWidth() + "x" + images.get(i).getHeight())
                    .as("scenario chart %d size", i).isEqualTo("1000x460");
        }
        assertThat(html).as("each scenario chart sits in a figure with a caption")
                .contains("<figure id=\"scenario-1\"", "<figure id=\"scenario-2\"",
                        "first failure at document 138");
    }

    /** The summary rows as the text a reader sees in each cell (tags stripped, entities decoded). */
    static List<List<String>> rows(String html) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(2));
            while (cell.find()) {
                cells.add(text(cell.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]*>", "")
                .replace("&ndash;", "\u2013").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&#58;", ":").replace("&amp;", "&").trim();
    }
}
