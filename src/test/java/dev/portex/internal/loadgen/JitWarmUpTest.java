package dev.portex.internal.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.model.ClientKind;
import dev.portex.model.CloseMode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** bench's JIT warm-up: the requests a Java load generator sends over loopback before its measured load. */
@DisplayName("The JIT warm-up")
class JitWarmUpTest {

    @Test
    @DisplayName("sends its requests with the run's client to a server in the JVM, which answers each with 201")
    void answersEveryRequest() throws Exception {
        byte[] body = "{\"runId\":\"jit\",\"seq\":1,\"client\":\"pooled\",\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        JitWarmUp done = JitWarmUp.run(() -> DocumentClient.of(ClientKind.POOLED, 4, CloseMode.GRACEFUL), 600, 4, body, 30);
        assertThat(done.requests()).as("requests sent: all 600 asked for, none beyond").isEqualTo(600);
        assertThat(done.answered()).as("requests the loopback server answered with 201, as the ingest server does").isEqualTo(600);
        assertThat(done.cpuNanosAtEnd()).as("the JVM's CPU time at the warm-up's end, from which bench counts the load's")
                .isPositive();
    }

    @Test
    @DisplayName("reports itself in one stderr line that the harness reads back, among the progress lines")
    void lineRoundTrip() {
        JitWarmUp done = new JitWarmUp(40000, 39998, 6123, 9_876_543_210L);
        String stderr = "portex-progress 0 0 0 0 -1 15000\n" + done.line() + "\nportex-progress 200 310 0 0 -1 15000\n";
        assertThat(JitWarmUp.find(stderr)).as("the warm-up read from the load generator's stderr").contains(done);
        assertThat(JitWarmUp.find("portex-progress 0 0 0 0 -1 15000\n")).as("a load generator that made no warm-up").isEmpty();
    }

    @Nested
    @DisplayName("is asked for with --jit-warm-up")
    class Option {
        @Test
        @DisplayName("which is read for the pooled client, and is none by default")
        void read() {
            assertThat(LoadOptions.parse("--client", "pooled", "--jit-warm-up", "40000", "--target", "http://x:1/docs").jitWarmUp())
                    .as("--jit-warm-up 40000").isEqualTo(40000);
            assertThat(LoadOptions.parse("--client", "pooled", "--target", "http://x:1/docs").jitWarmUp())
                    .as("without the option").isZero();
        }

        @Test
        @DisplayName("is refused for a client that opens a connection per request, whose warm-up would take a port each")
        void refusedPerRequest() {
            assertThatThrownBy(() -> LoadOptions.parse("--client", "per-request", "--jit-warm-up", "100",
                    "--target", "http://x:1/docs"))
                    .hasMessage("--jit-warm-up needs a built-in client that reuses connections (such as pooled): per-request"
                            + " would open a connection per warm-up request");
        }

        @Test
        @DisplayName("is refused above a million requests, naming the default")
        void refusedAboveTheLimit() {
            assertThatThrownBy(() -> LoadOptions.parse("--client", "pooled", "--jit-warm-up", "1000001",
                    "--target", "http://x:1/docs"))
                    .hasMessageStartingWith("--jit-warm-up must be at most 1000000 requests, got 1000001")
                    .hasMessageContaining("bench's default is 40000");
        }
    }
}
