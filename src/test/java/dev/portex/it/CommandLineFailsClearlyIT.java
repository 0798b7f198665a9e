package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.portex.internal.containers.PortexLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;

/**
 * The real {@code ./portex}, started as a user would start it: a bad command line ends at once
 * with exit code 2 and one line naming the fix, before any container starts; an engine that
 * cannot be reached ends with exit code 3 and one line, not a Java stack trace.
 */
class CommandLineFailsClearlyIT {
    /** JVM start-up plus option parsing; far below what starting any container takes. */
    static final Duration FAST = Duration.ofSeconds(20);
    /** Upper bound for one CLI run that should fail at once (the run is killed after it). */
    static final Duration LIMIT = Duration.ofMinutes(5);
    static final String UNREACHABLE_DOCKER_HOST = "unix:///nonexistent/docker.sock";

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of("a reversed port range", "run --port-range 40136-40000"),
                Arguments.of("a port range below 1024", "run --port-range 80-1000"),
                Arguments.of("a port range above 65535", "run --port-range 60000-70000"),
                Arguments.of("a port range of a single port", "run --port-range 40000-40000"),
                Arguments.of("a port range overlapping Node's port 8080", "run --port-range 8000-8100"),
                Arguments.of("a non-numeric document count", "run --docs many"),
                Arguments.of("a negative document count", "run --docs -5"),
                Arguments.of("a non-numeric rate", "run --rate fast"),
                Arguments.of("a negative rate", "run --rate -1"),
                Arguments.of("a non-numeric concurrency", "run --concurrency lots"),
                Arguments.of("a negative concurrency", "run --concurrency -2"),
                Arguments.of("an unknown client", "run --client curl"),
                Arguments.of("an unknown option", "run --turbo"),
                Arguments.of("a NAT range that holds no port", "run --nat-ports 40003-40000"),
                Arguments.of("clients behind a NAT without its ports", "run --behind-nat 2"),
                Arguments.of("a NAT with an option its path does not support", "run --nat-ports 40000-40003 --targets 2"));
    }

    /**
     * ./portex rebuilds its jar when a source is newer than it; do that (if at all) here, once, so
     * the timed runs below measure the command line and not Maven.
     */
    @BeforeAll
    static void theCommandLineIsBuilt() {
        CliRun help = CliRun.start(List.of("help"), Map.of()).awaitExit(LIMIT);
        assertThat(help.exitCode())
                .as("`./portex help` must succeed before bad command lines can be tried; stderr:%n%s", help.stderr())
                .isZero();
    }

    @ParameterizedTest(name = "{0} (./portex {1}) ends with exit code 2 and one line naming the fix, before any container starts")
    @MethodSource("badCommandLines")
    void badOptionsEndAtOnce(String story, String commandLine) {
        String session = newSession();

        CliRun run = CliRun.start(List.of(commandLine.split(" ")), Map.of(PortexLabels.SESSION_ENV, session)).awaitExit(LIMIT);

        assertThat(run.exitCode())
                .as("exit code of `./portex %s`: 2 means 'bad options' (stderr: %s)", run.commandLine(), run.stderr())
                .isEqualTo(2);
        assertThat(run.stderrLines())
                .as("stderr of `./portex %s`: exactly one line, the problem and its fix, prefixed 'portex: '",
                        run.commandLine())
                .hasSize(1)
                .first().asString().startsWith("portex: ");
        assertThat(run.stdout())
                .as("stdout of `./portex %s`: nothing (a script reading --json output must get nothing half-written)",
                        run.commandLine())
                .isEmpty();
        assertThat(run.elapsed())
                .as("time `./portex %s` took: bad options are refused before Docker is contacted, so it must "
                        + "be quick (stderr: %s)", run.commandLine(), run.stderr())
                .isLessThan(FAST);
        assertThat(containersOf(session))
                .as("containers of the run's session (%s=%s) after `./portex %s`: none may start for a bad command line",
                        PortexLabels.SESSION_ENV, session, run.commandLine())
                .isEmpty();
    }

    @Test
    @DisplayName("a PORTEX_SESSION Docker's label filters cannot take ends with exit code 2 and one line naming the fix")
    void aBadSessionNameEndsAtOnce() {
        CliRun run = CliRun.start(List.of("run", "--docs", "10"), Map.of(PortexLabels.SESSION_ENV, "my job")).awaitExit(LIMIT);

        assertThat(run.exitCode()).as("exit code of `PORTEX_SESSION='my job' ./portex run` (stderr: %s)", run.stderr())
                .isEqualTo(2);
        assertThat(run.stderrLines()).as("its stderr: one line with the rule and an example")
                .containsExactly("portex: PORTEX_SESSION must be 1 to 64 letters, digits, '.', '_' or '-', got 'my job': "
                        + "e.g. PORTEX_SESSION=ci-job-42, or unset it for a random id");
    }

    @ParameterizedTest(name = "with DOCKER_HOST pointing at a socket that does not exist, ./portex {0} ends with exit "
            + "code 3 and one line, without a Java stack trace")
    @MethodSource("commandsNeedingDocker")
    void unreachableDockerEndsWithOneLine(String commandLine) {
        String session = newSession();
        List<String> args = List.of(commandLine.split(" "));

        CliRun run = CliRun.start(args, Map.of("DOCKER_HOST", UNREACHABLE_DOCKER_HOST, PortexLabels.SESSION_ENV, session))
                .awaitExit(LIMIT);

        assertThat(run.exitCode())
                .as("exit code of `DOCKER_HOST=%s ./portex %s`: 3 means 'no Docker engine' (stderr:%n%s)",
                        UNREACHABLE_DOCKER_HOST, run.commandLine(), run.stderr())
                .isEqualTo(3);
        assertThat(run.stderrLines())
                .as("stderr of `./portex %s` without a reachable engine: one line naming what to start or install",
                        run.commandLine())
                .hasSize(1)
                .first().asString().startsWith("portex: ");
        assertThat(run.stderrLines())
                .as("stderr of `./portex %s` without a reachable engine: no Java stack trace", run.commandLine())
                .noneMatch(line -> line.stripLeading().startsWith("at "))
                .noneMatch(line -> line.contains("Exception"));
        assertThat(containersOf(session))
                .as("containers of the run's session (%s=%s) after `./portex %s` ran without a reachable engine",
                        PortexLabels.SESSION_ENV, session, run.commandLine())
                .isEmpty();
    }

    static Stream<String> commandsNeedingDocker() {
        return Stream.of("setup", "run --client pooled --docs 10");
    }

    /**
     * A session name of its own for one CLI run ({@code PORTEX_SESSION}): its containers, if it started any, are told
     * apart from those of the tests that run beside it.
     */
    static String newSession() {
        return "cli-it-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** Containers (any state) labelled with {@code session}, described. */
    static List<String> containersOf(String session) {
        DockerClient docker = DockerClientFactory.instance().client();
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(PortexLabels.SESSION, session)).exec()
                .stream().map(c -> c.getImage() + " (" + c.getId().substring(0, 12) + ")").toList();
    }

    /** One {@code ./portex} process from the checkout under test; its output goes to files. */
    record CliRun(List<String> args, Process process, Path stdoutFile, Path stderrFile, long startedNanos,
                  long endedNanos) {

        static CliRun start(List<String> args, Map<String, String> extraEnv) {
            return start(List.of(), args, extraEnv);
        }

        /** {@code ./portex ARGS} as another local user ({@code runuser -u USER --}; this JVM runs as root). */
        static CliRun startAs(String user, List<String> args, Map<String, String> extraEnv) {
            return start(List.of("runuser", "-u", user, "--"), args, extraEnv);
        }

        private static CliRun start(List<String> prefix, List<String> args, Map<String, String> extraEnv) {
            Path home = Path.of(System.getProperty("portex.home", ".")).toAbsolutePath();
            List<String> command = new ArrayList<>(prefix);
            command.add(home.resolve("portex").toString());
            command.addAll(args);
            try {
                Path out = Files.createTempFile("portex-cli-", ".stdout");
                Path err = Files.createTempFile("portex-cli-", ".stderr");
                out.toFile().deleteOnExit();
                err.toFile().deleteOnExit();
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(home.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(extraEnv);
                long started = System.nanoTime();
                return new CliRun(args, builder.start(), out, err, started, 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start ./portex " + String.join(" ", args), e);
            }
        }

        /** Waits for the process to end by itself; kills it (and what it started) after {@code limit}. */
        CliRun awaitExit(Duration limit) {
            try {
                await("./portex " + commandLine() + " to exit")
                        .atMost(limit)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> !process.isAlive());
            } finally {
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
            return new CliRun(args, process, stdoutFile, stderrFile, startedNanos, System.nanoTime());
        }

        String commandLine() {
            return String.join(" ", args);
        }

        int exitCode() {
            return process.exitValue();
        }

        Duration elapsed() {
            return Duration.ofNanos(endedNanos - startedNanos);
        }

        String stdout() {
            return read(stdoutFile);
        }

        String stderr() {
            return read(stderrFile);
        }

        List<String> stderrLines() {
            return stderr().lines().filter(line -> !line.isBlank()).toList();
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
