package dev.portex.internal.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-over between a run and the load generator on standby, with the real shell script of {@link Standby#claim} and
 * the real load generator (this test's classpath) in a JVM of its own, on the host: no container, so the load goes to a
 * closed local port and every document fails, which is enough to see options go in and result, progress and exit
 * status come out.
 */
class StandbyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Finished(int exit, String stdout, String stderr) {
    }

    private static Finished run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).start();
        // both pipes read to their ends before waiting: a full pipe would block the process
        var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String stdout = readAll(process.getInputStream());
        assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
                .as("%s should end within %d s (every wait of the hand-over is bounded)", command.get(0), timeoutSeconds)
                .isTrue();
        return new Finished(process.exitValue(), stdout, stderr.get(timeoutSeconds, TimeUnit.SECONDS));
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The range the load generator checks for ports taken: on the host, one nothing holds (the host's own range is busy). */
    private void freeRange() throws IOException {
        Files.writeString(dir.resolve(Standby.RANGE), "1 2\n");
    }

    private Process startOnStandby() throws IOException {
        freeRange();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> generator = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LoadGenerator.class.getName());
        return new ProcessBuilder("sh", "-c", Standby.start(generator, dir.toString(), 100)).start();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private List<String> claim(List<String> options, int readyWaitTenths) {
        return Standby.claim(options, 20, dir.toString(), readyWaitTenths);
    }

    @Nested
    @DisplayName("a load generator on standby")
    class OnStandby {
        @Test
        @DisplayName("runs the load it is handed once, streams progress and result, and exits with the load's status")
        void runsTheLoadItIsHanded() throws Exception {
            Process standby = startOnStandby();
            List<String> options = List.of("--client", "pooled", "--docs", "3", "--target",
                    "http://127.0.0.1:" + closedPort() + "/docs", "--run-id", "standby-test", "--max-seconds", "10");

            Finished claimed = run(claim(options, 300), 90);

            assertThat(claimed.exit()).as("the claim's exit status is the load generator's (stderr: %s)", claimed.stderr())
                    .isZero();
            String[] lines = claimed.stdout().strip().split("\n");
            JsonNode result = JSON.readTree(lines[lines.length - 1]);
            assertThat(result.path("docs").asInt()).as("the load ran with the options handed over (--docs 3): %s", result)
                    .isEqualTo(3);
            assertThat(result.path("failed").asInt()).as("all 3 documents went to a closed port, so all 3 failed: %s", result)
                    .isEqualTo(3);
            assertThat(claimed.stderr()).as("the progress lines come through the error pipe")
                    .contains(LoadGenerator.PROGRESS_PREFIX);
            assertThat(standby.waitFor(30, TimeUnit.SECONDS)).as("the load generator exits after its one load").isTrue();
            assertThat(standby.exitValue()).isZero();
            assertThat(Files.readString(dir.resolve(Standby.EXIT)).strip()).isEqualTo("0");
        }

        @Test
        @DisplayName("answers bad options as the load generator does: its usage error and status 2")
        void badOptions() throws Exception {
            Process standby = startOnStandby();

            Finished claimed = run(claim(List.of("--docs", "none"), 300), 90);

            assertThat(claimed.exit()).as("a usage error of the load generator is exit status 2 (stderr: %s)", claimed.stderr())
                    .isEqualTo(2);
            assertThat(claimed.stderr()).startsWith("loadgen: ");
            assertThat(claimed.stdout()).as("no result without a load").isEmpty();
            assertThat(standby.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("a spare's load generator does not start before it is let go (its JVM would take CPU from the run that "
            + "made the spare), and does once a claim comes")
    void waitsToStart() throws Exception {
        freeRange();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process standby = new ProcessBuilder("sh", "-c", Standby.start(List.of(javaBin.toString(), "-cp",
                System.getProperty("java.class.path"), LoadGenerator.class.getName()), dir.toString(), 600)).start();
        try {
            org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(2)).atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !Files.exists(dir.resolve(Standby.READY)));

            Finished claimed = run(claim(List.of("--docs", "none"), 300), 90);

            assertThat(claimed.exit()).as("the claim let it start, and it ran (bad options: 2); stderr: %s", claimed.stderr())
                    .isEqualTo(2);
        } finally {
            standby.destroyForcibly();
        }
    }

    @Test
    @DisplayName("a namespace whose range was not free when the load generator started: the claim lists the ports "
            + "taken (status 76) and runs nothing")
    void rangeNotFree() throws Exception {
        Files.writeString(dir.resolve(Standby.TAKEN), "40005\n");
        Files.writeString(dir.resolve(Standby.READY), ProcessHandle.current().pid() + "\n");

        Finished claimed = run(claim(List.of("--docs", "1"), 3), 30);

        assertThat(claimed.exit()).isEqualTo(Standby.RANGE_NOT_FREE);
        assertThat(Standby.parsePortsTaken(claimed.stdout())).as("the ports the claim listed").containsExactly(40005);
    }

    @Test
    @DisplayName("the ports of the range that sockets hold: Docker's DNS listener at 40005 in 40000-40136, not 53 or 45000")
    void portsTakenInRange() {
        var sockets = dev.portex.internal.sockets.TcpSocketTable.parse(String.join("\n",
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0B00007F:9C45 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0",
                "   1: 0B00007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0",
                "   2: 0B00007F:AFC8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0",
                ""));

        assertThat(Standby.portsTakenInRange(sockets, "40000\t40136\n")).isEqualTo("40005");
        assertThat(Standby.portsTakenInRange(sockets, "41000\t41136\n")).as("nothing in 41000-41136").isEmpty();
        assertThat(Standby.parsePortsTaken("40005,40100\n")).containsExactly(40005, 40100);
    }

    @Nested
    @DisplayName("with no load generator on standby")
    class NoneOnStandby {
        @Test
        @DisplayName("the claim says so with status 75, within its wait, and runs nothing")
        void nothingThere() throws Exception {
            Finished claimed = run(claim(List.of("--docs", "1"), 3), 30);

            assertThat(claimed.exit()).isEqualTo(Standby.NOT_ON_STANDBY);
            assertThat(claimed.stdout()).isEmpty();
        }

        @Test
        @DisplayName("a ready file left by a load generator that is gone counts as nothing on standby")
        void staleReadyFile() throws Exception {
            Process gone = new ProcessBuilder("true").start();
            assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Files.writeString(dir.resolve(Standby.READY), gone.pid() + "\n");

            Finished claimed = run(claim(List.of("--docs", "1"), 3), 30);

            assertThat(claimed.exit()).isEqualTo(Standby.NOT_ON_STANDBY);
        }
    }

    @Test
    @DisplayName("an option with a line break is refused: the options go over one line each")
    void lineBreaksRefused() {
        assertThatThrownBy(() -> Standby.claim(List.of("--run-id", "a\nb"), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
    }

    @Test
    @DisplayName("the load generator's command line survives the shell word for word")
    void quoting() throws Exception {
        List<String> words = List.of("plain", "two words", "it's", "$HOME", "a\"b");
        List<String> echo = new ArrayList<>(List.of("sh", "-c", "printf '%s\\n' " + Standby.quoted(words)));

        Finished printed = run(echo, 10);

        assertThat(printed.stdout().split("\n")).containsExactlyElementsOf(words);
    }
}
