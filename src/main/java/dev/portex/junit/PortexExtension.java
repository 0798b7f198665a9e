package dev.portex.junit;

import dev.portex.api.PortexException;
import dev.portex.internal.junit.StackStore;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link PortexHarness} parameters: one harness per top-level test class, on the one stack of the test run.
 * Registered by {@link PortexTest}.
 */
class PortexExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PortexHarness.class;
    }

    /**
     * The harness of the test's class, starting the stack on first use; a problem the user can fix (no Docker engine, say)
     * fails the test with portex's one line, not JUnit's "failed to resolve parameter" around it.
     */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return StackStore.forClass(context, PortexHarness.class, () -> new PortexHarness(StackStore.runnerFor(context)));
        } catch (PortexException e) {
            throw new ParameterResolutionException("portex: " + e.getMessage(), e);
        }
    }
}
