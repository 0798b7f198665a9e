package dev.portex.internal.harness;

import dev.portex.api.PortexException;
import dev.portex.internal.infra.PortexHome;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.portex.internal.infra.HostLog;
import dev.portex.internal.containers.PortexImages;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * Prepares the host, idempotently: a reachable Docker engine and the base image. Where it may ({@link #setupAllowed}:
 * the CLI, or a test run that asks with {@code -Dportex.setup=true}), on a fresh Debian-family machine where we are root,
 * it installs Debian's docker.io, starts dockerd detached and makes debian:trixie-slim with debootstrap when no
 * registry can serve it. Otherwise, and elsewhere, it installs and starts nothing: it stops with one line naming the
 * fix. Each step logs one line.
 */
public final class HostSetup {
    /** Exit code for "no Docker engine can be had". */
    public static final int NO_DOCKER = 3;

    private static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    /** The system property (and, as {@code PORTEX_SETUP}, the environment variable) a test run sets to let portex prepare the host. */
    public static final String SETUP_PROPERTY = "portex.setup";
    private static volatile boolean done;
    private static volatile boolean allowedByCaller;

    private HostSetup() {
    }

    /**
     * Lets this JVM install and start what the host lacks (the CLI does: {@code ./portex} is asked to). A library must not
     * install system packages or start daemons because a test ran: without this call, only {@code -Dportex.setup=true} or
     * {@code PORTEX_SETUP=true} allows it.
     */
    public static void allowSetup() {
        allowedByCaller = true;
    }

    /** True when this JVM may install packages, start dockerd and make the base image (see {@link #allowSetup}). */
    public static boolean setupAllowed() {
        return allowedByCaller || Boolean.getBoolean(SETUP_PROPERTY) || "true".equalsIgnoreCase(System.getenv("PORTEX_SETUP"));
    }

    /** How to let portex prepare the host, for the messages that say it did not. */
    static final String HOW_TO_SET_UP = "or let portex install and start it (Debian, as root): ./portex setup in a portex "
            + "checkout, or -D" + SETUP_PROPERTY + "=true (PORTEX_SETUP=true) for a test run";

    /** True once {@link #ensureReady()} found an engine in this JVM: a later failure may be the engine going away. */
    public static boolean ensuredOnce() {
        return done;
    }

    /** Docker reachable and base image present; cheap after the first call in a JVM. */
    public static synchronized void ensureReady() {
        if (done) {
            return;
        }
        ensureDockerEngine();
        ensureBaseImage();
        done = true;
    }

    static void ensureDockerEngine() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            // Testcontainers would quietly fall back to the default socket: a named engine must answer itself.
            if (!pingDockerHost(dockerHost.strip())) {
                throw new PortexException("DOCKER_HOST=" + dockerHost + " does not answer: start that engine, "
                        + "or unset DOCKER_HOST to use the local one", NO_DOCKER);
            }
            reportEngine();
            return;
        }
        if (pingLocalSocket()) {
            reportEngine();
            return;
        }
        if (!canInstallHere()) {
            // Docker Desktop and friends keep their socket elsewhere: let Testcontainers look.
            if (!Files.exists(DOCKER_SOCKET) && testcontainersFindsDocker()) {
                reportEngine();
                return;
            }
            throw new PortexException("no Docker engine is reachable: install and start Docker "
                    + "(Docker Engine or Docker Desktop), then run again"
                    + (setupAllowed() || !debianRoot() ? "" : "; " + HOW_TO_SET_UP), NO_DOCKER);
        }
        if (!onPath("dockerd")) {
            HostLog.info("docker engine: not installed, installing Debian's docker.io (apt-get) ...");
            run(List.of("apt-get", "update", "-qq"), 300);
            run(List.of("apt-get", "install", "-y", "-qq", "docker.io"), 600);
        }
        startDockerd();
        reportEngine();
    }

    private static final Path DOCKERD_LOG = Path.of("/var/log/portex-dockerd.log");
    /** How long a starting dockerd may take to answer: its first start on a fresh machine sets up storage and iptables. */
    private static final int DOCKERD_START_SECONDS = 120;

    /**
     * Starts dockerd detached and waits for its socket to answer. A dockerd that is already running (its pid file names a
     * live dockerd) is waited for, not started twice. Pid files left by an engine that did not stop cleanly (a machine
     * image taken while it ran) are removed first: dockerd refuses to start while its pid file names any live process,
     * and on a fresh machine that number may well belong to another process by now.
     */
    private static void startDockerd() {
        Path proc = Path.of("/proc");
        Optional<Long> running = DaemonPidFile.DOCKERD.livePid(proc);
        if (running.isPresent()) {
            HostLog.info("docker engine: dockerd is running (pid " + running.get() + "), waiting for its socket ...");
            awaitDockerd(null);
            return;
        }
        for (DaemonPidFile pidFile : List.of(DaemonPidFile.DOCKERD, DaemonPidFile.CONTAINERD)) {
            pidFile.removeIfStale(proc).ifPresent(why -> HostLog.info("docker engine: removed " + why));
        }
        HostLog.info("docker engine: starting dockerd (log: " + DOCKERD_LOG + ") ...");
        Process dockerd;
        try {
            dockerd = new ProcessBuilder("setsid", "dockerd")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(DOCKERD_LOG.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new PortexException("cannot start dockerd: " + e.getMessage(), NO_DOCKER);
        }
        awaitDockerd(dockerd);
    }

    /**
     * Waits for the local socket; fails at once, with dockerd's last log line, when the process it started ends with an
     * error. An exit 0 is setsid's own when it had to fork (the caller led its process group): dockerd runs on, and the
     * wait goes on to the deadline.
     */
    private static void awaitDockerd(Process dockerd) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DOCKERD_START_SECONDS);
        while (!pingLocalSocket()) {
            if (dockerd != null && !dockerd.isAlive() && dockerd.exitValue() != 0 && !pingLocalSocket()) {
                throw new PortexException("dockerd stopped (exit " + dockerd.exitValue() + ") before it answered: "
                        + lastLine(DOCKERD_LOG) + " (whole log: " + DOCKERD_LOG + ")", NO_DOCKER);
            }
            if (System.nanoTime() > deadline) {
                throw new PortexException("dockerd did not answer within " + DOCKERD_START_SECONDS + " s: its last line was \""
                        + lastLine(DOCKERD_LOG) + "\" (whole log: " + DOCKERD_LOG + ")", NO_DOCKER);
            }
            sleepQuietly(250);
        }
    }

    private static String lastLine(Path log) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return firstLine(lines.filter(line -> !line.isBlank()).reduce((first, second) -> second).orElse("(empty)"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void ensureBaseImage() {
        DockerClient docker = client();
        String image = PortexImages.BASE_IMAGE;
        if (imageExists(docker, image)) {
            HostLog.info("base image " + image + ": present");
            return;
        }
        HostLog.info("base image " + image + ": absent, trying to pull it ...");
        Optional<String> refused = pull(docker, image);
        if (refused.isEmpty() && imageExists(docker, image)) {
            HostLog.info("base image " + image + ": pulled");
            return;
        }
        HostLog.info("base image " + image + ": cannot be pulled (" + refused.orElse("the engine says it is still absent") + ")");
        if (!onPath("debootstrap")) {
            if (!canInstallHere()) {
                throw new PortexException("base image " + image + " is absent and cannot be pulled: pull it where a registry "
                        + "is reachable and load it here, " + HOW_TO_SET_UP.replace("install and start it", "make it with debootstrap"));
            }
            HostLog.info("base image " + image + ": installing debootstrap (apt-get) ...");
            run(List.of("apt-get", "update", "-qq"), 300);
            run(List.of("apt-get", "install", "-y", "-qq", "debootstrap"), 300);
        }
        HostLog.info("base image " + image + ": making it with debootstrap (about 30 s) ...");
        Path script = PortexHome.containers().resolve("base-image/make-base-image.sh");
        run(List.of("bash", script.toString(), image), 900);
        if (!imageExists(docker, image)) {
            throw new PortexException("base image " + image + " still absent after " + script);
        }
    }

    /**
     * Pulls {@code image} (NAME:TAG); empty when the engine pulled it, else the first line of why not. A refusal is what
     * portex expects where no registry is reachable, so it is returned for one line of portex's own, not logged by
     * docker-java with its stack trace ({@link QuietPull}).
     */
    static Optional<String> pull(DockerClient docker, String image) {
        int colon = image.lastIndexOf(':');
        QuietPull pull = new QuietPull();
        try {
            docker.pullImageCmd(image.substring(0, colon)).withTag(image.substring(colon + 1)).exec(pull);
            if (!pull.awaitCompletion(120, TimeUnit.SECONDS)) {
                return Optional.of("no answer within 120 s");
            }
        } catch (RuntimeException e) {
            return Optional.of(firstLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortexException("interrupted while pulling " + image);
        } finally {
            pull.end();
        }
        return Optional.ofNullable(pull.failure).map(e -> firstLine(e.getMessage()));
    }

    /**
     * A pull's callback that keeps its failure for the caller. docker-java's own ({@code ResultCallbackTemplate.onError})
     * logs every failure at ERROR with its stack trace before the caller sees it: on a machine without a registry, a
     * newcomer's first ./portex printed an InternalServerErrorException where portex had its one line ready.
     */
    static final class QuietPull extends PullImageResultCallback {
        volatile Throwable failure;

        @Override
        public void onError(Throwable error) {
            if (failure == null) {
                failure = error;
            }
            end(); // ends awaitCompletion, as the template's onError does
        }

        void end() {
            try {
                close();
            } catch (IOException e) {
                // its stream is gone already
            }
        }
    }

    /**
     * Installs a Debian package when {@code executable} is missing, setup is allowed ({@link #setupAllowed}) and this is
     * a Debian-family host where we are root (a fresh CI machine); otherwise it does nothing and the caller reports what
     * is missing.
     */
    public static synchronized void ensureDebianPackage(Path executable, String packageName) {
        if (Files.isExecutable(executable) || !canInstallHere()) {
            return;
        }
        HostLog.info(executable + ": missing, installing Debian's " + packageName + " (apt-get) ...");
        run(List.of("apt-get", "update", "-qq"), 300);
        run(List.of("apt-get", "install", "-y", "-qq", packageName), 900);
    }

    private static void reportEngine() {
        DockerClient docker = client();
        var version = docker.versionCmd().exec();
        HostLog.info("docker engine: reachable (Docker " + version.getVersion() + ", API " + version.getApiVersion() + ")");
    }

    private static DockerClient client() {
        try {
            return DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            throw new PortexException("Docker is not reachable through Testcontainers: " + firstLine(e.getMessage())
                    + " (is the engine running? check `docker info`)", NO_DOCKER);
        }
    }

    private static boolean testcontainersFindsDocker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean imageExists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** A raw GET /_ping on the local socket: unlike Testcontainers, it caches no failure. */
    /**
     * True when the engine portex uses answers a ping now: DOCKER_HOST's, else the local socket's. For telling a run
     * that failed because the engine went away from one that failed otherwise.
     */
    public static boolean engineAnswers() {
        String dockerHost = System.getenv("DOCKER_HOST");
        return dockerHost != null && !dockerHost.isBlank() ? pingDockerHost(dockerHost.strip()) : pingLocalSocket();
    }

    static boolean pingLocalSocket() {
        return pingUnixSocket(DOCKER_SOCKET);
    }

    /** GET /_ping on DOCKER_HOST: unix:///path or tcp://host:port (plain HTTP; TLS engines are left to Testcontainers). */
    static boolean pingDockerHost(String dockerHost) {
        if (dockerHost.startsWith("unix://")) {
            return pingUnixSocket(Path.of(dockerHost.substring("unix://".length())));
        }
        if (dockerHost.startsWith("tcp://")) {
            if ("1".equals(System.getenv("DOCKER_TLS_VERIFY"))) {
                return true;
            }
            try {
                java.net.URI uri = java.net.URI.create("http://" + dockerHost.substring("tcp://".length()) + "/_ping");
                java.net.HttpURLConnection http = (java.net.HttpURLConnection) uri.toURL().openConnection();
                http.setConnectTimeout(3_000);
                http.setReadTimeout(5_000);
                try {
                    return http.getResponseCode() == 200;
                } finally {
                    http.disconnect();
                }
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        }
        return true; // npipe:// and friends: Testcontainers knows them
    }

    private static boolean pingUnixSocket(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer);
            String answer = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.") && answer.contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    /** Setup is allowed ({@link #setupAllowed}) and this is a Debian-family host where we are root. */
    private static boolean canInstallHere() {
        return setupAllowed() && debianRoot();
    }

    private static boolean debianRoot() {
        return Files.exists(Path.of("/etc/debian_version")) && "root".equals(System.getProperty("user.name"))
                && onPath("apt-get");
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> command, int timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new PortexException(String.join(" ", command) + " took over " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                String text = new String(output, StandardCharsets.UTF_8).strip();
                throw new PortexException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + text.substring(Math.max(0, text.length() - 400)));
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty() && command.get(0).equals("bash")) {
                text.lines().forEach(HostLog::info);
            }
        } catch (IOException e) {
            throw new PortexException("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PortexException("interrupted while running " + command.get(0));
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
