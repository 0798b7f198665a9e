package dev.portex.it;

import dev.portex.internal.harness.PortexStack;
import dev.portex.internal.harness.ScenarioRunner;
import dev.portex.internal.junit.StackStore;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives this project's ITs an {@link Incident}: on the one stack of the test run (the same stack the public
 * {@code @PortexTest} extension starts once and JUnit removes when the run ends, passing or failing), through the
 * scenario runner of the test's top-level class, so that the containers of its runs carry that class's own label; or,
 * for a class marked {@code @PortexStackTest(ownStack = true)}, on a stack of its own, removed when the class ends.
 */
public class PortexStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PortexStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Incident.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext top = StackStore.classContext(context);
        return top.getStore(NAMESPACE).getOrComputeIfAbsent(Incident.class, k -> ownStack(top)
                ? new Incident(new ScenarioRunner(top.getStore(NAMESPACE)
                        .getOrComputeIfAbsent(OwnStack.class, c -> new OwnStack(PortexStack.start()), OwnStack.class).stack()))
                : new Incident(StackStore.runnerFor(context)), Incident.class);
    }

    private static boolean ownStack(ExtensionContext top) {
        Optional<PortexStackTest> marker = AnnotationSupport.findAnnotation(top.getRequiredTestClass(), PortexStackTest.class);
        return marker.isPresent() && marker.get().ownStack();
    }

    /** A class's own stack: JUnit closes it (removes its containers and network) when the class ends. */
    record OwnStack(PortexStack stack) implements AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }
}
