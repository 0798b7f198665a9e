package dev.portex.junit;

import dev.portex.harness.PortexStack;
import dev.portex.harness.ScenarioRunner;
import dev.portex.harness.WarmStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link PortexHarness} parameters from one stack per test run, kept in JUnit's root store and closed by
 * JUnit when the run ends (an {@link AutoCloseable} store value), so every test class shares it. Use
 * {@link PortexTest} rather than this class directly.
 */
public class PortexExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PortexHarness.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sharedStack(context).harness;
    }

    /** The run's one stack, started on first use. */
    public static SharedStack sharedStack(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedStack.class, k -> new SharedStack(), SharedStack.class);
    }

    /** The stack of a test run and its harness; JUnit closes it at the very end of the run. */
    public static final class SharedStack implements AutoCloseable {
        /** A fresh stack per test run; the warm one ({@code ./portex up}) with {@code PORTEX_STACK=warm}. */
        private final PortexStack stack = PortexStack.open(WarmStack.Use.fromEnvironment(WarmStack.Use.FRESH));
        private final ScenarioRunner runner = new ScenarioRunner(stack);
        private final PortexHarness harness = new PortexHarness(runner);

        public ScenarioRunner runner() {
            return runner;
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
