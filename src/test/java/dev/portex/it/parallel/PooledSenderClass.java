package dev.portex.it.parallel;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.it.senders.OneClientForAllDocuments;
import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The second consumer test class beside {@link PerRequestSenderClass} (see there). */
@PortexTest
@ExtendWith(StackRecorder.class)
class PooledSenderClass {
    @Test
    void indexesEveryDocumentOverOnePort(PortexHarness portex) {
        assertThat(portex.sender(OneClientForAllDocuments.class).onPorts(41000, 41099).documents(300).run())
                .indexedEveryDocument()
                .usedAtMostLocalPorts(1)
                .nothingLost();
    }
}
