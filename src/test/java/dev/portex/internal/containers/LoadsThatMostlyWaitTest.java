package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.model.ClientKind;
import dev.portex.model.CloseMode;
import dev.portex.model.ConnectionReuse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which loads pass the {@link LoadGate} ungated because their time is mostly waiting: held for half a minute, their pass
 * kept a load that needs the machine alone waiting, and everything queued behind it, with the CPU idle.
 */
class LoadsThatMostlyWaitTest {

    @ParameterizedTest(name = "{0}, 90 documents at {2} per second (0: at full speed), idle gaps of {1} ms: mostly waits is {3}")
    @CsvSource({
            "pooled, 6500, 0, true",
            "pooled, 0, 0, false",
            "per-request, 0, 0, false",
            "per-request, 0, 9, true",
            "per-request, 0, 10, false",
            "per-request-retry, 0, 0, true",
            "python-retry, 0, 0, true",
            "pooled-retry, 0, 0, false",
            "python-retry-session, 0, 0, false",
    })
    void mostlyWaits(String client, int idleGapMs, double rate, boolean waits) {
        LoadGeneratorContainer.Load load = new LoadGeneratorContainer.Load(ClientKind.byName(client), 90, rate, 1,
                List.of("http://ingest-node-1:8080/docs"), "r1", 300, CloseMode.GRACEFUL, null, idleGapMs,
                ConnectionReuse.DEFAULT, 0, 0);
        assertThat(load.mostlyWaits())
                .as("%s, idle gap %d ms, %s docs/s: a retrying client that opens a connection per document stalls about 60 s "
                        + "where the range ran out, one that reuses its connection never does; idle gaps are waiting, and so is "
                        + "a rate that spreads 90 documents over 10 s or more", client, idleGapMs, rate)
                .isEqualTo(waits);
    }
}
