package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A fresh machine's first ./portex tries to pull the base image, which a machine without a registry refuses (portex then
 * makes it with debootstrap). The pull is tried here through the same code, in a JVM with the CLI's jar and logging, for
 * an image no engine can pull: a registry on 127.0.0.1 port 1, where nothing listens (the engine's refusal comes at once
 * and nothing leaves this machine; no image is removed or made). What that JVM prints is portex's answer, and no stack
 * trace of docker-java's.
 */
class FirstRunPrintsNoStackTraceIT {
    static final String UNPULLABLE = "127.0.0.1:1/portex-never-pulled:none";

    @Test
    @DisplayName("a pull the engine refuses gives portex one line of why, and no docker-java stack trace on stderr")
    void aRefusedPullIsQuiet() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("portex.home", ".")).toAbsolutePath();
        Path errFile = Files.createTempFile("portex-pull-probe-", ".stderr");
        errFile.toFile().deleteOnExit();
        String classPath = home.resolve("target/portex.jar") + File.pathSeparator + home.resolve("target/test-classes");
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "dev.portex.internal.harness.PullProbe", UNPULLABLE).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(errFile.toFile()).start();
        byte[] out = probe.getInputStream().readAllBytes();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("the probe's JVM ends within 60 s").isTrue();
        String err = Files.readString(errFile);
        List<String> stdout = new String(out, StandardCharsets.UTF_8).lines().toList();

        assertThat(probe.exitValue()).as("exit code of the probe (stderr:%n%s)", err).isZero();
        assertThat(stdout).as("what HostSetup.pull answered for %s: refused, with the engine's reason in one line", UNPULLABLE)
                .singleElement().asString().startsWith("refused: ").contains("127.0.0.1:1");
        assertThat(err.lines()).as("the probe's stderr: no stack trace lines (a docker-java callback logged its failure with"
                        + " one before; stderr:%n%s)", err)
                .noneMatch(line -> line.startsWith("\tat ") || line.stripLeading().startsWith("at "))
                .noneMatch(line -> line.contains("Exception"))
                .noneMatch(line -> line.contains("ERROR"));
    }
}
