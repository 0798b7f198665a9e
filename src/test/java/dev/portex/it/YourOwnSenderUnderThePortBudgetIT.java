package dev.portex.it;

import static dev.portex.assertj.PortexAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.api.PortexException;
import dev.portex.it.senders.ConstructorThrows;
import dev.portex.it.senders.OneClientForAllDocuments;
import dev.portex.it.senders.NewClientPerDocument;
import dev.portex.it.senders.NotASender;
import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import dev.portex.model.PortRange;
import dev.portex.model.Scenario;
import dev.portex.model.ScenarioResult;
import dev.portex.model.SenderProgram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The public JUnit 5 API from the inside: a sender class of the test classpath runs in a load-generator container
 * whose range is narrowed, so its exhaustion is real. (examples/consumer does the same from outside, as a project
 * that only depends on the installed artifact.)
 */
@PortexTest
@ExtendWith(PortexStackExtension.class) // the same runner as the harness's: its containers, told apart from other classes'
@DisplayName("Your own sender under the port budget")
class YourOwnSenderUnderThePortBudgetIT {

    @Nested
    @DisplayName("when it opens a new connection per document")
    class PerDocument {
        @Test
        @DisplayName("it runs out at exactly the port count: 100 ports, document 101 fails with errno 99")
        void exhaustsAtThePortCount(PortexHarness portex) {
            ScenarioResult r = portex.sender(NewClientPerDocument.class).onPorts(41000, 41099).documents(160).run();

            assertThat(r).exhaustedAtDocument(101)
                    .firstFailedWith("java.net.BindException", "Cannot assign requested address")
                    .nothingLost();
            assertThat(r.clientSide().acknowledged())
                    .as("documents acknowledged: one per port").isEqualTo(100);
            assertThat(r.sockets().clientSocketStates())
                    .as("the ports are held in TIME_WAIT by the client").isEqualTo(Map.of("TIME_WAIT", 100L));
        }
    }

    @Nested
    @DisplayName("when it reuses its connection")
    class Reusing {
        @Test
        @DisplayName("it indexes every document of 300 on 100 ports over one local port")
        void indexesEveryDocument(PortexHarness portex) {
            ScenarioResult r = portex.sender(OneClientForAllDocuments.class).onPorts(41000, 41099).documents(300).run();

            assertThat(r).indexedEveryDocument().usedAtMostLocalPorts(1).nothingLost();
        }
    }

    @Nested
    @DisplayName("when it disconnects an HttpURLConnection after reading the answer")
    class DisconnectAfterReading {
        @Test
        @DisplayName("it still reuses the connection: 150 documents on 100 ports over one local port (the read handed it back)")
        void stillReuses(PortexHarness portex) {
            ScenarioResult r = portex.sender(dev.portex.it.senders.DisconnectAfterReading.class).onPorts(41000, 41099)
                    .documents(150).run();

            assertThat(r).indexedEveryDocument().usedAtMostLocalPorts(1).nothingLost();
            assertThat(r.sockets().clientConnectionsOpened())
                    .as("connections opened for 150 documents").isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("when the sender cannot be used, one message names the fix and no container is left")
    class BadSender {
        @Test
        @DisplayName("a class that does not exist")
        void missingClass(PortexHarness portex, Incident incident) {
            assertRefused(portex, incident, "com.example.NoSuchSender", "sender class com.example.NoSuchSender not found on the test classpath");
        }

        @Test
        @DisplayName("a class that does not implement DocumentSender")
        void notASender(PortexHarness portex, Incident incident) {
            assertRefused(portex, incident, NotASender.class.getName(),
                    "does not implement dev.portex.api.DocumentSender: declare `implements DocumentSender`");
        }

        @Test
        @DisplayName("a constructor that throws, inside the container")
        void constructorThrows(PortexHarness portex, Incident incident) {
            assertRefused(portex, incident, ConstructorThrows.class.getName(),
                    "'s constructor threw java.lang.IllegalStateException: INGEST_TOKEN is not set");
        }

        private void assertRefused(PortexHarness portex, Incident incident, String className, String messagePart) {
            long before = loadGenerators(incident);
            Scenario scenario = Scenario.ofProgram(new SenderProgram(className,
                    portex.sender(OneClientForAllDocuments.class).scenario().sender().classpath()), new PortRange(41000, 41099), 10);

            assertThatThrownBy(() -> portex.run(scenario))
                    .as("running the sender %s", className)
                    .isInstanceOf(PortexException.class)
                    .hasMessageContaining(messagePart);
            assertThat(loadGenerators(incident))
                    .as("load-generator containers of this class after the refused run (as many as before)").isEqualTo(before);
        }

        /** The Java load generators of this class's runs (their runner's label): none of the classes beside it. */
        private long loadGenerators(Incident incident) {
            return incident.containersOfThisClass().stream()
                    .filter(c -> "loadgen-java".equals(c.getLabels().get("dev.portex.image"))).count();
        }
    }
}
