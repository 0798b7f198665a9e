package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fixture /proc and pid file: what a fresh machine made from an image taken while dockerd ran looks like. */
@DisplayName("A daemon's pid file")
class DaemonPidFileTest {
    @TempDir
    Path dir;
    Path proc;
    DaemonPidFile dockerd;

    @BeforeEach
    void fixture() throws IOException {
        proc = Files.createDirectories(dir.resolve("proc"));
        dockerd = new DaemonPidFile(dir.resolve("docker.pid"), "dockerd");
    }

    private void process(long pid, String command) throws IOException {
        Files.writeString(Files.createDirectories(proc.resolve(Long.toString(pid))).resolve("comm"), command + "\n");
    }

    @Test
    @DisplayName("naming a process that is not dockerd (the image's pid, reused on the new machine) is removed")
    void reusedPidIsStale() throws IOException {
        Files.writeString(dockerd.file(), "4204");
        process(4204, "java");

        assertThat(dockerd.livePid(proc)).as("pid 4204 is a java process, not a running dockerd").isEmpty();
        assertThat(dockerd.removeIfStale(proc)).as("what was removed, for the log line")
                .hasValue("a stale " + dockerd.file() + " (pid 4204 is java, not dockerd)");
        assertThat(dockerd.file()).as("dockerd refuses to start while this file names a live process").doesNotExist();
    }

    @Test
    @DisplayName("naming a process that is gone is removed")
    void deadPidIsStale() throws IOException {
        Files.writeString(dockerd.file(), "4204\n");

        assertThat(dockerd.removeIfStale(proc)).hasValue("a stale " + dockerd.file() + " (pid 4204 is not running)");
        assertThat(dockerd.file()).doesNotExist();
    }

    @Test
    @DisplayName("holding no number is removed")
    void garbageIsStale() throws IOException {
        Files.writeString(dockerd.file(), "");

        assertThat(dockerd.removeIfStale(proc)).hasValue("a stale " + dockerd.file() + " (it holds no pid)");
        assertThat(dockerd.file()).doesNotExist();
    }

    @Test
    @DisplayName("naming a running dockerd is kept, and that dockerd is waited for instead of starting another")
    void runningDaemonIsKept() throws IOException {
        Files.writeString(dockerd.file(), "77");
        process(77, "dockerd");

        assertThat(dockerd.livePid(proc)).as("a live dockerd is named by the file").hasValue(77L);
        assertThat(dockerd.removeIfStale(proc)).as("nothing removed").isEmpty();
        assertThat(dockerd.file()).as("a running engine's pid file stays").exists();
    }

    @Test
    @DisplayName("that is absent needs nothing")
    void absentFile() {
        assertThat(dockerd.livePid(proc)).isEmpty();
        assertThat(dockerd.removeIfStale(proc)).isEmpty();
    }
}
