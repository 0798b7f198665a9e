package dev.portex.model;

import java.util.List;
import java.util.Objects;

/**
 * A user's own {@code dev.portex.api.DocumentSender}: the class, and the classpath it runs on inside the
 * load-generator container (the test JVM's own, mounted read-only).
 *
 * @param className the sender's binary class name, e.g. {@code com.acme.PooledSender}
 * @param classpath host paths of the jars and class folders it needs, portex's own among them
 */
public record SenderProgram(String className, List<String> classpath) implements ClientProgram {
    public SenderProgram {
        Objects.requireNonNull(className, "className");
        if (className.isBlank()) {
            throw new IllegalArgumentException("a sender needs its class name, e.g. com.acme.PooledSender");
        }
        classpath = List.copyOf(classpath);
    }

    @Override
    public ClientKind kind() {
        return ClientKind.SENDER;
    }

    @Override
    public String label() {
        return className;
    }

    /** The class's simple name, for summaries. */
    public String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
