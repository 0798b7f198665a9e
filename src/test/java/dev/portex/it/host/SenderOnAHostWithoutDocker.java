package dev.portex.it.host;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.it.senders.OneClientForAllDocuments;
import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import org.junit.jupiter.api.Test;

/**
 * A consumer's test class, run by {@link HostWithoutDockerIT} in a JVM of its own on a host without a Docker engine
 * (never by Failsafe itself: its name matches no test pattern).
 */
@PortexTest
class SenderOnAHostWithoutDocker {
    @Test
    void indexesEveryDocument(PortexHarness portex) {
        assertThat(portex.sender(OneClientForAllDocuments.class).documents(10).run()).indexedEveryDocument();
    }
}
