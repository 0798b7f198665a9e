package dev.portex.model;

import java.util.Objects;

/**
 * A command line run once per document with {@code sh -c} inside the narrowed namespace: the document on stdin,
 * the target URL in {@code $PORTEX_TARGET_URL} (also {@code $PORTEX_DOC_SEQ}, {@code $PORTEX_RUN_ID}). Exit 0 is
 * "sent"; for anything else its stderr is the failure's text.
 */
public record CommandProgram(String command) implements ClientProgram {
    public CommandProgram {
        Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("--client-command is empty: give the command that sends one document, e.g. "
                    + "--client-command 'curl -fsS -H \"Content-Type: application/json\" --data-binary @- \"$PORTEX_TARGET_URL\"'");
        }
    }

    @Override
    public ClientKind kind() {
        return ClientKind.COMMAND;
    }

    @Override
    public String label() {
        return command;
    }
}
