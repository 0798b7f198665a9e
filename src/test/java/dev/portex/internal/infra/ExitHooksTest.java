package dev.portex.internal.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.ConflictException;
import java.io.UncheckedIOException;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Testcontainers' exit hook on an engine that prunes for another JVM")
class ExitHooksTest {
    /** What the engine answered a CI run's probe JVM while another JVM's exit hook pruned. */
    static final String ENGINE_409 = "Status 409: {\"message\":\"a prune operation is already running\"}\n";

    @Test
    @DisplayName("the engine's 409 for a second prune is a concurrent prune, also as the cause of another exception")
    void theEnginesConflictIsAConcurrentPrune() {
        assertThat(ExitHooks.isConcurrentPrune(new ConflictException(ENGINE_409)))
                .as("docker-java's ConflictException with the engine's message").isTrue();
        assertThat(ExitHooks.isConcurrentPrune(new RuntimeException("prune failed", new ConflictException(ENGINE_409))))
                .as("wrapped in another exception").isTrue();
    }

    @Test
    @DisplayName("any other failure is not, and keeps its stack trace: another conflict, the same words in another exception")
    void otherFailuresAreNot() {
        assertThat(ExitHooks.isConcurrentPrune(new ConflictException("Status 409: {\"message\":\"Conflict. The container "
                + "name \\\"/x\\\" is already in use\"}"))).as("a container name conflict").isFalse();
        assertThat(ExitHooks.isConcurrentPrune(new UncheckedIOException(new IOException("a prune operation is already running"))))
                .as("the words, but not the engine's 409").isFalse();
        assertThat(ExitHooks.isConcurrentPrune(new ConflictException((String) null))).as("a conflict without a message").isFalse();
    }
}
