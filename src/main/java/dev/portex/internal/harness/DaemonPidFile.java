package dev.portex.internal.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A daemon's pid file and the command name its process must have for the file to be current. dockerd refuses to start
 * while {@code /var/run/docker.pid} names a live process, whatever that process is; a machine image taken while the
 * engine ran carries the file, and on the fresh machine made from it the number may belong to anything (a Maven JVM).
 * dockerd's own containerd has the same kind of file. Read through {@code proc} so tests can give a fixture.
 *
 * @param file    the pid file
 * @param command the daemon's command name, as {@code /proc/PID/comm} gives it
 */
record DaemonPidFile(Path file, String command) {
    static final DaemonPidFile DOCKERD = new DaemonPidFile(Path.of("/var/run/docker.pid"), "dockerd");
    static final DaemonPidFile CONTAINERD = new DaemonPidFile(Path.of("/run/docker/containerd/containerd.pid"), "containerd");

    /** The pid of the live daemon this file names; empty when there is no file, or it names no live {@link #command}. */
    Optional<Long> livePid(Path proc) {
        return pid().filter(pid -> command.equals(commandOf(proc, pid).orElse(null)));
    }

    /**
     * Removes the file when it is stale: unreadable as a pid, or naming a process that is gone or is not {@link #command}.
     *
     * @return what was removed and why, for one log line; empty when the file is absent or current
     */
    Optional<String> removeIfStale(Path proc) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Optional<Long> pid = pid();
        Optional<String> running = pid.flatMap(number -> commandOf(proc, number));
        if (running.filter(command::equals).isPresent()) {
            return Optional.empty();
        }
        String why = pid.isEmpty() ? "it holds no pid"
                : running.map(other -> "pid " + pid.get() + " is " + other + ", not " + command)
                        .orElse("pid " + pid.get() + " is not running");
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the stale " + file + " (" + why + "): " + e.getMessage()
                    + "; remove it by hand and run again", e);
        }
        return Optional.of("a stale " + file + " (" + why + ")");
    }

    private Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()))
                    .filter(pid -> pid > 0);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> commandOf(Path proc, long pid) {
        try {
            return Optional.of(Files.readString(proc.resolve(Long.toString(pid)).resolve("comm"), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
