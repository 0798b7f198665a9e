package dev.portex.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that checks senders under the port budget: its test methods may take a {@link PortexHarness}
 * parameter. The stack (Elasticsearch, the Node ingest server, a Docker network) starts once for the whole test
 * run, at the first test that asks for it, and is removed when the run ends, passing or failing.
 *
 * <pre>{@code
 * @PortexTest
 * class OurSenderReusesConnectionsTest {
 *     @Test
 *     void pooledSenderIndexesEveryDocument(PortexHarness portex) {
 *         ScenarioResult result = portex.sender(PooledSender.class).onPorts(41000, 41099).documents(300).run();
 *         PortexAssertions.assertThat(result).indexedEveryDocument().usedAtMostLocalPorts(1).nothingLost();
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PortexExtension.class)
public @interface PortexTest {
}
