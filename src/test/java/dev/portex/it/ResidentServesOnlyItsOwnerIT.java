package dev.portex.it;

import static dev.portex.it.ResidentJvmIT.ENV;
import static dev.portex.it.ResidentJvmIT.TARGET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.it.CommandLineFailsClearlyIT.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The resident JVM runs {@code ./portex} command lines as the user who started it (root here), so it serves that user
 * only: its socket is owner-only, and a caller that gets past the mode anyway (a mode loosened after, root calling a
 * user's resident) is refused by its peer credentials. A second local user, made for this class and removed after it,
 * runs the real {@code ./portex run} against a running resident: one line, exit 2, nothing run; the owner's next run is
 * served as before. The tests build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.SAME_THREAD)
@ResourceLock(Locks.WARM_STACK)
class ResidentServesOnlyItsOwnerIT {
    static final Path SOCKET = TARGET.resolve("portex-resident.sock");
    /** The second user's run is refused before anything starts: a JVM's start and one exchange on the socket. */
    static final Duration FAST = Duration.ofSeconds(20);
    static final String OTHER_USER = "portex-it-" + Long.toHexString(System.nanoTime() & 0xffffffL);
    static final List<String> RUN = List.of("run", "--client", "pooled", "--docs", "300");

    static String refusal;

    @BeforeAll
    static void aSecondUserAndNoWarmStackYet() throws IOException {
        ResidentJvmIT.portex(List.of("down"), ENV);
        command("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OTHER_USER);
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        String name = Files.getOwner(Path.of("/proc/self")).getName();
        refusal = "portex: the resident serves only uid " + uid + " (" + name + "); run without it: "
                + "PORTEX_RESIDENT=off ./portex run ...";
    }

    @AfterAll
    static void downAndTheUserRemoved() {
        try {
            ResidentJvmIT.portex(List.of("down"), ENV);
        } finally {
            command("userdel", OTHER_USER);
        }
    }

    @Test
    @Order(1)
    @DisplayName("./portex up leaves the resident's socket owner-only: mode 0600, owned by the user who started it")
    void theSocketIsOwnerOnly() throws IOException {
        CliRun up = ResidentJvmIT.portex(List.of("up"), ENV);
        assertThat(up.exitCode()).as("exit code of ./portex up (stderr:%n%s)", up.stderr()).isZero();
        ResidentJvmIT.awaitResident("after ./portex up");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(SOCKET)))
                .as("mode of %s: read and write for its owner only (a connect needs write permission, so no one else can"
                        + " open it)", SOCKET)
                .isEqualTo("rw-------");
        assertThat(Files.getOwner(SOCKET)).as("owner of %s: the user who ran ./portex up", SOCKET)
                .isEqualTo(Files.getOwner(Path.of("/proc/self")));
    }

    @Test
    @Order(2)
    @DisplayName("a second user's ./portex run cannot open the socket: one line naming the uid served and the way around, "
            + "exit 2, nothing run")
    void anotherUserCannotOpenIt() {
        int served = ResidentJvmIT.servedCount();
        CliRun run = CliRun.startAs(OTHER_USER, RUN, ENV).awaitExit(ResidentJvmIT.LIMIT);

        assertRefused(run, "with the socket at 0600");
        assertThat(ResidentJvmIT.servedCount()).as("runs the resident served, after the second user's run").isEqualTo(served);
    }

    @Test
    @Order(3)
    @DisplayName("with the socket's mode loosened to 0666, the second user's run reaches the resident, which refuses it by "
            + "its peer credentials: the same line, exit 2, nothing run, the refusal in the resident's log")
    void thePeerCredentialsRefuseIt() throws IOException {
        int served = ResidentJvmIT.servedCount();
        long refusedBefore = refusedInLog();
        Files.setPosixFilePermissions(SOCKET, PosixFilePermissions.fromString("rw-rw-rw-"));
        CliRun run;
        try {
            run = CliRun.startAs(OTHER_USER, RUN, ENV).awaitExit(ResidentJvmIT.LIMIT);
        } finally {
            Files.setPosixFilePermissions(SOCKET, PosixFilePermissions.fromString("rw-------"));
        }

        assertRefused(run, "with the socket at 0666");
        assertThat(ResidentJvmIT.servedCount()).as("runs the resident served, after the second user's run")
                .isEqualTo(served);
        assertThat(refusedInLog()).as("refusals of %s in the resident's log (log:%n%s)", OTHER_USER, ResidentJvmIT.log())
                .isEqualTo(refusedBefore + 1);
    }

    @Test
    @Order(4)
    @DisplayName("after both refusals the resident still serves its owner: the verdict of a served run")
    void theOwnerIsStillServed() {
        int served = ResidentJvmIT.servedCount();
        CliRun run = ResidentJvmIT.portex(RUN, ENV);

        assertThat(run.exitCode()).as("exit code of the owner's run (stderr:%n%s)", run.stderr()).isZero();
        assertThat(run.stdout()).as("its summary").contains("acknowledged    300 of 300").contains("nothing lost    yes");
        assertThat(ResidentJvmIT.servedCount()).as("runs the resident served: this one too (log:%n%s)", ResidentJvmIT.log())
                .isEqualTo(served + 1);
    }

    private static void assertRefused(CliRun run, String when) {
        assertThat(run.exitCode()).as("exit code of %s's ./portex run %s: 2, as for bad options (stderr:%n%s)",
                OTHER_USER, when, run.stderr()).isEqualTo(2);
        assertThat(run.stderrLines()).as("stderr of %s's run %s: exactly the one line", OTHER_USER, when)
                .containsExactly(refusal);
        assertThat(run.stdout()).as("stdout of %s's run %s: nothing (no run, no summary)", OTHER_USER, when).isEmpty();
        assertThat(run.elapsed()).as("time %s's refused run took %s: no Docker, no load", OTHER_USER, when).isLessThan(FAST);
    }

    private static long refusedInLog() {
        return ResidentJvmIT.log().lines().filter(l -> l.startsWith("portex resident: refused a run of user " + OTHER_USER))
                .count();
    }

    private static void command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s to end within 60 s", String.join(" ", command)).isTrue();
            assertThat(p.exitValue()).as("exit code of %s (output: %s)", String.join(" ", command), output).isZero();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
