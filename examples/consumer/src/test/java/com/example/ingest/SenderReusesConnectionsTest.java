package com.example.ingest;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import dev.portex.model.ScenarioResult;
import org.junit.jupiter.api.Test;

/**
 * Our sender, run by portex in a network namespace of 100 ephemeral ports against a real Node + Elasticsearch
 * stack: the old version runs out of ports at document 101, the fixed one indexes every document over one port.
 */
@PortexTest
class SenderReusesConnectionsTest {

    @Test
    void theOldPerRequestSenderRunsOutOfPortsAtThePortCount(PortexHarness portex) {
        ScenarioResult result = portex.sender(PerRequestSender.class).onPorts(41000, 41099).documents(150).run();

        assertThat(result)
                .exhaustedAtDocument(101)
                .firstFailedWith("java.net.BindException", "Cannot assign requested address")
                .nothingLost();
    }

    @Test
    void theFixedSenderIndexesEveryDocumentOverOneConnection(PortexHarness portex) {
        ScenarioResult result = portex.sender(PooledSender.class).onPorts(41000, 41099).documents(300).run();

        assertThat(result)
                .indexedEveryDocument()
                .opensAtMostConnections(1)
                .neverRanOutOfPorts()
                .nothingLost()
                // the incident's production load: 800 documents/s on the default range 32768-60999
                .survives(800, 32768, 60999);
    }
}
