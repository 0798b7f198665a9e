package dev.portex.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

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

    private static final Pattern VERSION_DIR = Pattern.compile("elasticsearch-(\\d+\\.\\d+\\.\\d+)[^/]*/.*");

    /**
     * The Elasticsearch version inside target/elasticsearch/elasticsearch.zip (its top directory is
     * elasticsearch-&lt;version&gt;/), i.e. the server the tests really run, whatever -Delasticsearch.version said.
     */
    public static String elasticsearchVersion() {
        // Read once per JVM: every scenario's result and every ingest-node image lookup asks for it.
        return ELASTICSEARCH_VERSIONS.computeIfAbsent(elasticsearchZip(), PortexHome::versionInside);
    }

    private static final Map<Path, String> ELASTICSEARCH_VERSIONS = new ConcurrentHashMap<>();

    private static String versionInside(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream()
                    .map(entry -> VERSION_DIR.matcher(entry.getName()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElseThrow(() -> new PortexException(zip + " holds no elasticsearch-<version>/ directory:"
                            + " delete target/elasticsearch and run `mvn -q package -DskipTests` again"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
    }

    private static Path built(String relative) {
        Path path = root().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new PortexException(relative + " is missing: run `mvn -q package -DskipTests` first (./portex does it for you)");
        }
        return path;
    }
}
