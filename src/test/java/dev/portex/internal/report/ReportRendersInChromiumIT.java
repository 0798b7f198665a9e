package dev.portex.internal.report;


import static dev.portex.internal.report.ReportFixtures.PYTHON_ERROR_WITH_MARKUP;
import static dev.portex.internal.report.ReportFixtures.TITLE;
import static dev.portex.internal.report.ReportFixtures.perRequest;
import static dev.portex.internal.report.ReportFixtures.pooled;
import static dev.portex.internal.report.ReportFixtures.withError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.portex.internal.harness.HostSetup;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens index.html in a real browser, Debian's headless Chromium, as a reader would: it must render
 * (screenshot), show the summary table (DOM), and log no console error (no script error, no blocked
 * load: the page's Content-Security-Policy turns any attempt to load something external into one).
 * Needs {@code /usr/bin/chromium} (Debian package {@code chromium}, installed by the test where it is root on
 * Debian); fails, never skips, without it.
 */
@DisplayName("index.html renders in headless Chromium")
class ReportRendersInChromiumIT {
    /** $PORTEX_CHROMIUM, or the first browser found: Debian's chromium, Ubuntu's, Google Chrome (GitHub's runners). */
    static final Path CHROMIUM = java.util.stream.Stream.of(System.getenv("PORTEX_CHROMIUM"), "/usr/bin/chromium",
                    "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
            .filter(java.util.Objects::nonNull).map(Path::of).filter(Files::isExecutable).findFirst()
            .orElse(Path.of("/usr/bin/chromium"));
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Console messages, e.g. {@code INFO:CONSOLE:1] "Uncaught ReferenceError: ..."} or {@code :CONSOLE(12)]}. */
    private static final Pattern CONSOLE = Pattern.compile(
            ":CONSOLE[:(]|Uncaught|Refused to|net::ERR_|Not allowed to load", Pattern.CASE_INSENSITIVE);
    private static final int PER_REQUEST_RED = 0xC0392B;

    @TempDir
    Path tmp;

    @Test
    @DisplayName("screenshot renders, DOM has the summary table, no console error")
    void rendersWithoutErrors() throws Exception {
        // On a fresh Debian host where we are root, install Debian's chromium as the harness installs Docker.
        HostSetup.ensureDebianPackage(CHROMIUM, "chromium");
        assertThat(Files.isExecutable(CHROMIUM))
                .as("%s is missing: this test opens the report in headless Chromium. Install it with "
                        + "`apt-get install -y chromium` (Debian's package; as root, or with sudo), or point "
                        + "PORTEX_CHROMIUM at a Chromium or Chrome binary", CHROMIUM)
                .isTrue();
        ReportFiles report = Report.write(tmp.resolve("report"),
                List.of(perRequest(), pooled(), withError(perRequest(), "python-post", PYTHON_ERROR_WITH_MARKUP)),
                TITLE);
        String url = report.html().toUri().toString();
        long start = System.nanoTime();

        Path shot = tmp.resolve("shot.png");
        Run screenshot = chromium(tmp.resolve("profile-1"), "--screenshot=" + shot, "--window-size=1280,2000", url);
        assertThat(screenshot.exitCode).as("chromium --screenshot exit code; its stderr:%n%s", screenshot.stderr)
                .isZero();
        assertThat(shot).as("chromium wrote the screenshot; its stderr:%n%s", screenshot.stderr).isNotEmptyFile();
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(image).as("the screenshot decodes as a PNG").isNotNull();
        assertThat(image.getWidth()).as("screenshot width = --window-size width").isEqualTo(1280);
        assertThat(pixelsNear(image, PER_REQUEST_RED))
                .as("the charts were drawn: the top 2000 px of the page include the comparison chart, whose "
                        + "per-request line is red (#C0392B); a broken or missing image has no such pixels")
                .isGreaterThan(500);

        Run dump = chromium(tmp.resolve("profile-2"), "--enable-logging=stderr", "--v=0", "--dump-dom", url);
        assertThat(dump.exitCode).as("chromium --dump-dom exit code; its stderr:%n%s", dump.stderr).isZero();
        String dom = dump.stdout;
        assertThat(dom).as("the DOM as the browser built it has the summary table").contains("<table id=\"summary\">");
        assertThat(count(dom, "<tr id=\"row-")).as("one summary row per scenario (3) in the browser's DOM").isEqualTo(3);
        assertThat(count(dom, "<img src=\"data:image/png;base64,"))
                .as("the comparison chart and one chart per scenario, all as data: URIs").isEqualTo(4);
        assertThat(dom).as("the error message's '<urllib3...>' and '<script>' stay text in the browser")
                .contains("&lt;urllib3.connection.HTTPConnection object at 0x7f3a&gt;", "&lt;script&gt;alert(1)")
                .doesNotContain("<urllib3", "<script");
        assertThat(consoleLines(dump.stderr) + consoleLines(screenshot.stderr))
                .as("no console message (JavaScript error, blocked or failed load) while rendering the page")
                .isEmpty();

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("ReportRendersInChromiumIT: two chromium runs took %d ms%n", took.toMillis());
        assertThat(took).as("both chromium runs together").isLessThan(TIMEOUT.multipliedBy(2));
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    /** Runs headless Chromium with a fresh profile, bounded by {@link #TIMEOUT}; kills it (and its children) on timeout. */
    private Run chromium(Path profile, String... args) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // keep chromium's caches and config in the test's temp dir, not in $HOME
        pb.environment().put("XDG_CONFIG_HOME", profile.resolve("config").toString());
        pb.environment().put("XDG_CACHE_HOME", profile.resolve("cache").toString());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail("chromium did not finish within %d s and was killed: %s%nstderr:%n%s", TIMEOUT.toSeconds(),
                    String.join(" ", command), Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String consoleLines(String stderr) {
        StringBuilder lines = new StringBuilder();
        for (String line : stderr.split("\n")) {
            if (CONSOLE.matcher(line).find()) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int pixelsNear(BufferedImage image, int rgb) {
        int r0 = (rgb >> 16) & 0xFF;
        int g0 = (rgb >> 8) & 0xFF;
        int b0 = rgb & 0xFF;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int dr = ((p >> 16) & 0xFF) - r0;
                int dg = ((p >> 8) & 0xFF) - g0;
                int db = (p & 0xFF) - b0;
                if (dr * dr + dg * dg + db * db < 40 * 40) {
                    n++;
                }
            }
        }
        return n;
    }
}
