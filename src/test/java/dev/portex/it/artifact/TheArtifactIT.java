package dev.portex.it.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The jar a team adds with {@code <scope>test</scope>}, as {@code mvn package} built it: nothing in it that changes the
 * consumer's build or logging, and a name for the module path. (The CLI's jar, target/portex.jar, is a program: it
 * brings its own logging configuration.)
 */
@DisplayName("The artifact a team depends on")
class TheArtifactIT {
    static final Path TARGET = Path.of(System.getProperty("portex.home", "."), "target");
    /** Files at a jar's root that logging frameworks read from the classpath: one there overrides the consumer's. */
    static final List<String> LOGGING_CONFIGURATIONS = List.of("simplelogger.properties", "logback.xml", "logback-test.xml",
            "log4j2.xml", "log4j2-test.xml", "log4j.properties", "logging.properties", "commons-logging.properties");

    static Path library() throws IOException {
        try (var jars = Files.list(TARGET)) {
            return jars.filter(p -> p.getFileName().toString().matches("portex-\\d.*\\.jar")
                    && !p.getFileName().toString().matches(".*-(sources|javadoc)\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/portex-<version>.jar: run mvn package"));
        }
    }

    @Test
    @DisplayName("carries no logging configuration at its root, and names its module dev.portex")
    void noLoggingConfigurationAndAModuleName() throws IOException {
        try (JarFile jar = new JarFile(library().toFile())) {
            assertThat(jar.stream().map(ZipEntry::getName).filter(LOGGING_CONFIGURATIONS::contains))
                    .as("%s: logging configuration at the jar's root would silence (or change) the consumer's own", jar.getName())
                    .isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                    .as("%s: its manifest's Automatic-Module-Name, the module a project on the module path requires", jar.getName())
                    .isEqualTo("dev.portex");
            assertThat(jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).filter(n -> !n.startsWith("dev/portex/")))
                    .as("%s: classes not portex's own (a library shades nothing in)", jar.getName())
                    .isEmpty();
        }
    }

    @Test
    @DisplayName("the CLI's jar brings the CLI's quiet logging configuration")
    void theCliKeepsItsOwnLogging() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("portex.jar").toFile())) {
            assertThat(jar.getEntry("simplelogger.properties")).as("target/portex.jar: the CLI's simplelogger.properties").isNotNull();
        }
    }
}
