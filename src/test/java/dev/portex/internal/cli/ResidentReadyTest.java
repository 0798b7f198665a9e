package dev.portex.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ./portex up waits for: a resident that has warmed up, named by a live pid in target/portex-resident.ready. */
@DisplayName("A resident counts as ready")
class ResidentReadyTest {

    @Test
    @DisplayName("when its ready file names a live process, and not when the file is missing, garbled or names a dead one")
    void readyFile(@TempDir Path target) throws Exception {
        assertThat(Resident.ready(target)).as("no ready file yet: the resident is still warming up").isFalse();

        Files.writeString(target.resolve(Resident.READY), ProcessHandle.current().pid() + "\n");
        assertThat(Resident.ready(target)).as("the ready file names this test's own (live) JVM").isTrue();

        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Files.writeString(target.resolve(Resident.READY), ended.pid() + "\n");
        assertThat(Resident.ready(target)).as("the ready file names a process that has exited (a resident killed hard)")
                .isFalse();

        Files.writeString(target.resolve(Resident.READY), "not a pid\n");
        assertThat(Resident.ready(target)).as("a garbled ready file").isFalse();
    }
}
