package dev.portex.internal.loadgen;

import dev.portex.api.DocumentSender;
import java.lang.reflect.InvocationTargetException;

/** The user's sender class cannot be used; the message names the class, the problem and the fix. */
public final class SenderException extends RuntimeException {
    /** The load generator's exit code for an unusable sender: the harness turns the message into its error. */
    public static final int EXIT_CODE = 4;

    SenderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Loads, checks, creates and opens {@code className}. */
    static DocumentSender instantiate(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new SenderException("sender class " + className + " cannot be loaded in the load-generator container ("
                    + e + "): is it on the test classpath, compiled for this container's Java ("
                    + Runtime.version().feature() + ")?", e);
        }
        if (!DocumentSender.class.isAssignableFrom(type)) {
            throw new SenderException("sender class " + className + " does not implement " + DocumentSender.class.getName()
                    + ": declare `implements DocumentSender`", null);
        }
        DocumentSender sender;
        try {
            sender = (DocumentSender) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new SenderException("sender class " + className + " has no public no-argument constructor: add one", e);
        } catch (InvocationTargetException e) {
            throw new SenderException("sender class " + className + "'s constructor threw " + e.getCause()
                    + ": portex creates the sender with `new " + type.getSimpleName() + "()` inside the container", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new SenderException("sender class " + className + " cannot be created: " + e
                    + " (make the class and its no-argument constructor public, and the class not abstract)", e);
        }
        try {
            sender.open();
        } catch (Exception e) {
            throw new SenderException("sender " + className + ".open() threw " + e, e);
        }
        return sender;
    }
}
