package dev.portex.containers;

import dev.portex.infra.HostLog;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.portex.infra.PortexException;
import dev.portex.infra.PortexHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Builds the project's images from containers/&lt;service&gt;/ when needed. Each image is tagged with a
 * hash of its build context, so an unchanged image is reused without sending its context again
 * (the Elasticsearch context alone is 93 MB), and a changed file always gives a fresh image.
 * Nothing is ever pulled: every Dockerfile builds FROM debian:bookworm-slim, which
 * the harness (HostSetup) makes locally where no registry is reachable.
 */
public final class PortexImages {
    public static final String BASE_IMAGE = "debian:bookworm-slim";
    public static final String IMAGE_LABEL = "dev.portex.image";
    /** The Java feature version the load-generator image runs (containers/loadgen-java): a sender must not need newer. */
    public static final int LOADGEN_JAVA = 17;

    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();

    private PortexImages() {
    }

    public static String elasticsearch() {
        return image("elasticsearch", ctx -> ctx.put("elasticsearch.zip", PortexHome.elasticsearchZip()), Map.of());
    }

    /** The ingest server with the @elastic/elasticsearch major that matches the Elasticsearch server. */
    public static String ingestNode() {
        String major = esClientMajor(PortexHome.elasticsearchVersion());
        return image("ingest-node", PortexImages::addExtraCaCertificates, Map.of("ES_CLIENT_MAJOR", major));
    }

    /** 7.x and 8.x servers each get their own client major; anything else is refused before a build. */
    static String esClientMajor(String elasticsearchVersion) {
        String major = elasticsearchVersion.substring(0, elasticsearchVersion.indexOf('.'));
        if (!major.equals("7") && !major.equals("8")) {
            throw new PortexException("Elasticsearch " + elasticsearchVersion
                    + " is not supported: containers/ingest-node has @elastic/elasticsearch clients for 7.x and 8.x;"
                    + " build with -Delasticsearch.version=8.19.7 or 7.17.29");
        }
        return major;
    }

    public static String loadgenJava() {
        // Where portex is a dependency there is no shaded load-generator jar: the image then holds an empty one,
        // and every run mounts the test JVM's classpath instead (LoadGeneratorContainer.forScenario).
        return image("loadgen-java", ctx -> ctx.put("portex-loadgen.jar", PortexHome.loadgenJar().orElseGet(PortexImages::emptyJar)),
                Map.of());
    }

    private static Path emptyJar() {
        try {
            Path empty = Files.createTempFile("portex-loadgen-", ".jar");
            empty.toFile().deleteOnExit();
            return empty;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String loadgenPython() {
        return image("loadgen-python", ctx -> { }, Map.of());
    }

    /**
     * Extra CA certificates for npm inside the build, for hosts behind a TLS-intercepting proxy:
     * every *.crt in $PORTEX_EXTRA_CA_DIR, or else in /usr/local/share/ca-certificates
     * (where Debian keeps locally added CAs). Never committed: they only enter the build context.
     */
    private static void addExtraCaCertificates(Map<String, Path> ctx) {
        String dir = System.getenv().getOrDefault("PORTEX_EXTRA_CA_DIR", "/usr/local/share/ca-certificates");
        Path caDir = Path.of(dir);
        if (!Files.isDirectory(caDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(caDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".crt") && Files.isRegularFile(p))
                    .forEach(p -> ctx.put("extra-ca/" + p.getFileName(), p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized String image(String service, Consumer<Map<String, Path>> extraFiles,
                                             Map<String, String> buildArgs) {
        String key = service + buildArgs;
        String cached = BUILT.get(key);
        if (cached != null) {
            return cached;
        }
        Path dir = PortexHome.containers().resolve(service);
        Map<String, Path> context = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !dir.relativize(p).toString().startsWith("node_modules"))
                    .filter(p -> !p.getFileName().toString().endsWith(".crt"))
                    .forEach(p -> context.put(dir.relativize(p).toString().replace('\\', '/'), p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        extraFiles.accept(context);
        String tag = "portex/" + service + ":" + hash(context, new TreeMap<>(buildArgs));
        DockerClient docker = DockerClientFactory.instance().client();
        if (!exists(docker, tag)) {
            long started = System.nanoTime();
            HostLog.info("building image " + tag + " from containers/" + service + " ...");
            ImageFromDockerfile build = new ImageFromDockerfile(tag, false)
                    .withBuildImageCmdModifier(cmd -> cmd.withLabels(Map.of(IMAGE_LABEL, service)));
            context.forEach((name, path) -> build.withFileFromPath(name, path));
            buildArgs.forEach(build::withBuildArg);
            build.get();
            HostLog.info(String.format("built image %s in %.1f s", tag, (System.nanoTime() - started) / 1e9));
        }
        BUILT.put(key, tag);
        return tag;
    }

    private static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String hash(Map<String, Path> context, Map<String, String> buildArgs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            buildArgs.forEach((name, value) -> digest.update((name + "=" + value + "\n").getBytes(StandardCharsets.UTF_8)));
            byte[] buffer = new byte[1 << 16];
            for (var entry : context.entrySet()) {
                digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = new DigestInputStream(Files.newInputStream(entry.getValue()), digest)) {
                    while (in.read(buffer) >= 0) {
                        // DigestInputStream feeds the digest
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
