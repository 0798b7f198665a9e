package dev.portex.it;

import dev.portex.harness.PortexStack;
import dev.portex.harness.ScenarioRunner;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the incident's stack once for the whole test run and removes it when the run ends
 * (JUnit closes root-store resources last), passing or failing. Test classes ask for an
 * {@link Incident} parameter.
 */
public class PortexStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Incident.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedStack.class, k -> new SharedStack(), SharedStack.class)
                .incident;
    }

    /** Closed by JUnit at the very end of the run (JUnit closes AutoCloseable values of the root store). */
    static final class SharedStack implements AutoCloseable {
        final PortexStack stack = PortexStack.start();
        final Incident incident = new Incident(new ScenarioRunner(stack));

        @Override
        public void close() {
            stack.close();
        }
    }
}
