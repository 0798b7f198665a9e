package dev.portex.it.host;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs one test class on the JUnit Platform, as a consumer's build would, and prints each failed test as one line
 * {@code FAILED <display name>: <the failure's message>}; the exit code is the number of failures.
 */
public final class RunTestClass {
    private RunTestClass() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Class.forName(args[0])))
                .execute();
        results.testEvents().failed().stream().forEach(e -> System.out.println("FAILED " + e.getTestDescriptor().getDisplayName()
                + ": " + e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage).orElse("(no message)")));
        System.out.println("succeeded " + results.testEvents().succeeded().count());
        System.exit((int) results.testEvents().failed().count());
    }
}
