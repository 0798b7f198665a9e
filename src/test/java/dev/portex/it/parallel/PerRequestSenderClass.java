package dev.portex.it.parallel;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.it.senders.NewClientPerDocument;
import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A consumer's test class, as {@code examples/consumer} writes one: run by {@code ParallelTestClassesIT} through the
 * JUnit Platform beside {@link PooledSenderClass}, never by Failsafe itself (its name matches no test pattern).
 */
@PortexTest
@ExtendWith(StackRecorder.class)
class PerRequestSenderClass {
    @Test
    void runsOutAtThePortCount(PortexHarness portex) {
        assertThat(portex.sender(NewClientPerDocument.class).onPorts(41000, 41099).documents(160).run())
                .exhaustedAtDocument(101)
                .firstFailedWith("java.net.BindException", "Cannot assign requested address")
                .nothingLost();
    }
}
