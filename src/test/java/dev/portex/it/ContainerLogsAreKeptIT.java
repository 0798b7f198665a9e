package dev.portex.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portex.internal.containers.IngestNodeContainer;
import dev.portex.internal.containers.PortexContainer;
import dev.portex.internal.harness.HostSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CI keeps the logs of every container of a failed run: with {@code PORTEX_CONTAINER_LOGS} naming a
 * folder (the Failsafe configuration sets {@code target/container-logs}; the regression workflow
 * uploads it when a job fails), each portex container writes its whole log there just before it is
 * stopped and removed.
 */
class ContainerLogsAreKeptIT {

    @Test
    @DisplayName("a stopped container leaves its whole log, with the line it printed at start, "
            + "in PORTEX_CONTAINER_LOGS as <alias>-<id12>.log")
    void stoppedContainerLeavesItsLog() throws IOException {
        String folder = System.getenv(PortexContainer.CONTAINER_LOGS_ENV);
        assertThat(folder)
                .as("the environment variable %s: the Failsafe configuration in pom.xml sets it, so run this test "
                        + "through mvn verify", PortexContainer.CONTAINER_LOGS_ENV)
                .isNotBlank();
        HostSetup.ensureReady();

        Path log;
        // One Node server on its own: it prints its start line without needing Elasticsearch.
        try (IngestNodeContainer node = new IngestNodeContainer()) {
            node.start();
            log = Path.of(folder, node.getNetworkAlias() + "-" + node.getContainerId().substring(0, 12) + ".log");
            assertThat(log).as("the log file while the container still runs: written only when it stops").doesNotExist();
        }

        assertThat(log).as("the log file the stopped Node container left in %s", folder).isRegularFile();
        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .as("the log kept in %s: Node's start line, as `docker logs` showed it", log)
                .containsPattern("(?m)^ingest-node listening on 8080 \\(node v\\d+\\.\\d+\\.\\d+, es client: pooled, "
                        + "@elastic/elasticsearch \\d+\\.\\d+\\.\\d+, es: http://elasticsearch:9200, "
                        + "keep-alive timeout \\d+ ms \\+ \\d+ ms buffer\\)$");
    }
}
