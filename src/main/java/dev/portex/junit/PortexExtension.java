package dev.portex.junit;

import dev.portex.internal.junit.StackStore;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
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

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return StackStore.forClass(context, PortexHarness.class, () -> new PortexHarness(StackStore.runnerFor(context)));
    }
}
