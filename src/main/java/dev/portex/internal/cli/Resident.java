package dev.portex.internal.cli;

import dev.portex.internal.harness.HostSetup;
import dev.portex.internal.harness.PortexStack;
import dev.portex.internal.harness.WarmStack;
import dev.portex.internal.infra.HostLog;
import dev.portex.internal.infra.PortexHome;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The CLI's JVM kept running next to the warm stack ({@code ./portex up} starts it, {@code ./portex down} stops it),
 * so that {@code ./portex run} on the warm stack does not pay for a JVM's start, class loading and Docker client set-up
 * on every try: the script hands the command line over a Unix socket ({@link ResidentClient}), and the resident runs it
 * exactly as {@code java -jar target/portex.jar} would, printing to the caller's stdout and stderr through the socket.
 *
 * <p>It takes one run at a time, and only runs whose environment (portex's, Testcontainers' and Docker's variables) is
 * the one it started with. It stops as soon as it finds its jar, the load generator's jar or a build context changed
 * since it started, so that a run never uses code older than the checkout's: that run and the next go through a JVM of
 * their own while the script starts a new resident. Ctrl-C on the caller stops the run the way it stops a run of the
 * CLI's own JVM, and this JVM with it.
 */
public final class Resident {
    /** In the checkout's target/: the socket runs are handed over on. */
    static final String SOCKET = "portex-resident.sock";
    /** In target/: the resident's pid, and its lock (one resident per checkout). */
    static final String PID = "portex-resident.pid";
    /** In target/: present while the warm stack is up; a run that finds no resident then starts one after it. */
    static final String WANTED = "portex-resident.wanted";
    /** In target/: what the resident prints about itself. */
    static final String LOG = "portex-resident.log";
    /** In target/: the pid of a resident that has warmed up and serves runs; {@link #start} waits for it. */
    static final String READY = "portex-resident.ready";
    /**
     * How long {@code ./portex up} waits for its resident's warm-up (3.4 s here, its JVM's start included), which holds
     * the warm stack meanwhile.
     */
    static final long READY_WAIT_SECONDS = 30;

    private final String environment;
    private final FileTime builtAt;
    private final AtomicBoolean busy = new AtomicBoolean();

    private final Owner owner;

    private Resident(Owner owner) {
        this.environment = ResidentClient.environment(System.getenv());
        this.builtAt = newestBuildInput();
        this.owner = owner;
    }

    /** The resident's own user, as its socket file's owner: the only one it serves. */
    record Owner(UserPrincipal user, int uid) {
        static Owner of(Path socket) throws IOException {
            return new Owner(Files.getOwner(socket), (Integer) Files.getAttribute(socket, "unix:uid"));
        }

        /** The line a caller of another user gets, and nothing runs. */
        String refusal() {
            return ResidentClient.servesOnly(uid, user.getName());
        }
    }

    /**
     * A socket at {@code socket} that only this user can open (mode 0600), listening: bound inside a directory only this
     * user can enter (0700), made 0600 there, and only then moved to its place, so that no one else can connect at any
     * moment of its life. The peer check ({@link #callerIsOwner}) stands behind it, should the mode be changed after.
     */
    static ServerSocketChannel listenOwnerOnly(Path socket) throws IOException {
        Path staging = Files.createTempDirectory(socket.getParent(), ".portex-resident-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path bound = staging.resolve("sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw e;
        } finally {
            Files.deleteIfExists(staging);
        }
        return server;
    }

    /**
     * True when the process at the other end of {@code connection} runs as {@code owner} (its peer credentials,
     * SO_PEERCRED); false for anyone else, and when the platform cannot tell (the option unsupported or unreadable).
     */
    static boolean callerIsOwner(SocketChannel connection, UserPrincipal owner) {
        try {
            if (!connection.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
                return false;
            }
            UnixDomainPrincipal caller = connection.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return caller != null && owner.equals(caller.user());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Who called, for the resident's log: the peer's user name, or why it is not known. */
    private static String callerName(SocketChannel connection) {
        try {
            return connection.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** {@code Resident TARGET_DIR}: serves runs until stopped (SIGTERM) or stale. */
    public static void main(String[] args) throws IOException {
        HostSetup.allowSetup(); // it serves ./portex runs, which may prepare the host as the CLI's own JVM does
        if (args.length != 1) {
            System.err.println("usage: Resident TARGET_DIR");
            System.exit(2);
        }
        Path target = Path.of(args[0]).toAbsolutePath();
        Path socket = target.resolve(SOCKET);
        Path pidFile = target.resolve(PID);
        // One resident per checkout: the pid file's lock, held for this JVM's life. One that is stopping (stale) lets go
        // within moments; a healthy one never does, and then this JVM has nothing to do.
        FileChannel pid = FileChannel.open(pidFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = null;
        for (long giveUpAt = System.nanoTime() + 5_000_000_000L; lock == null && System.nanoTime() < giveUpAt; ) {
            lock = pid.tryLock();
            if (lock == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
        }
        if (lock == null) {
            System.err.println("portex resident: one is running already (" + pidFile + ")");
            return;
        }
        pid.truncate(0);
        pid.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        if (!Files.exists(target.resolve(WANTED))) {
            // ./portex down ran while this JVM started (it un-marks the warm stack first, then stops the resident its pid
            // file names: this one's pid was not there yet): nothing to serve, and no socket left behind
            Files.deleteIfExists(pidFile);
            System.err.println("portex resident: not starting: ./portex down ran while it started");
            return;
        }
        ServerSocketChannel server = listenOwnerOnly(socket);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // while this JVM holds the lock, the socket and the pid file are its own
                Files.deleteIfExists(target.resolve(READY));
                Files.deleteIfExists(socket);
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // the next resident replaces them
            }
        }, "portex-resident-files"));
        Resident resident = new Resident(Owner.of(socket));
        resident.warmUp();
        Files.writeString(target.resolve(READY), ProcessHandle.current().pid() + "\n");
        System.err.println("portex resident: serving ./portex run at " + socket + " (pid " + ProcessHandle.current().pid() + ")");
        resident.serve(server);
    }

    /**
     * Marks the warm stack as wanting a resident and starts one in the background, detached from the caller's terminal
     * (its output in target/portex-resident.log). Does nothing if one runs already (it finds the lock taken). Returns
     * once the resident has warmed up (at most {@link #READY_WAIT_SECONDS}): its warm-up holds the warm stack, and a
     * command started meanwhile (bench, compare) would find it in use and run on a fresh stack.
     */
    static void start(Path target) {
        try {
            Files.createDirectories(target);
            Files.writeString(target.resolve(WANTED), "./portex up: runs on the warm stack are handed to a resident JVM\n");
        } catch (IOException e) {
            HostLog.info("cannot mark the warm stack as wanting a resident JVM (" + e.getMessage() + "): runs start their own");
            return;
        }
        startInBackground(target);
        long giveUpAt = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(READY_WAIT_SECONDS);
        while (!ready(target)) {
            if (System.nanoTime() > giveUpAt) {
                HostLog.info("the resident JVM has not warmed up within " + READY_WAIT_SECONDS + " s (see target/" + LOG
                        + "): until it has, runs start a JVM of their own");
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
    }

    /** True when target/portex-resident.ready names a live process: a resident that has warmed up. */
    static boolean ready(Path target) {
        try {
            String pid = Files.readString(target.resolve(READY)).trim();
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Starts a resident in the background; its JVM takes the same options as the CLI's short commands. */
    static void startInBackground(Path target) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: the terminal's Ctrl-C and hang-up are not for it
        }
        command.addAll(List.of(java, "-Xlog:disable", "-Xlog:all=error:stderr", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        Path archive = target.resolve("portex.jsa");
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        String classPath = System.getProperty("java.class.path");
        command.addAll(List.of("-cp", classPath, Resident.class.getName(), target.toString()));
        try {
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(target.resolve(LOG).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            HostLog.info("cannot start a resident JVM (" + e.getMessage() + "): runs start their own");
        }
    }

    /** Stops the resident, if one runs, and un-marks the warm stack: {@code ./portex down} and {@code clean}. */
    static void stop(Path target) {
        try {
            Files.deleteIfExists(target.resolve(WANTED));
            String pid = Files.isRegularFile(target.resolve(PID)) ? Files.readString(target.resolve(PID)).trim() : "";
            if (!pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid))
                        .filter(p -> p.info().commandLine().map(c -> c.contains(Resident.class.getName())).orElse(false))
                        .ifPresent(resident -> {
                            resident.destroy(); // SIGTERM: a run it is serving is stopped as on Ctrl-C
                            try {
                                resident.onExit().get(35, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                                HostLog.info("the resident JVM (pid " + pid + ") did not stop within 35 s of SIGTERM");
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
            }
        } catch (IOException | NumberFormatException e) {
            HostLog.info("cannot stop the resident JVM (" + e.getMessage() + "): kill the java process running "
                    + Resident.class.getName());
        }
    }

    /**
     * What every run needs loaded and connected first: the command line's model, the Docker client, and the warm stack's
     * look-up, attachment and index check (a session on it that runs nothing; its code then runs compiled sooner).
     */
    private void warmUp() {
        Portex.commandLine(new PrintStream(OutputStream.nullOutputStream()));
        HostSetup.ensureReady();
        try (PortexStack stack = PortexStack.open(WarmStack.Use.WARM)) {
            stack.awaitIndex();
            stack.elasticsearchConnectionsOpened();
        } catch (RuntimeException e) {
            System.err.println("portex resident: no warm-up on the warm stack (" + e.getMessage() + ")");
        }
    }

    private void serve(ServerSocketChannel server) throws IOException {
        while (true) {
            SocketChannel connection = server.accept();
            if (!callerIsOwner(connection, owner.user())) {
                System.err.println("portex resident: refused a run of user " + callerName(connection) + ": it serves only uid "
                        + owner.uid() + " (" + owner.user().getName() + ")");
                refuse(connection, ResidentClient.REFUSED_DENIED + owner.refusal());
                continue;
            }
            if (!busy.compareAndSet(false, true)) {
                refuse(connection, ResidentClient.REFUSED_BUSY + "another run is using it");
                continue;
            }
            Thread run = new Thread(() -> {
                try {
                    handle(connection);
                } finally {
                    busy.set(false);
                }
            }, "portex-resident-run");
            run.start();
        }
    }

    private static void refuse(SocketChannel connection, String reason) {
        try (connection) {
            DataOutputStream answer = new DataOutputStream(ResidentClient.output(connection));
            answer.writeByte(ResidentClient.FRAME_REFUSED);
            answer.writeUTF(reason);
            answer.flush();
        } catch (IOException e) {
            // the caller is gone
        }
    }

    private void handle(SocketChannel connection) {
        String[] args;
        boolean terminal;
        DataInputStream request;
        try {
            request = new DataInputStream(new BufferedInputStream(ResidentClient.input(connection)));
            if (request.readInt() != ResidentClient.MAGIC) {
                refuse(connection, ResidentClient.REFUSED_GONE + "a request it does not understand");
                return;
            }
            String callerEnvironment = request.readUTF();
            terminal = request.readBoolean();
            args = new String[request.readInt()];
            for (int i = 0; i < args.length; i++) {
                args[i] = request.readUTF();
            }
            if (!callerEnvironment.equals(environment)) {
                refuse(connection, ResidentClient.REFUSED_BUSY + "it started with other PORTEX_, TESTCONTAINERS_ or DOCKER_ "
                        + "variables than this run's");
                return;
            }
            if (!newestBuildInput().equals(builtAt)) {
                refuse(connection, ResidentClient.REFUSED_GONE + "portex was rebuilt or a build context changed since it started");
                exitBecause("portex was rebuilt or a build context changed");
                return;
            }
        } catch (IOException e) {
            closeQuietly(connection);
            return;
        }
        Frames frames = new Frames(connection);
        AtomicBoolean over = new AtomicBoolean();
        watchForCancel(request, over);
        PrintStream out = new PrintStream(frames.stream(ResidentClient.FRAME_OUT), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(frames.stream(ResidentClient.FRAME_ERR), true, StandardCharsets.UTF_8);
        PrintStream ownOut = System.out;
        PrintStream ownErr = System.err;
        int code;
        long started = System.nanoTime();
        System.setOut(out);
        System.setErr(err);
        Portex.terminal = terminal;
        HostLog.restartClock();
        try {
            code = Portex.execute(args, out);
        } catch (RuntimeException | Error e) {
            err.println("portex: failed: " + e);
            code = 1;
        } finally {
            out.flush();
            err.flush();
            System.setOut(ownOut);
            System.setErr(ownErr);
            Portex.terminal = null;
        }
        over.set(true); // from here on, the caller closing its end is the end of a run, not a cancel
        System.err.printf(java.util.Locale.ROOT, "portex resident: served ./portex %s: exit %d in %.2f s%n",
                String.join(" ", args), code, (System.nanoTime() - started) / 1e9);
        frames.exit(code);
        closeQuietly(connection);
        if (Portex.engineGone()) {
            exitBecause("the Docker engine went away");
        }
    }

    /**
     * The caller's Ctrl-C, or its end before the run's: stop as the CLI's own JVM stops on Ctrl-C, its hooks removing
     * this run's containers and saying so to the caller while it listens.
     */
    private static void watchForCancel(DataInputStream request, AtomicBoolean over) {
        Thread watch = new Thread(() -> {
            try {
                request.readByte(); // a cancel
            } catch (IOException e) {
                // the end of the stream: the caller is gone, or done
            }
            if (!over.get()) {
                System.exit(130);
            }
        }, "portex-resident-cancel");
        watch.setDaemon(true);
        watch.start();
    }

    private static void closeQuietly(SocketChannel connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // gone
        }
    }

    /** Ends this resident (its hooks remove its socket and pid file); runs then start their own JVM. */
    private static void exitBecause(String why) {
        System.err.println("portex resident: stopping: " + why);
        System.exit(0);
    }

    /** The newest modification time of what a run's code and images are made from: both jars and every build context. */
    static FileTime newestBuildInput() {
        List<Path> inputs = new ArrayList<>();
        try {
            inputs.add(Path.of(Resident.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // not from a jar (tests): the build contexts are enough
        }
        PortexHome.loadgenJar().ifPresent(inputs::add);
        PortexHome.checkout().ifPresent(root -> {
            try (Stream<Path> files = Files.walk(root.resolve("containers"))) {
                files.forEach(inputs::add);
            } catch (IOException e) {
                // counted as changed below
            }
        });
        FileTime newest = FileTime.fromMillis(0);
        for (Path p : inputs) {
            try {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.compareTo(newest) > 0) {
                    newest = t;
                }
            } catch (IOException e) {
                return FileTime.fromMillis(-1);
            }
        }
        return newest;
    }

    /** stdout and stderr of one run as frames on its connection, in the order written. */
    private static final class Frames {
        private final DataOutputStream answer;

        Frames(SocketChannel connection) {
            this.answer = new DataOutputStream(new BufferedOutputStream(ResidentClient.output(connection)));
        }

        OutputStream stream(byte type) {
            return new ResidentClient.ChunkOutputStream() {
                @Override
                public void write(byte[] bytes, int off, int len) throws IOException {
                    synchronized (answer) {
                        answer.writeByte(type);
                        answer.writeInt(len);
                        answer.write(bytes, off, len);
                    }
                }

                @Override
                public void flush() throws IOException {
                    synchronized (answer) {
                        answer.flush();
                    }
                }
            };
        }

        void exit(int code) {
            try {
                synchronized (answer) {
                    answer.writeByte(ResidentClient.FRAME_EXIT);
                    answer.writeInt(code);
                    answer.flush();
                }
            } catch (IOException e) {
                // the caller is gone
            }
        }
    }
}
