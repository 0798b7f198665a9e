package dev.portex.it.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.internal.containers.LoadGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * {@code examples/consumer} and {@code examples/consumer-junit6} as a team builds them: projects of their own that
 * depend only on the artifact in the local repository (the Maven Invoker plugin's {@code install} goal put this build's
 * jar there, before the integration tests), each built with {@code mvn verify} in a Maven process of its own, on stacks
 * of their own. The two builds run while the other integration tests do (most of a build's time is waiting for its own
 * stack and the TIME_WAIT its tests cause): started from here, rather than by the Invoker's {@code run} goal after the
 * last test class, they no longer add their 40 s at the end of the suite.
 */
@DisplayName("A team's own project builds on the installed artifact")
@Order(1) // starts first: the builds run beside every other class (see ClassOrderer in the Failsafe configuration)
class TheConsumerExamplesBuildIT {
    static final Path HOME = Path.of(System.getProperty("portex.home", ".")).toAbsolutePath().normalize();
    static final Path CLONES = HOME.resolve("target/examples");
    /** Far more than a build takes (about 40 s beside the suite); a hung build is stopped and its log shown. */
    static final int BUILD_LIMIT_MINUTES = 10;
    /** The test classes of examples/consumer's sources, which consumer-junit6 compiles unchanged, and their tests. */
    static final Map<String, Integer> EXAMPLE_TESTS = new TreeMap<>(Map.of(
            "com.example.ingest.FixedSenderUnderConcurrencyTest", 1,
            "com.example.ingest.SenderReusesConnectionsTest", 2,
            "com.example.ingest.SenderAgainstOurOwnServiceTest", 2));

    @Test
    @DisplayName("examples/consumer (JUnit 5.14) and examples/consumer-junit6 (JUnit 6) each run all 5 of their tests green")
    void bothExamplesBuildGreen() throws Exception {
        Path installed = Path.of(System.getProperty("portex.localRepository"), "dev", "portex", "portex", version(),
                "portex-" + version() + ".jar");
        assertThat(Files.exists(installed) && Files.mismatch(installed, TheArtifactIT.library()) == -1)
                .as("%s is this build's %s (invoker:install puts it there before the integration tests; "
                        + "-Dinvoker.skip=true leaves it out: run without it)", installed, TheArtifactIT.library())
                .isTrue();
        clone("consumer");
        clone("consumer-junit6");
        // side by side: each waits on its own stack most of the time. Through the LoadGate, as this JVM's own loads:
        // a load that needs the machine to itself (restassured-default got 102 documents through 100 ports beside these
        // builds) waits until they are done, and they wait for it
        List<Build> builds;
        try (LoadGate.Pass pass = LoadGate.enter(false)) {
            builds = List.of(Build.start("consumer"), Build.start("consumer-junit6"));
            for (Build build : builds) {
                build.awaitEnd();
            }
        }
        for (Build build : builds) {
            assertThat(build.exitCode)
                    .as("`mvn verify` of examples/%s (a project that depends only on the installed dev.portex:portex) "
                            + "exited with %s; the last lines of its log (%s):%n%s", build.name, build.exitCode, build.log,
                            build.tail())
                    .isZero();
            assertThat(build.testsByClass())
                    .as("examples/%s's test classes and how many of their tests passed (Surefire's reports in %s); "
                            + "its log: %s", build.name, build.reports(), build.log)
                    .isEqualTo(EXAMPLE_TESTS);
        }
    }

    /**
     * Copies examples/{@code name} to target/examples/{@code name}, as the Invoker's clone did: the POM's
     * {@code @project.version@} becomes this build's version (a team writes its version there).
     */
    static void clone(String name) throws IOException {
        Path from = HOME.resolve("examples").resolve(name);
        Path to = CLONES.resolve(name);
        deleteTree(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path copy = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (relative.toString().equals("pom.xml")) {
                    Files.writeString(copy, Files.readString(file).replace("@project.version@", version()));
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    static String version() {
        String version = System.getProperty("portex.version");
        assertThat(version).as("-Dportex.version (the Failsafe configuration passes ${project.version})").isNotBlank();
        return version;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** One example's {@code mvn verify}, its output in build.log beside its POM. */
    static final class Build {
        final String name;
        final Path dir;
        final Path log;
        final Process process;
        Integer exitCode;

        private Build(String name, Path dir, Path log, Process process) {
            this.name = name;
            this.dir = dir;
            this.log = log;
            this.process = process;
        }

        static Build start(String name) throws IOException {
            Path dir = CLONES.resolve(name);
            Path log = dir.resolve("build.log");
            List<String> command = new ArrayList<>(List.of(maven().toString(), "-B", "verify",
                    // the example service the samples send to: not cloned with them, so its source
                    "-Dorder.service.dir=" + HOME.resolve("examples/target-service"),
                    // the local repository this build uses, where the artifact was installed
                    "-Dmaven.repo.local=" + System.getProperty("portex.localRepository")));
            // offline when this build is (mvn -o: its script's arguments are in MAVEN_CMD_LINE_ARGS)
            String outerArguments = " " + System.getenv().getOrDefault("MAVEN_CMD_LINE_ARGS", "") + " ";
            if (outerArguments.contains(" -o ") || outerArguments.contains(" --offline ")) {
                command.add("--offline");
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            // the environment of the Maven that runs this build, as a team's shell has it: not the variables the
            // Failsafe configuration gives portex's own tests (the project brings its own Testcontainers settings)
            environment.keySet().removeIf(key -> key.startsWith("TESTCONTAINERS_") || key.equals("PORTEX_STACK")
                    || key.equals("PORTEX_CONTAINER_LOGS") || key.equals("MAVEN_CONFIG"));
            // the project must find portex as a dependency, not as this checkout
            environment.put("PORTEX_HOME", CLONES.toString());
            return new Build(name, dir, log, builder.start());
        }

        static Path maven() {
            String home = System.getProperty("maven.home");
            assertThat(home).as("-Dmaven.home (the Failsafe configuration passes the Maven that runs this build)")
                    .isNotBlank();
            return Path.of(home, "bin", "mvn");
        }

        void awaitEnd() throws InterruptedException {
            if (process.waitFor(BUILD_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                exitCode = process.exitValue();
                return;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("`mvn verify` of examples/" + name + " did not end within " + BUILD_LIMIT_MINUTES
                    + " minutes and was stopped; the last lines of its log (" + log + "):\n" + tail());
        }

        String tail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        Path reports() {
            return dir.resolve("target/surefire-reports");
        }

        /** Passed tests per test class, from Surefire's XML reports (a class with a failure, error or skip: -1). */
        Map<String, Integer> testsByClass() throws IOException {
            Map<String, Integer> tests = new TreeMap<>();
            if (!Files.isDirectory(reports())) {
                return tests;
            }
            try (Stream<Path> files = Files.list(reports())) {
                for (Path report : files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                    Element suite = parse(report);
                    int count = Integer.parseInt(suite.getAttribute("tests"));
                    boolean clean = Stream.of("failures", "errors", "skipped")
                            .allMatch(attribute -> suite.getAttribute(attribute).isEmpty()
                                    || Integer.parseInt(suite.getAttribute(attribute)) == 0);
                    tests.put(suite.getAttribute("name"), clean ? count : -1);
                }
            }
            return tests;
        }

        static Element parse(Path report) {
            try {
                return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(report + " is not a Surefire report: " + e.getMessage(), e);
            }
        }
    }
}
