package com.example.ingest;

import static dev.portex.assertj.PortexAssertions.assertThat;

import dev.portex.junit.PortexHarness;
import dev.portex.junit.PortexTest;
import dev.portex.model.ScenarioResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The same two senders against our own service instead of portex's ingest server: here the example order service of
 * examples/target-service, started the way our service's own tests start it (a Testcontainers container). portex joins
 * it to each run's network; the runs start no Elasticsearch, and their results hold only what the client side shows.
 */
@PortexTest
class SenderAgainstOurOwnServiceTest {
    static GenericContainer<?> orders;

    @BeforeAll
    static void startOurService() {
        Path service = Path.of(System.getProperty("order.service.dir", "../target-service"));
        orders = new GenericContainer<>(new ImageFromDockerfile("com.example/order-service", false)
                .withFileFromPath(".", service))
                .withExposedPorts(8080)
                .waitingFor(Wait.forListeningPort());
        orders.start();
    }

    @AfterAll
    static void stopOurService() {
        if (orders != null) {
            orders.stop();
        }
    }

    @Test
    void theOldPerRequestSenderRunsOutOfPortsAtThePortCount(PortexHarness portex) {
        ScenarioResult result = portex.sender(PerRequestSender.class).against(orders, 8080).path("/orders")
                .onPorts(41000, 41099).documents(150).run();

        assertThat(result)
                .exhaustedAtDocument(101)
                .firstFailedWith("java.net.BindException", "Cannot assign requested address");
        org.assertj.core.api.Assertions.assertThat(result.clientSide().acknowledged())
                .as("orders our service acknowledged: one per port").isEqualTo(100);
        org.assertj.core.api.Assertions.assertThat(result.serverSide())
                .as("Elasticsearch's and Node's figures, for a run that used neither").isNull();
    }

    @Test
    void theFixedSenderSendsEveryOrderOverOneConnection(PortexHarness portex) {
        ScenarioResult result = portex.sender(PooledSender.class).against(orders, 8080).path("/orders")
                .onPorts(41000, 41099).documents(300).run();

        assertThat(result)
                .acknowledgedEveryDocument()
                .opensAtMostConnections(1)
                .neverRanOutOfPorts();
        org.assertj.core.api.Assertions.assertThat(result.serverSide())
                .as("Elasticsearch's and Node's figures, for a run that used neither").isNull();
    }
}
