package dev.portex.it.java25;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.it.host.RunTestClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project that compiles its tests for Java 25, the newest LTS, and runs them on it: its {@code @PortexTest} class and
 * its sender, compiled here with {@code javac --release 25}, run in a JVM 25 of their own, and the sender runs in the
 * load-generator container (Java 25 too). The JDK 25 is {@code -Dportex.jdk25} (the Failsafe configuration passes
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64}, where this machine kind has it).
 */
class Java25SenderIT {
    static final String SOURCES = "/java25/";

    @Test
    @DisplayName("a sender compiled with --release 25 runs in the load generator: 50 of 50 indexed, from a test run on Java 25")
    void aSenderCompiledForJava25Runs(@TempDir Path dir) throws IOException, InterruptedException {
        Path jdk = Path.of(System.getProperty("portex.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        assertThat(jdk.resolve("bin/javac"))
                .as("a JDK 25's javac (-Dportex.jdk25=<its home>, e.g. Temurin 25 or Debian's openjdk-25-jdk-headless)")
                .isExecutable();
        Path sources = Files.createDirectories(dir.resolve("src/java25"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        for (String name : List.of("Java25Sender", "Java25SenderTest")) {
            try (InputStream in = Java25SenderIT.class.getResourceAsStream(SOURCES + name + ".java.txt")) {
                Files.write(sources.resolve(name + ".java"), in.readAllBytes());
            }
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

        Run javac = run(List.of(jdk.resolve("bin/javac").toString(), "--release", "25", "-cp", classpath, "-d", classes.toString(),
                sources.resolve("Java25Sender.java").toString(), sources.resolve("Java25SenderTest.java").toString()));
        assertThat(javac.exitCode()).as("javac --release 25; its output:%n%s", javac.output()).isZero();
        byte[] head = Files.readAllBytes(classes.resolve("java25/Java25Sender.class"));
        assertThat((head[6] & 0xff) << 8 | (head[7] & 0xff)).as("the sender's class file version: 69 is Java 25").isEqualTo(69);

        List<String> java = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(),
                "-Dportex.home=" + System.getProperty("portex.home", "."), "-cp", classes + ":" + classpath,
                RunTestClass.class.getName(), "java25.Java25SenderTest"));
        Run test = run(java);
        assertThat(test.output()).as("the Java 25 test run's report (exit %d):%n%s", test.exitCode(), test.output())
                .contains("succeeded 1").doesNotContain("FAILED ");
        assertThat(test.exitCode()).as("its exit code: the number of failed tests").isZero();
    }

    record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s ended", command.get(0)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
