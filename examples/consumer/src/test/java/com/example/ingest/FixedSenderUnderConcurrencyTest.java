package com.example.ingest;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import dev.portex.model.ScenarioResult;
import org.junit.jupiter.api.Test;

/**
 * The fixed sender as the ingest job runs it: 4 threads share the one client. Runs at the same time as
 * {@link SenderReusesConnectionsTest} (src/test/resources/junit-platform.properties), on the same stack.
 */
@PortexTest
class FixedSenderUnderConcurrencyTest {

    @Test
    void fourThreadsShareFourConnections(PortexHarness portex) {
        ScenarioResult result = portex.sender(PooledSender.class).onPorts(42000, 42099).documents(400).concurrency(4).run();

        assertThat(result)
                .indexedEveryDocument()
                .usedAtMostLocalPorts(4)
                .opensAtMostConnections(4) // one per thread, kept for the whole run
                .nothingLost()
                .survives(800, 32768, 60999);
    }
}
