package dev.portex.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is (its containers/ and Maven's target/): -Dportex.home, $PORTEX_HOME, or the working directory. */
public final class PortexHome {
    private PortexHome() {
    }

    public static Path root() {
        String configured = System.getProperty("portex.home", System.getenv("PORTEX_HOME"));
        Path root = Path.of(configured == null ? "." : configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("containers"))) {
            throw new PortexException("cannot find the portex checkout at " + root
                    + " (no containers/ there): run from the repository root, or set PORTEX_HOME");
        }
        return root;
    }

    public static Path containers() {
        return root().resolve("containers");
    }

    public static Path loadgenJar() {
        return built("target/portex-loadgen.jar");
    }

    public static Path elasticsearchZip() {
        return built("target/elasticsearch/elasticsearch.zip");
    }

    private static Path built(String relative) {
        Path path = root().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new PortexException(relative + " is missing: run `mvn -q package -DskipTests` first (./portex does it for you)");
        }
        return path;
    }
}
