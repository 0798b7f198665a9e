package dev.portex.internal.junit;

import dev.portex.internal.harness.PortexStack;
import dev.portex.internal.harness.HostSetup;
import dev.portex.internal.harness.ScenarioRunner;
import dev.portex.internal.harness.WarmStack;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where {@code @PortexTest} keeps its state, in a namespace of its own: one stack per test run, in JUnit's root store
 * and closed by JUnit when the run ends (an {@link AutoCloseable} store value), and one scenario runner per top-level
 * test class on it, whose runs label their containers with its id. Test classes may run in parallel on the one stack
 * (JUnit's {@code junit.jupiter.execution.parallel.*}): each run has its own load-generator namespace and reads only its
 * own counters.
 */
public final class StackStore {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackStore.class);

    private StackStore() {
    }

    /** The run's one stack, started on first use. */
    public static PortexStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedStack.class, k -> new SharedStack(), SharedStack.class).stack;
    }

    /**
     * The scenario runner of {@code context}'s top-level test class on the run's one stack, which starts at the first run
     * that needs it: a class whose runs all go to its own service ({@code against(...)}) starts no Elasticsearch. The
     * Docker engine is checked now, so that a host without one fails at the first test, in one line.
     */
    public static ScenarioRunner runnerFor(ExtensionContext context) {
        HostSetup.ensureReady();
        return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(ScenarioRunner.class,
                k -> ScenarioRunner.onDemand(() -> stack(context)), ScenarioRunner.class);
    }

    /** A value kept for {@code context}'s top-level test class, made once by {@code make}. */
    public static <T> T forClass(ExtensionContext context, Class<T> type, java.util.function.Supplier<T> make) {
        return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(type, k -> make.get(), type);
    }

    /** The context of the outermost test class around {@code context} (a {@code @Nested} class belongs to its outer one). */
    public static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().isPresent() && current.getParent().get().getTestClass().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** The stack of a test run; JUnit closes it at the very end of the run. */
    private static final class SharedStack implements AutoCloseable {
        /** A fresh stack per test run; the warm one ({@code ./portex up}) with {@code PORTEX_STACK=warm}. */
        private final PortexStack stack = PortexStack.open(WarmStack.Use.fromEnvironment(WarmStack.Use.FRESH));

        @Override
        public void close() {
            stack.close();
        }
    }
}
