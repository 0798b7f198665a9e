package dev.portex.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the client of the resident JVM makes of its answers, frame by frame, and which environment it compares. */
class ResidentClientTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The resident's side of one answer. */
    private static final class Answer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        Answer frame(byte type, String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            data.writeByte(type);
            data.writeInt(payload.length);
            data.write(payload);
            return this;
        }

        Answer exit(int code) throws IOException {
            data.writeByte(ResidentClient.FRAME_EXIT);
            data.writeInt(code);
            return this;
        }

        Answer refused(String reason) throws IOException {
            data.writeByte(ResidentClient.FRAME_REFUSED);
            data.writeUTF(reason);
            return this;
        }

        DataInputStream read() {
            return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        }
    }

    private int relay(Answer answer) throws IOException {
        return ResidentClient.relay(answer.read(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Nested
    @DisplayName("a run the resident served")
    class Served {
        @Test
        @DisplayName("writes stdout and stderr frames where they belong, in order, and ends with the command's exit code")
        void relaysFramesAndTheExitCode() throws IOException {
            int code = relay(new Answer()
                    .frame(ResidentClient.FRAME_ERR, "portex: using the warm stack\n")
                    .frame(ResidentClient.FRAME_OUT, "portex run: pooled client")
                    .frame(ResidentClient.FRAME_OUT, ", 300 documents\n")
                    .frame(ResidentClient.FRAME_ERR, "portex: [  2.34 s] stack closed\n")
                    .exit(0));

            assertThat(code).as("the exit code the resident sent").isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as("the caller's stdout")
                    .isEqualTo("portex run: pooled client, 300 documents\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).as("the caller's stderr")
                    .isEqualTo("portex: using the warm stack\nportex: [  2.34 s] stack closed\n");
        }

        @Test
        @DisplayName("ends with a bad command line's exit code 2 like any other")
        void relaysAnyExitCode() throws IOException {
            assertThat(relay(new Answer().frame(ResidentClient.FRAME_ERR, "portex: --docs must be a number\n").exit(2)))
                    .as("the exit code of a bad command line, relayed").isEqualTo(2);
        }

        @Test
        @DisplayName("that ends without an exit code is an error: the resident went away mid-run")
        void aConnectionClosedMidRunIsAnError() {
            assertThatThrownBy(() -> relay(new Answer().frame(ResidentClient.FRAME_ERR, "portex: running pooled ...\n")))
                    .as("a connection that closes after output but before the exit code")
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("before the command ended");
        }
    }

    @Nested
    @DisplayName("a run the resident did not take")
    class NotServed {
        @Test
        @DisplayName("because it is busy, or started with another environment: run here, the resident stays")
        void busy() throws IOException {
            assertThat(relay(new Answer().refused(ResidentClient.REFUSED_BUSY + "another run is using it")))
                    .isEqualTo(ResidentClient.NOT_SERVED_BUSY);
            assertThat(out.size() + err.size()).as("bytes printed for a refusal (PORTEX_DEBUG unset)").isZero();
        }

        @Test
        @DisplayName("because portex was rebuilt: run here, and a new resident is wanted")
        void stopping() throws IOException {
            assertThat(relay(new Answer().refused(ResidentClient.REFUSED_GONE + "portex was rebuilt")))
                    .isEqualTo(ResidentClient.NOT_SERVED_GONE);
        }

        @Test
        @DisplayName("because it closed the connection before any answer (it was stopping): run here")
        void closedBeforeAnyAnswer() throws IOException {
            assertThat(relay(new Answer())).isEqualTo(ResidentClient.NOT_SERVED_GONE);
        }

        @Test
        @DisplayName("never with a code a command could end with: the not-served codes are negative")
        void notServedCodesAreNoExitCodes() {
            assertThat(ResidentClient.NOT_SERVED_BUSY).isNegative();
            assertThat(ResidentClient.NOT_SERVED_GONE).isNegative();
        }
    }

    @Test
    @DisplayName("the environment a resident compares: portex's, Testcontainers' and Docker's variables, in name order, "
            + "nothing else")
    void environmentIsTheRunsOwnVariables() {
        String environment = ResidentClient.environment(Map.of(
                "PORTEX_STACK", "warm",
                "HOME", "/root",
                "TESTCONTAINERS_RYUK_DISABLED", "true",
                "DOCKER_HOST", "unix:///var/run/docker.sock",
                "PATH", "/usr/bin",
                "PORTEX_DEBUG", "1"));

        assertThat(environment).isEqualTo("""
                DOCKER_HOST=unix:///var/run/docker.sock
                PORTEX_DEBUG=1
                PORTEX_STACK=warm
                TESTCONTAINERS_RYUK_DISABLED=true
                """);
    }
}
