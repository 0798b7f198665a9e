package dev.portex.junit;

import dev.portex.harness.PortexStack;
import dev.portex.harness.ScenarioRunner;
import dev.portex.harness.WarmStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link PortexHarness} parameters. One stack per test run, kept in JUnit's root store under this extension's own
 * namespace and closed by JUnit when the run ends (an {@link AutoCloseable} store value), so every test class shares it;
 * one harness per top-level test class on it, whose runs carry the class's own label on their containers. Test classes
 * may run in parallel on the one stack (JUnit's {@code junit.jupiter.execution.parallel.*}): each run has its own
 * load-generator namespace and reads only its own counters. Use {@link PortexTest} rather than this class directly.
 */
public class PortexExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PortexExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PortexHarness.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(PortexHarness.class, k -> new PortexHarness(runnerFor(context)), PortexHarness.class);
    }

    /** The run's one stack, started on first use. */
    public static SharedStack sharedStack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedStack.class, k -> new SharedStack(), SharedStack.class);
    }

    /**
     * The scenario runner of {@code context}'s top-level test class on the run's one stack: every container its runs start
     * carries its id ({@code dev.portex.runner}), so a class's containers are told apart from those of classes beside it.
     */
    public static ScenarioRunner runnerFor(ExtensionContext context) {
        SharedStack shared = sharedStack(context);
        return classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(ScenarioRunner.class, k -> new ScenarioRunner(shared.stack), ScenarioRunner.class);
    }

    /** The context of the outermost test class around {@code context} (a {@code @Nested} class belongs to its outer one). */
    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().isPresent() && current.getParent().get().getTestClass().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The stack of a test run; JUnit closes it at the very end of the run. */
    public static final class SharedStack implements AutoCloseable {
        /** A fresh stack per test run; the warm one ({@code ./portex up}) with {@code PORTEX_STACK=warm}. */
        private final PortexStack stack = PortexStack.open(WarmStack.Use.fromEnvironment(WarmStack.Use.FRESH));

        public PortexStack stack() {
            return stack;
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
