package dev.portex.it;

import dev.portex.junit.PortexExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives this project's ITs an {@link Incident} on the one stack of the test run: the same stack the public
 * {@code @PortexTest} extension starts once and JUnit removes when the run ends, passing or failing.
 */
public class PortexStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Incident.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Incident.class, k -> new Incident(PortexExtension.sharedStack(context).runner()),
                        Incident.class);
    }
}
