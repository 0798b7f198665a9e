package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.internal.sockets.ProcNetFixtures;
import dev.portex.internal.sockets.TcpSocketTable;
import dev.portex.model.PortRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When the harness waits for an exhausted namespace to recover, it sends a probe only in a second in which the socket
 * table leaves a port free for the probe's destination: a probe is a new process in the load generator, a table is a
 * file read on the host.
 */
class RecoveryProbeTest {
    /** 100 TIME_WAIT sockets 172.18.0.4:40000-40099 -> 172.18.0.3:8080 and Docker's DNS listener. */
    static final TcpSocketTable HUNDRED_IN_TIME_WAIT =
            TcpSocketTable.parse(ProcNetFixtures.text(ProcNetFixtures.PER_REQUEST_CLIENT));

    @ParameterizedTest(name = "ports {0}-{1}, a probe to port {2}: every port held is {3} ({4})")
    @CsvSource(delimiter = '|', textBlock = """
            40000 | 40099 | 8080 | true  | each of the 100 ports has a TIME_WAIT socket to 8080: no probe
            40000 | 40100 | 8080 | false | one more port in the range: 40100 is free, a probe
            40000 | 40099 | 8443 | false | the kernel takes a port whose sockets all go to another destination
            40050 | 40149 | 8080 | false | sockets on ports outside the range do not count: 50 free
            """)
    void probesOnlyWhenAPortIsFree(int low, int high, int destinationPort, boolean held, String why) {
        assertThat(ScenarioRunner.everyPortHeld(HUNDRED_IN_TIME_WAIT, new PortRange(low, high), destinationPort))
                .as(why).isEqualTo(held);
    }

    @Test
    @DisplayName("an empty socket table holds no port: a probe")
    void emptyTable() {
        assertThat(ScenarioRunner.everyPortHeld(TcpSocketTable.empty(), new PortRange(40000, 40099), 8080))
                .as("no socket at all").isFalse();
    }
}
