package dev.portex.internal.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code ./portex run} starts: if a {@linkplain Resident resident JVM} is running beside the warm stack
 * ({@code ./portex up} starts it), the command runs there: this JVM sends the command line over a Unix socket, writes
 * what the resident prints to its own stdout and stderr, and exits with the command's exit code. Ctrl-C asks the
 * resident to stop the run as Ctrl-C stops a run of the CLI's own JVM (its containers removed, 130). Until it knows it
 * is served, this class uses nothing but the JDK's base module, so that relaying costs a fraction of the CLI's start.
 *
 * <p>When no resident takes the run (none running, busy with another, started with another environment, or stopping
 * because portex was rebuilt), the run goes on in this JVM as {@code java -jar target/portex.jar run} would, and if the
 * warm stack wants a resident and none is left, one is started after the run, for the next.
 */
public final class ResidentClient {
    /** Not served: no resident is listening, or it found its jar or build contexts changed and is stopping. */
    static final int NOT_SERVED_GONE = -75;
    /** Not served: the resident is alive but busy with another run, or started with another environment. */
    static final int NOT_SERVED_BUSY = -76;

    static final int MAGIC = 0x50525831; // "PRX1"
    static final byte FRAME_OUT = 1;
    static final byte FRAME_ERR = 2;
    static final byte FRAME_EXIT = 3;
    static final byte FRAME_REFUSED = 4;
    static final byte CANCEL = 1;
    /** How long Ctrl-C waits for the resident to clean up and close (its own clean-up is bounded by 30 s). */
    private static final long CANCEL_WAIT_SECONDS = 40;

    /** How a refusal's reason starts: the resident stays (busy, or another environment), or it is stopping. */
    static final String REFUSED_BUSY = "busy: ";
    static final String REFUSED_GONE = "stopping: ";
    /** How a refusal starts when the caller runs as another user than the resident: it prints the rest and runs nothing. */
    static final String REFUSED_DENIED = "denied: ";
    /** Exit code of a run refused because it came from another user: as for bad options, one line naming the fix. */
    static final int DENIED_EXIT = 2;
    /** {@code PORTEX_RESIDENT=off}: this run never goes to a resident, and starts none after it. */
    static final String OPT_OUT_ENV = "PORTEX_RESIDENT";

    private ResidentClient() {
    }

    /** {@code ./portex run ARGS...}: the resident runs it if one takes it, else this JVM. */
    public static void main(String[] args) {
        Path target = home().resolve("target");
        String optOut = System.getenv(OPT_OUT_ENV);
        if (optOut != null && !optOut.equals("on") && !optOut.equals("off")) {
            System.err.println("portex: " + OPT_OUT_ENV + " must be on or off, got '" + optOut
                    + "': " + OPT_OUT_ENV + "=off runs without the resident JVM, on (or unset) hands runs to it");
            System.exit(DENIED_EXIT);
        }
        if ("off".equals(optOut)) {
            Portex.exit(Portex.execute(args, System.out));
        }
        Path socket = target.resolve(Resident.SOCKET);
        int served = NOT_SERVED_GONE;
        if (Files.exists(socket)) {
            try {
                served = serve(SocketChannel.open(UnixDomainSocketAddress.of(socket)), args);
            } catch (IOException | RuntimeException e) {
                debug("no resident JVM answers at " + socket + " (" + e.getMessage() + ")");
                String otherOwner = ownerIfNotMine(socket);
                if (otherOwner != null) {
                    System.err.println("portex: " + otherOwner);
                    System.exit(DENIED_EXIT);
                }
            }
        }
        if (served >= 0) {
            System.exit(served);
        }
        runHere(args, target, served == NOT_SERVED_GONE);
    }

    /**
     * The line for a caller of another user than the resident's: what it serves, and how to run without it. Nothing
     * runs after it: a run as this user would not be the one the resident's owner set up, and the resident is not
     * theirs to drive.
     */
    static String servesOnly(int uid, String user) {
        return "the resident serves only uid " + uid + " (" + user + "); run without it: " + OPT_OUT_ENV
                + "=off ./portex run ...";
    }

    /**
     * {@link #servesOnly} for the resident's socket when it belongs to another user than this process's (it could not be
     * opened: its mode lets only its owner in); null when it is this user's, or cannot be told.
     */
    static String ownerIfNotMine(Path socket) {
        try {
            int owner = (Integer) Files.getAttribute(socket, "unix:uid");
            int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return owner == me ? null : servesOnly(owner, Files.getOwner(socket).getName());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The run in this JVM; then, if the warm stack wants a resident and none is running, one for the next run. */
    private static void runHere(String[] args, Path target, boolean noResident) {
        int code = Portex.execute(args, System.out);
        if (noResident && code != 130 && Files.exists(target.resolve(Resident.WANTED))) {
            Resident.startInBackground(target);
        }
        Portex.exit(code);
    }

    /** The checkout the script runs from ({@code PORTEX_HOME}, which ./portex sets), else the working directory. */
    private static Path home() {
        String home = System.getenv("PORTEX_HOME");
        return Path.of(home == null ? "." : home).toAbsolutePath();
    }

    /** Sends {@code command}, relays the answer; the exit code to exit with, or a NOT_SERVED code. */
    @SuppressWarnings("restriction")
    static int serve(SocketChannel channel, String[] command) {
        DataOutputStream request = new DataOutputStream(new BufferedOutputStream(output(channel)));
        CountDownLatch done = new CountDownLatch(1);
        int[] cancelled = {0}; // the signal's number
        // Ctrl-C or SIGTERM while the resident runs the command: it stops the run as the CLI's own JVM stops on either
        // (its containers removed), prints what it did, and closes; this JVM then exits as that JVM would, 128 + signal.
        sun.misc.SignalHandler cancel = signal -> {
            cancelled[0] = signal.getNumber();
            try {
                synchronized (request) {
                    request.writeByte(CANCEL);
                    request.flush();
                }
                done.await(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the resident is gone already
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(128 + signal.getNumber());
        };
        Map<sun.misc.Signal, sun.misc.SignalHandler> before = new java.util.HashMap<>();
        try {
            synchronized (request) {
                request.writeInt(MAGIC);
                request.writeUTF(environment(System.getenv()));
                request.writeBoolean(System.console() != null);
                request.writeInt(command.length);
                for (String arg : command) {
                    request.writeUTF(arg);
                }
                request.flush();
            }
        } catch (IOException e) {
            // A resident refuses a caller of another user at once, without reading its request: its answer waits here.
            try {
                return relay(new DataInputStream(new BufferedInputStream(input(channel))), System.out, System.err);
            } catch (IOException unanswered) {
                debug("the resident JVM closed the connection before it took the command line (" + e.getMessage() + ")");
                return NOT_SERVED_GONE;
            }
        }
        try {
            for (String name : new String[] {"INT", "TERM"}) {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                try {
                    before.put(signal, sun.misc.Signal.handle(signal, cancel));
                } catch (IllegalArgumentException e) {
                    // not to be handled here (ignored by whoever started this JVM): it stays as it is
                }
            }
            int code = relay(new DataInputStream(new BufferedInputStream(input(channel))), System.out, System.err);
            if (code < 0) {
                // not served: this JVM runs the command, with the JVM's own handling of the signals
                before.forEach(sun.misc.Signal::handle);
            }
            return code;
        } catch (IOException e) {
            if (cancelled[0] > 0) {
                return 128 + cancelled[0]; // it closed after stopping the run, as asked
            }
            System.err.println("portex: the resident JVM went away during the run (" + e.getMessage()
                    + "): run the command again (./portex down && ./portex up starts the warm stack and its resident again)");
            return 1;
        } finally {
            done.countDown();
        }
    }

    /** Writes the resident's frames to {@code out} and {@code err} until its exit frame; returns the exit code. */
    static int relay(DataInputStream answer, PrintStream out, PrintStream err) throws IOException {
        for (boolean first = true; ; first = false) {
            byte type;
            try {
                type = answer.readByte();
            } catch (EOFException e) {
                if (first) {
                    debug("the resident JVM closed the connection without an answer (stopping?)");
                    return NOT_SERVED_GONE;
                }
                throw new IOException("it closed the connection before the command ended");
            }
            switch (type) {
                case FRAME_OUT, FRAME_ERR -> {
                    byte[] bytes = new byte[answer.readInt()];
                    answer.readFully(bytes);
                    PrintStream to = type == FRAME_OUT ? out : err;
                    to.write(bytes, 0, bytes.length);
                    to.flush();
                }
                case FRAME_EXIT -> {
                    return answer.readInt();
                }
                case FRAME_REFUSED -> {
                    String reason = answer.readUTF();
                    if (reason.startsWith(REFUSED_DENIED)) {
                        err.println("portex: " + reason.substring(REFUSED_DENIED.length()));
                        err.flush();
                        return DENIED_EXIT;
                    }
                    debug("the resident JVM did not take this run: " + reason);
                    return reason.startsWith(REFUSED_BUSY) ? NOT_SERVED_BUSY : NOT_SERVED_GONE;
                }
                default -> throw new IOException("unknown frame " + type + " (a resident JVM of another portex build?)");
            }
        }
    }

    /**
     * The channel's reading side as a stream. Not {@code Channels.newInputStream}: its reads and writes take one lock, so
     * a read waiting for a cancel (the resident) or a frame (this client) would hold up every write on the other side.
     */
    static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(bytes, off, len));
            }
        };
    }

    /** An output stream whose single bytes go through {@code write(byte[], int, int)}. */
    abstract static class ChunkOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public abstract void write(byte[] bytes, int off, int len) throws IOException;
    }

    /** The channel's writing side as a stream (see {@link #input}). */
    static OutputStream output(SocketChannel channel) {
        return new ChunkOutputStream() {
            @Override
            public void write(byte[] bytes, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    /**
     * The environment a run depends on, one {@code NAME=value} per line in name order: portex's, Testcontainers' and
     * Docker's variables (but {@code PORTEX_RESIDENT}, which only says whether to ask it). The resident serves only runs
     * whose environment is the one it started with.
     */
    static String environment(Map<String, String> env) {
        StringBuilder text = new StringBuilder();
        for (var e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if ((name.startsWith("PORTEX_") && !name.equals(OPT_OUT_ENV)) || name.startsWith("TESTCONTAINERS_")
                    || name.startsWith("DOCKER_")) {
                text.append(name).append('=').append(e.getValue()).append('\n');
            }
        }
        return text.toString();
    }

    private static void debug(String line) {
        if (System.getenv("PORTEX_DEBUG") != null) {
            System.err.println("portex: " + line + "; the run goes on in this JVM");
        }
    }
}
