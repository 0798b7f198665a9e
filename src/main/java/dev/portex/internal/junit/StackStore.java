package dev.portex.internal.junit;

import dev.portex.internal.harness.PortexStack;
import dev.portex.internal.harness.HostSetup;
import dev.portex.internal.harness.ScenarioRunner;
import dev.portex.internal.harness.WarmStack;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where {@code @PortexTest} keeps its state, in a namespace of its own: one stack per test run, in JUnit's root store
 * and closed by JUnit when the run ends (an {@link AutoCloseable} store value; runs of one JVM at the same time share
 * it), and one scenario runner per top-level test class on it, whose runs label their containers with its id. Test
 * classes may run in parallel on the one stack (JUnit's {@code junit.jupiter.execution.parallel.*}): each run has its
 * own load-generator namespace and reads only its own counters.
 */
public final class StackStore {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackStore.class);

    private StackStore() {
    }

    /** The run's one stack, started on first use. */
    public static PortexStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(StackLease.class, k -> StackLease.take(), StackLease.class).stack;
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

    /**
     * A test run's hold on the JVM's one stack, which JUnit closes at the very end of the run: the stack is removed when
     * the last run holding it ends. A run launched inside another (JUnit's {@code EngineTestKit}, a launcher of a test's
     * own) shares the outer run's stack instead of starting a second Elasticsearch.
     */
    private static final class StackLease implements AutoCloseable {
        private static PortexStack shared;
        private static int held;
        private final PortexStack stack;

        private StackLease(PortexStack stack) {
            this.stack = stack;
        }

        /** A fresh stack for the first run; the warm one ({@code ./portex up}) with {@code PORTEX_STACK=warm}. */
        static synchronized StackLease take() {
            if (shared == null) {
                shared = PortexStack.open(WarmStack.Use.fromEnvironment(WarmStack.Use.FRESH));
            }
            held++;
            return new StackLease(shared);
        }

        @Override
        public void close() {
            PortexStack last = null;
            synchronized (StackLease.class) {
                if (--held == 0) {
                    last = shared;
                    shared = null;
                }
            }
            if (last != null) {
                last.close();
            }
        }
    }
}
