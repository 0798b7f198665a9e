package dev.portex.it;

import dev.portex.internal.infra.IdleWait;
import java.lang.reflect.Method;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The integration tests run side by side, and most of a waiting test's time takes no CPU (TIME_WAIT's 60 s, "does not
 * recover within 120 s"). JUnit runs them on more threads ({@code -Dit.threads}) than tests may work at once: a
 * test works only while it holds one of {@code -Dit.parallelism} permits ({@value #PERMITS}); during an
 * {@link IdleWait} it gives its permit back, so another test works while this one waits, and no more tests work at
 * once than the permits allow. Registered for Failsafe's run only (autodetection in its configuration parameters);
 * a launch inside a test (ParallelTestClassesIT's) is not throttled.
 */
public final class WorkPermits implements InvocationInterceptor {
    /** How many tests work at once: {@code -Dit.parallelism} (the Failsafe configuration's parameters). */
    static final String PERMITS = "portex.it.workPermits";
    private static volatile Semaphore permits;

    private static Semaphore permits(ExtensionContext context) {
        Semaphore existing = permits;
        if (existing != null) {
            return existing;
        }
        synchronized (WorkPermits.class) {
            if (permits == null) {
                int count = context.getConfigurationParameter(PERMITS).map(Integer::parseInt).orElse(
                        Runtime.getRuntime().availableProcessors());
                permits = new Semaphore(count, true);
            }
            return permits;
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        holdingAPermit(invocation, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
        holdingAPermit(invocation, extensionContext);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        holdingAPermit(invocation, extensionContext);
    }

    private static void holdingAPermit(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Semaphore semaphore = permits(context);
        semaphore.acquireUninterruptibly();
        IdleWait.Yield before = IdleWait.onThisThread(new IdleWait.Yield() {
            @Override
            public void release() {
                semaphore.release();
            }

            @Override
            public void reacquire() {
                semaphore.acquireUninterruptibly();
            }
        });
        try {
            invocation.proceed();
        } finally {
            IdleWait.onThisThread(before);
            semaphore.release();
        }
    }
}
