package dev.portex.internal.infra;

import dev.portex.api.PortexException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Where portex's files are. In a portex checkout (-Dportex.home, $PORTEX_HOME, or the working directory, when it
 * holds containers/loadgen-java/Dockerfile): its containers/ and Maven's target/. In a project that only depends
 * on the portex artifact: the build contexts shipped inside the jar (dev/portex/containers/, copied to a temporary
 * folder once per JVM) and the Elasticsearch distribution that Maven resolved into the local repository.
 */
public final class PortexHome {
    private static final String CONTEXTS = "dev/portex/containers";
    private static final Pattern VERSION_DIR = Pattern.compile("elasticsearch-(\\d+\\.\\d+\\.\\d+)[^/]*/.*");
    private static final Map<Path, String> ELASTICSEARCH_VERSIONS = new ConcurrentHashMap<>();
    private static volatile Path extractedContexts;

    private PortexHome() {
    }

    /** The portex checkout this JVM runs from, if any. */
    public static Optional<Path> checkout() {
        String configured = System.getProperty("portex.home", System.getenv("PORTEX_HOME"));
        Path root = Path.of(configured == null ? "." : configured).toAbsolutePath().normalize();
        return Files.isRegularFile(root.resolve("containers/loadgen-java/Dockerfile")) ? Optional.of(root) : Optional.empty();
    }

    /** The checkout's root; the CLI writes its report under it. */
    public static Path root() {
        return checkout().orElseThrow(() -> new PortexException("cannot find the portex checkout at "
                + Path.of(".").toAbsolutePath().normalize() + " (no containers/ there): run from the repository root, or set PORTEX_HOME"));
    }

    /** The folder with one build context per image: the checkout's containers/, or the jar's copy. */
    public static Path containers() {
        Optional<Path> checkout = checkout();
        return checkout.isPresent() ? checkout.get().resolve("containers") : extractedContexts();
    }

    /** The load generator's own jar (target/portex-loadgen.jar) in a checkout; empty where portex is a dependency. */
    public static Optional<Path> loadgenJar() {
        return checkout().map(root -> built(root, "target/portex-loadgen.jar"));
    }

    /**
     * The Elasticsearch integ-test-zip: target/elasticsearch/elasticsearch.zip in a checkout, or the artifact that
     * Maven resolved for the portex dependency (org.elasticsearch.distribution.integ-test-zip:elasticsearch:zip)
     * in the local repository, found as Maven finds it ({@code -Dmaven.repo.local}, else {@code <localRepository>} of
     * settings.xml, else ~/.m2/repository: {@link LocalMavenRepository}).
     */
    public static Path elasticsearchZip() {
        Optional<Path> checkout = checkout();
        if (checkout.isPresent()) {
            return built(checkout.get(), "target/elasticsearch/elasticsearch.zip");
        }
        String version = builtWith().getProperty("elasticsearch.version");
        Path zip = LocalMavenRepository.ofThisJvm().resolve(Path.of("org/elasticsearch/distribution/integ-test-zip/elasticsearch", version,
                "elasticsearch-" + version + ".zip"));
        if (!Files.isRegularFile(zip)) {
            throw new PortexException("the Elasticsearch " + version + " distribution is not in the local Maven repository ("
                    + zip + "): run `mvn dependency:get -Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:"
                    + version + ":zip`, or set -Dmaven.repo.local to the repository Maven uses");
        }
        return zip;
    }

    /**
     * The Elasticsearch version inside the zip (its top directory is elasticsearch-&lt;version&gt;/), i.e. the server
     * the tests really run, whatever -Delasticsearch.version said. Read once per JVM.
     */
    public static String elasticsearchVersion() {
        return ELASTICSEARCH_VERSIONS.computeIfAbsent(elasticsearchZip(), PortexHome::versionInside);
    }

    /** What this portex was built with (dev/portex/portex.properties): its version and the Elasticsearch version. */
    public static Properties builtWith() {
        Properties properties = new Properties();
        try (InputStream in = PortexHome.class.getClassLoader().getResourceAsStream("dev/portex/portex.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String versionInside(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream()
                    .map(entry -> VERSION_DIR.matcher(entry.getName()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElseThrow(() -> new PortexException(zip + " holds no elasticsearch-<version>/ directory:"
                            + " delete target/elasticsearch and run `./mvnw -q package -DskipTests` again"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
    }

    private static Path built(Path root, String relative) {
        Path path = root.resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new PortexException(relative + " is missing: run `./mvnw -q package -DskipTests` first (./portex does it for you)");
        }
        return path;
    }

    /** Copies the jar's build contexts to a temporary folder, once per JVM (removed when the JVM exits). */
    private static synchronized Path extractedContexts() {
        if (extractedContexts != null) {
            return extractedContexts;
        }
        URL marker = PortexHome.class.getClassLoader().getResource(CONTEXTS + "/loadgen-java/Dockerfile");
        if (marker == null) {
            throw new PortexException("no portex checkout here and no build contexts on the classpath (" + CONTEXTS
                    + "): depend on the dev.portex:portex artifact, or run from a portex checkout");
        }
        try {
            Path target = Files.createTempDirectory("portex-containers-");
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyTree(jar.getPath("/" + CONTEXTS), target);
                }
            } else {
                copyTree(Path.of(uri).getParent().getParent(), target);
            }
            deleteOnExit(target);
            extractedContexts = target;
            return target;
        } catch (IOException | URISyntaxException e) {
            throw new PortexException("cannot copy portex's build contexts out of its jar: " + e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder: the system cleans it eventually
            }
        }, "portex-contexts-cleanup"));
    }
}
