package dev.portex.api;

/** A problem the user can fix; its message says how. The CLI prints it as one line, without a stack trace. */
public class PortexException extends RuntimeException {
    private final int exitCode;

    public PortexException(String message) {
        this(message, 1);
    }

    public PortexException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
