package dev.portex.it.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A library must not install system packages or start daemons because a test ran. A consumer's {@code @PortexTest}
 * class, run in a JVM of its own as root on this Debian host, but in a mount namespace where no Docker engine answers
 * at /var/run/docker.sock, and with a PATH on which apt-get, dockerd, setsid, debootstrap and docker only write down
 * that they were called: the test fails in one line that names the fix, and nothing was called.
 */
class HostWithoutDockerIT {
    static final List<String> RECORDED = List.of("apt-get", "apt", "dockerd", "setsid", "debootstrap", "docker", "systemctl",
            "service");

    @Test
    @DisplayName("a @PortexTest on a host without a Docker engine fails in one line naming the fix, and installs or starts nothing")
    void failsInOneLineAndInstallsNothing(@TempDir Path dir) throws IOException, InterruptedException {
        Path fakes = Files.createDirectory(dir.resolve("bin"));
        Path record = dir.resolve("executed.txt");
        for (String command : RECORDED) {
            Path fake = fakes.resolve(command);
            Files.writeString(fake, "#!/bin/sh\necho \"" + command + " $*\" >> \"$PORTEX_IT_RECORD\"\nexit 1\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path noSocket = Files.createFile(dir.resolve("no-docker.sock"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount --bind \"$0\" /var/run/docker.sock && exec \"$1\" -cp \"$2\" " + RunTestClass.class.getName() + " "
                        + SenderOnAHostWithoutDocker.class.getName(),
                noSocket.toString(), java, System.getProperty("java.class.path"));
        builder.environment().put("PATH", fakes + ":" + System.getenv("PATH"));
        builder.environment().put("PORTEX_IT_RECORD", record.toString());
        builder.environment().remove("DOCKER_HOST");
        builder.environment().remove("PORTEX_SETUP");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the consumer's test run ended").isTrue();
        List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        List<String> failures = lines.stream().filter(l -> l.startsWith("FAILED ")).toList();

        assertThat(failures).as("failed tests of the consumer's class, one line each; the whole output:%n%s",
                String.join("\n", lines)).hasSize(1);
        assertThat(failures.get(0)).as("the failure of its test: portex's line, nothing around it")
                .startsWith("FAILED indexesEveryDocument(PortexHarness): portex: no Docker engine is reachable")
                .contains("no Docker engine is reachable: install and start Docker (Docker Engine or Docker Desktop), then run again")
                .contains("./portex setup in a portex checkout, or -Dportex.setup=true (PORTEX_SETUP=true) for a test run")
                .doesNotContain("\n");
        assertThat(process.exitValue()).as("the consumer's test run's exit code: its one failed test").isEqualTo(1);
        assertThat(Files.exists(record) ? Files.readAllLines(record) : List.<String>of())
                .as("commands the test run called among %s (each fake writes down its call)", RECORDED)
                .isEmpty();
    }
}
