package dev.portex.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test on the incident's stack: its test methods may take an {@link Incident} parameter, backed
 * by the one stack that {@link PortexStackExtension} starts for the whole test run and removes at its end, or, with
 * {@code ownStack = true}, by a stack of the class's own (for a class that kills Elasticsearch or changes the index's
 * settings: other classes run beside it on the shared one).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PortexStackExtension.class)
public @interface PortexStackTest {
    /** A stack of this class's own, started at its first test and removed when it ends. */
    boolean ownStack() default false;
}
