package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The file a container's log is kept in (PORTEX_CONTAINER_LOGS)")
class ContainerLogFileNameTest {
    static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    @DisplayName("is named after the alias portex gave the container, not Testcontainers' random tc- alias, and the first 12 characters of its id")
    void namedAfterPortexAlias() {
        assertThat(PortexContainer.logFileName(List.of("tc-Ab3dE6gH", "ingest-node-2"), "/jolly_turing", ID))
                .as("file name for a Node server with aliases tc-Ab3dE6gH and ingest-node-2")
                .isEqualTo("ingest-node-2-0123456789ab.log");
        assertThat(PortexContainer.logFileName(List.of("loadgen-b", "tc-x", "loadgen-a"), null, ID))
                .as("several portex aliases (a set, in no order): the first in sort order, the same on every run")
                .isEqualTo("loadgen-a-0123456789ab.log");
    }

    @Test
    @DisplayName("falls back to the Docker name without its slash, then to 'container', and keeps only file-name-safe characters")
    void fallsBackToDockerName() {
        assertThat(PortexContainer.logFileName(List.of("tc-Ab3dE6gH"), "/jolly_turing", ID))
                .as("only Testcontainers' own alias: the Docker name, whose leading / is dropped")
                .isEqualTo("jolly_turing-0123456789ab.log");
        assertThat(PortexContainer.logFileName(List.of(), null, ID))
                .as("no alias and no name")
                .isEqualTo("container-0123456789ab.log");
        assertThat(PortexContainer.logFileName(List.of("../a b/c"), null, "abc"))
                .as("an alias with a path separator and a space, and an id shorter than 12 characters")
                .isEqualTo("..abc-abc.log");
    }
}
