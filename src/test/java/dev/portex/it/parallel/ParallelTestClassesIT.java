package dev.portex.it.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * A consumer's {@code @PortexTest} classes run side by side on one stack, with JUnit's parallel execution on (as
 * {@code examples/consumer} configures it): two classes, launched here through the JUnit Platform as a consumer's build
 * would, each get exact counts although both send at the same time through the same Node server and Elasticsearch.
 */
class ParallelTestClassesIT {

    @Test
    @DisplayName("two @PortexTest classes run at the same time on one stack: exactly 100 of 160 through 100 ports in one, "
            + "300 of 300 over one port in the other")
    void twoClassesSideBySideOnOneStack() {
        StackRecorder.ELASTICSEARCH_BY_CLASS.clear();

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(PerRequestSenderClass.class), selectClass(PooledSenderClass.class))
                .execute();

        String failures = results.testEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName() + ": " + e.getPayload().map(Object::toString).orElse(""))
                .collect(Collectors.joining("\n"));
        assertThat(results.testEvents().succeeded().count())
                .as("tests that passed, with their exact counts (failures: %s)", failures.isEmpty() ? "none" : failures)
                .isEqualTo(2);
        assertThat(StackRecorder.ELASTICSEARCH_BY_CLASS)
                .as("Elasticsearch container each class's test ran against: one stack for both")
                .containsOnlyKeys("PerRequestSenderClass", "PooledSenderClass");
        assertThat(StackRecorder.ELASTICSEARCH_BY_CLASS.values().stream().distinct().count())
                .as("distinct Elasticsearch containers the two classes used (%s)", StackRecorder.ELASTICSEARCH_BY_CLASS)
                .isEqualTo(1);

        Map<String, Instant> started = times(results.testEvents().list(), EventType.STARTED);
        Map<String, Instant> finished = times(results.testEvents().list(), EventType.FINISHED);
        assertThat(started).as("tests started").hasSize(2);
        assertThat(started.values()).as("each test started before the other finished: they ran side by side (started %s, "
                        + "finished %s)", started, finished)
                .allSatisfy(start -> assertThat(start).isBefore(finished.values().stream().min(Instant::compareTo).orElseThrow()));
    }

    private static Map<String, Instant> times(List<Event> events, EventType type) {
        return events.stream().filter(e -> e.getType() == type)
                .collect(Collectors.toMap(e -> e.getTestDescriptor().getUniqueId().toString(), Event::getTimestamp));
    }
}
