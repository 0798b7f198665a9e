package dev.portex.it;

import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ResourceLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portex.internal.harness.WarmStack;
import dev.portex.it.CommandLineFailsClearlyIT.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The resident JVM, through the real {@code ./portex} as a user types it: {@code up} leaves the CLI's JVM running beside
 * the warm stack, {@code run} is handed to it and prints what a run of its own JVM prints, with its exit code; a run it
 * must not serve (another environment, a rebuilt portex) runs in a JVM of its own; Ctrl-C stops a served run as it stops
 * any run; {@code down} stops the resident. The tests build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.SAME_THREAD)
@ResourceLock(Locks.WARM_STACK)
@Order(2) // starts early: it waits long (see the Failsafe configuration)
class ResidentJvmIT {
    static final Duration LIMIT = Duration.ofMinutes(3);
    static final Path HOME = Path.of(System.getProperty("portex.home", ".")).toAbsolutePath();
    static final Path TARGET = HOME.resolve("target");
    static final Path LOG = TARGET.resolve("portex-resident.log");
    static final Path PID = TARGET.resolve("portex-resident.pid");
    /** The project's ITs run on fresh stacks (pom); these are about the warm one. */
    static final Map<String, String> ENV = Map.of(WarmStack.STACK_ENV, "warm");

    static long firstResident;

    @BeforeAll
    static void noWarmStackYet() {
        portex(List.of("down"), ENV);
    }

    @AfterAll
    static void down() {
        portex(List.of("down"), ENV);
    }

    @Test
    @Order(1)
    @DisplayName("./portex up starts the warm stack and a resident JVM that waits for runs")
    void upStartsAResident() {
        CliRun up = portex(List.of("up"), ENV);

        assertThat(up.exitCode()).as("exit code of ./portex up (stderr:%n%s)", up.stderr()).isZero();
        assertThat(up.stdout()).as("what ./portex up says it started").contains("resident");
        firstResident = awaitResident("after ./portex up");
    }

    @Test
    @Order(2)
    @DisplayName("./portex run is served by the resident, twice, and prints the verdict a run of its own JVM prints")
    void runsAreServedByTheResident() {
        for (int i = 1; i <= 2; i++) {
            int served = servedCount();
            CliRun run = portex(List.of("run", "--client", "pooled", "--docs", "300"), ENV);

            assertThat(run.exitCode()).as("exit code of served run %d (stderr:%n%s)", i, run.stderr()).isZero();
            assertThat(run.stdout()).as("the summary of served run %d", i)
                    .contains("acknowledged    300 of 300")
                    .contains("indexed         300 in Elasticsearch")
                    .contains("nothing lost    yes");
            assertThat(run.stderr()).as("the steps of served run %d on stderr", i).contains("using the warm stack");
            assertThat(servedCount()).as("runs the resident's log says it served, after run %d (log:%n%s)", i, log())
                    .isEqualTo(served + 1);
        }
    }

    @Test
    @Order(3)
    @DisplayName("a bad option handed to the resident ends as it ends in a JVM of its own: exit code 2, one line, no stdout")
    void aBadOptionEndsTheSameWay() {
        int served = servedCount();
        CliRun run = portex(List.of("run", "--docs", "many"), ENV);

        assertThat(run.exitCode()).as("exit code of ./portex run --docs many (stderr:%n%s)", run.stderr()).isEqualTo(2);
        assertThat(run.stderrLines()).as("its stderr: one line naming the fix").hasSize(1)
                .first().asString().startsWith("portex: --docs");
        assertThat(run.stdout()).as("its stdout").isEmpty();
        assertThat(servedCount()).as("runs the resident served: this one too").isEqualTo(served + 1);
    }

    @Test
    @Order(4)
    @DisplayName("a run with another environment than the resident's runs in a JVM of its own, and the resident stays")
    void anotherEnvironmentRunsInItsOwnJvm() {
        int served = servedCount();
        Map<String, String> other = new HashMap<>(ENV);
        other.put("PORTEX_QUIET", "1");
        CliRun run = portex(List.of("run", "--client", "pooled", "--docs", "300"), other);

        assertThat(run.exitCode()).as("exit code of the run with PORTEX_QUIET=1 (stderr:%n%s)", run.stderr()).isZero();
        assertThat(run.stdout()).as("its summary").contains("acknowledged    300 of 300");
        assertThat(servedCount()).as("runs the resident served: not this one (PORTEX_QUIET differs)").isEqualTo(served);
        assertThat(residentPid()).as("the resident after a run it did not serve").contains(firstResident);
    }

    @Test
    @Order(5)
    @DisplayName("after a build context changed, the resident stops instead of serving older code: the run goes on in a JVM "
            + "of its own, which starts a new resident after it")
    void aChangedBuildContextStopsTheResident() throws IOException {
        Path context = HOME.resolve("containers/ingest-node/server.js");
        Files.setLastModifiedTime(context, FileTime.fromMillis(System.currentTimeMillis()));
        int served = servedCount();
        CliRun run = portex(List.of("run", "--client", "pooled", "--docs", "300"), ENV);

        assertThat(run.exitCode()).as("exit code of the run after the change (stderr:%n%s)", run.stderr()).isZero();
        assertThat(run.stdout()).as("its summary").contains("acknowledged    300 of 300");
        assertThat(ProcessHandle.of(firstResident).map(ProcessHandle::isAlive))
                .as("the first resident (pid %d) after it saw the change", firstResident).isNotEqualTo(Optional.of(true));
        long second = awaitResident("after the run that found the first resident stale");
        assertThat(second).as("the resident started after that run").isNotEqualTo(firstResident);
        assertThat(servedCount()).as("runs served: not the one that found the change").isEqualTo(served);
        firstResident = second;
    }

    @Test
    @Order(6)
    @DisplayName("SIGTERM (as Ctrl-C) on a run the resident serves stops it as it stops any run: exit 143, its clean-up "
            + "said, the resident gone with it; the next run works and starts a new resident")
    void aSignalStopsAServedRun() throws IOException, InterruptedException {
        int served = servedCount();
        // 6,000 documents at 200/s: 30 s of load, far longer than it takes to see it running
        CliRun run = CliRun.start(List.of("run", "--client", "pooled", "--docs", "6000", "--rate", "200"), ENV);
        try {
            await("the served run to be under way").atMost(LIMIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> read(run.stderrFile()).contains("running pooled"));
            assertThat(servedCount()).as("runs served before the signal").isEqualTo(served);
            // SIGTERM, not SIGINT: a JVM started by a shell that ignores SIGINT (a background job) keeps ignoring it
            run.process().destroy(); // the script exec'd the JVM: the signal reaches it
            CliRun ended = run.awaitExit(Duration.ofSeconds(60));

            assertThat(ended.exitCode()).as("exit code after SIGTERM: 128 + 15, as a run in its own JVM (stderr:%n%s)",
                    ended.stderr()).isEqualTo(143);
            assertThat(ended.stderr()).as("what the run said after SIGTERM: the resident's clean-up lines")
                    .contains("portex: interrupted, removing this run's containers")
                    .contains("portex: interrupted, cleaned up");
            long stopped = firstResident;
            await("the resident that served it to stop").atMost(Duration.ofSeconds(40))
                    .until(() -> ProcessHandle.of(stopped).map(p -> !p.isAlive()).orElse(true));
        } finally {
            if (run.process().isAlive()) {
                run.process().destroyForcibly();
            }
        }
        CliRun next = portex(List.of("run", "--client", "pooled", "--docs", "300"), ENV);
        assertThat(next.exitCode()).as("exit code of the run after the signal (stderr:%n%s)", next.stderr()).isZero();
        assertThat(next.stdout()).as("its summary").contains("acknowledged    300 of 300").contains("nothing lost    yes");
        assertThat(next.stderr()).as("the run after the signal uses the warm stack (the stopped run let go of it)")
                .contains("using the warm stack");
        firstResident = awaitResident("after the run that followed the signal");
    }

    @Test
    @Order(7)
    @DisplayName("./portex down stops the resident")
    void downStopsTheResident() {
        long resident = firstResident;
        CliRun down = portex(List.of("down"), ENV);

        assertThat(down.exitCode()).as("exit code of ./portex down (stderr:%n%s)", down.stderr()).isZero();
        assertThat(ProcessHandle.of(resident).map(ProcessHandle::isAlive)).as("the resident (pid %d) after down", resident)
                .isNotEqualTo(Optional.of(true));
        assertThat(PID).as("the resident's pid file after down").doesNotExist();
        assertThat(TARGET.resolve("portex-resident.sock")).as("its socket after down").doesNotExist();
    }

    static CliRun portex(List<String> args, Map<String, String> env) {
        return CliRun.start(args, env).awaitExit(LIMIT);
    }

    /**
     * Waits until a resident runs and serves: its ready file names the live resident of the pid file (the log, which every
     * resident of this class appends to, already says "serving" for the ones before it); its pid.
     */
    static long awaitResident(String when) {
        await("a resident JVM " + when).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> residentPid().isPresent() && residentPid().map(String::valueOf).equals(readyPid()));
        return residentPid().orElseThrow();
    }

    /** The pid the resident's ready file names (it writes the file once it has warmed up and serves), if any. */
    private static Optional<String> readyPid() {
        Path ready = TARGET.resolve("portex-resident.ready");
        return Files.isRegularFile(ready) ? Optional.of(read(ready).trim()) : Optional.empty();
    }

    /** The resident's pid, if one runs. */
    static Optional<Long> residentPid() {
        try {
            String pid = Files.isRegularFile(PID) ? Files.readString(PID).trim() : "";
            return pid.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the resident's log says it served (all residents of this class write the same log, each anew). */
    static int servedCount() {
        return (int) log().lines().filter(line -> line.startsWith("portex resident: served ")).count();
    }

    static String log() {
        return read(LOG);
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
