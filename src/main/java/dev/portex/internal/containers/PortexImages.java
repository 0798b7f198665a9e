package dev.portex.internal.containers;

import dev.portex.internal.infra.HostLog;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.portex.api.PortexException;
import dev.portex.internal.infra.PortexHome;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Builds the project's images from containers/&lt;service&gt;/ when needed. Each image is tagged with a
 * hash of its build context, so an unchanged image is reused without sending its context again
 * (the Elasticsearch context alone is 126 MiB, the distribution zip), and a changed file always gives a fresh image.
 * Nothing is ever pulled: every Dockerfile builds FROM debian:trixie-slim (Debian 13), which
 * the harness (HostSetup) makes locally where no registry is reachable.
 */
public final class PortexImages {
    public static final String BASE_IMAGE = "debian:trixie-slim";
    public static final String IMAGE_LABEL = "dev.portex.image";
    /**
     * The Java feature version the load-generator image runs (containers/loadgen-java), the newest LTS: a sender compiled
     * for Java 17 to this one runs; one compiled for a newer Java is refused, naming this one.
     */
    public static final int LOADGEN_JAVA = 25;

    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();

    private PortexImages() {
    }

    public static String elasticsearch() {
        return image("elasticsearch", ctx -> ctx.put("elasticsearch.zip", PortexHome.elasticsearchZip()), Map.of());
    }

    /**
     * The ingest server on the Node.js major this build selected ({@link #nodeMajor()}), with the
     * {@code @elastic/elasticsearch} major that matches the Elasticsearch server.
     */
    public static String ingestNode() {
        String esMajor = esClientMajor(PortexHome.elasticsearchVersion());
        String nodeMajor = nodeMajor();
        checkClientRunsOnNode(esMajor, nodeMajor);
        return image("ingest-node", PortexImages::addExtraCaCertificates,
                Map.of("ES_CLIENT_MAJOR", esMajor, "NODE_MAJOR", nodeMajor));
    }

    /** Refuses an Elasticsearch / Node.js combination the images cannot run, before anything starts. */
    public static void checkStack() {
        checkClientRunsOnNode(esClientMajor(PortexHome.elasticsearchVersion()), nodeMajor());
    }

    /** 7.x, 8.x and 9.x servers each get their own client major; anything else is refused before a build. */
    static String esClientMajor(String elasticsearchVersion) {
        String major = elasticsearchVersion.substring(0, elasticsearchVersion.indexOf('.'));
        if (!major.equals("7") && !major.equals("8") && !major.equals("9")) {
            throw new PortexException("Elasticsearch " + elasticsearchVersion
                    + " is not supported: containers/ingest-node has @elastic/elasticsearch clients for 7.x, 8.x and 9.x;"
                    + " build with -Delasticsearch.version=9.5.4, 8.19.21 or 7.17.29");
        }
        return major;
    }

    /** Node.js majors with a runtime manifest in containers/ingest-node/node/&lt;major&gt;/. */
    static final List<String> NODE_MAJORS = List.of("24", "18");

    /**
     * The Node.js major of the ingest server: -Dnode.version, else what the build selected
     * (pom property node.version, filtered into dev/portex/stack.properties).
     */
    public static String nodeMajor() {
        return nodeMajor(System.getProperty("node.version", STACK.getProperty("node.version")));
    }

    static String nodeMajor(String configured) {
        String value = configured == null ? "" : configured.strip();
        if (!NODE_MAJORS.contains(value)) {
            throw new PortexException("node.version '" + configured + "' is not supported: containers/ingest-node has"
                    + " Node.js " + String.join(" and ", NODE_MAJORS) + "; build with -Dnode.version=24 (the default) or 18");
        }
        return value;
    }

    /** The 9.x client needs Node.js 20 or later (9.5 declares 22): Node 18 runs the 8.19.1 or 7.17.14 client only. */
    static void checkClientRunsOnNode(String esClientMajor, String nodeMajor) {
        if (esClientMajor.equals("9") && Integer.parseInt(nodeMajor) < 22) {
            throw new PortexException("Node.js " + nodeMajor + " cannot run @elastic/elasticsearch 9.x (it needs Node.js 22),"
                    + " which Elasticsearch 9 needs: build Node " + nodeMajor
                    + " with -Delasticsearch.version=8.19.21 or 7.17.29, or Elasticsearch 9 with -Dnode.version=24");
        }
    }

    private static final Properties STACK = loadStack();

    private static Properties loadStack() {
        Properties stack = new Properties();
        try (InputStream in = PortexImages.class.getResourceAsStream("/dev/portex/stack.properties")) {
            if (in != null) {
                stack.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/portex/stack.properties", e);
        }
        return stack;
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
     * The Go load generator (containers/loadgen-go): net/http's clients, built with Debian's golang-go in the image's own
     * build stage, where go vet and its unit tests run.
     */
    public static String loadgenGo() {
        return image("loadgen-go", ctx -> { }, Map.of());
    }

    /**
     * The Node.js load generator (containers/loadgen-node) on Node.js {@code nodeMajor} ("24" or "18"): fetch and axios,
     * with the Node.js runtime ingest-node pins (containers/ingest-node/node/, added to this build context as node/), so
     * that both images run the same Node.js build of each major.
     */
    public static String loadgenNode(String nodeMajor) {
        return image("loadgen-node", ctx -> {
            addNodeRuntimes(ctx);
            addExtraCaCertificates(ctx);
        }, Map.of("NODE_MAJOR", nodeMajor));
    }

    private static void addNodeRuntimes(Map<String, Path> ctx) {
        filesUnder(PortexHome.containers().resolve("ingest-node").resolve("node")).forEach((name, p) -> ctx.put("node/" + name, p));
    }

    /**
     * The regular files under {@code dir} by their path relative to it ('/'-separated), but for node_modules and *.crt
     * (extra CA certificates, which enter a context only through {@link #addExtraCaCertificates}).
     */
    private static Map<String, Path> filesUnder(Path dir) {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !dir.relativize(p).toString().startsWith("node_modules"))
                    .filter(p -> !p.getFileName().toString().endsWith(".crt"))
                    .forEach(p -> files.put(dir.relativize(p).toString().replace('\\', '/'), p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return files;
    }

    /** The NAT router between the load generators and Node (containers/nat-router): iptables, conntrack, iproute2. */
    public static String natRouter() {
        return image("nat-router", ctx -> { }, Map.of());
    }

    /** wrk, the bench's yardstick (containers/wrk). */
    public static String wrk() {
        return image("wrk", ctx -> { }, Map.of());
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
        Map<String, Path> context = filesUnder(dir);
        extraFiles.accept(context);
        String tag = "portex/" + service + ":" + cachedHash(context, new TreeMap<>(buildArgs));
        DockerClient docker = DockerClientFactory.instance().client();
        if (!exists(docker, tag)) {
            long started = System.nanoTime();
            HostLog.info(buildLine(tag, service, contextBytes(context)));
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

    /**
     * Why a build context is as large as it is, for the contexts Testcontainers would warn about (over 50 MB): its warning
     * ("A large amount of data was sent to the Docker daemon ... Consider using a .dockerignore file") is off in the CLI's
     * logging (simplelogger.properties), and the build line says it instead, once, with the reason.
     */
    static final Map<String, String> LARGE_CONTEXT_REASON = Map.of("elasticsearch",
            "the Elasticsearch distribution the image unpacks (elasticsearch.zip), and its Dockerfile; nothing else is sent");

    /** The line before a build: the image, where it is built from, and how much is sent to the engine, and why. */
    static String buildLine(String tag, String service, long contextBytes) {
        String reason = LARGE_CONTEXT_REASON.get(service);
        return String.format(java.util.Locale.ROOT, "building image %s from containers/%s (%.1f MiB of build context%s) ...",
                tag, service, contextBytes / (1024.0 * 1024), reason == null ? "" : ": " + reason);
    }

    private static long contextBytes(Map<String, Path> context) {
        long bytes = 0;
        for (Path file : context.values()) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    private static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Where {@link #cachedHash} keeps the hashes of build contexts between JVMs. */
    private static final Path HASH_CACHE = Path.of(System.getProperty("java.io.tmpdir"), "portex-context-hashes.properties");

    /**
     * {@link #hash}, remembered between JVMs by the context's file names, sizes and modification times (as make and rsync
     * judge a file unchanged): hashing the Elasticsearch distribution alone takes about half a second, on every run.
     */
    static String cachedHash(Map<String, Path> context, Map<String, String> buildArgs) {
        StringBuilder key = new StringBuilder(buildArgs.toString());
        try {
            for (var entry : context.entrySet()) {
                Path file = entry.getValue();
                key.append('|').append(entry.getKey()).append('=').append(file.toAbsolutePath()).append(',')
                        .append(Files.size(file)).append(',').append(Files.getLastModifiedTime(file).toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = sha256(key.toString());
        Properties known = new Properties();
        try (InputStream in = Files.newInputStream(HASH_CACHE)) {
            known.load(in);
        } catch (IOException e) {
            // no cache yet, or unreadable: hash
        }
        String hash = known.getProperty(id);
        if (hash != null) {
            return hash;
        }
        hash = hash(context, buildArgs);
        known.setProperty(id, hash);
        try {
            Path tmp = Files.createTempFile(HASH_CACHE.getParent(), "portex-context-hashes", ".tmp");
            try (var out = Files.newOutputStream(tmp)) {
                known.store(out, "portex: build-context hashes by file names, sizes and modification times");
            }
            Files.move(tmp, HASH_CACHE, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a cache that cannot be written costs time, not correctness
        }
        return hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(Map<String, Path> context, Map<String, String> buildArgs) {
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
