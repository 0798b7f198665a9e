package dev.portex.internal.cli;

/** Bad command line: the message names the problem and the fix; the CLI exits with 2 before starting anything. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
