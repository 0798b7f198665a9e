package dev.portex.model;

/**
 * A {@link Scenario} setting that cannot be run, told in the terms of whoever set it: the Java call that set it
 * ({@link #getMessage()}, e.g. {@code withDocs(0): ...; e.g. withDocs(300)}), or the command line's option
 * ({@link #cliMessage()}, e.g. {@code --docs must be a whole number >= 1, got 0}). The message names the value and
 * suggests one that is accepted.
 */
public final class InvalidScenarioException extends IllegalArgumentException {
    private final String method;
    private final String value;
    private final String rule;
    private final String example;
    private final String cliMessage;

    InvalidScenarioException(String method, String value, String rule, String example, String cliMessage) {
        super(javaMessage(method, value, rule, example));
        this.method = method;
        this.value = value;
        this.rule = rule;
        this.example = example;
        this.cliMessage = cliMessage;
    }

    private static String javaMessage(String method, String value, String rule, String example) {
        return method + "(" + value + "): " + rule + (example == null ? "" : "; e.g. " + method + "(" + example + ")");
    }

    /** The same problem as {@code ./portex} says it, in terms of its options. */
    public String cliMessage() {
        return cliMessage;
    }

    /** The method that set the refused value, as the message names it ({@code withDocs}, say). */
    public String method() {
        return method;
    }

    /**
     * The same problem, named as the caller's own method: {@code documents(0)} for a set-up whose {@code documents}
     * method calls {@code withDocs}. {@code value} and {@code example} are written as that method takes them (null: the
     * same as before).
     */
    public InvalidScenarioException calledAs(String callerMethod, String callerValue, String callerExample) {
        InvalidScenarioException renamed = new InvalidScenarioException(callerMethod,
                callerValue == null ? value : callerValue, rule,
                example == null ? null : callerExample == null ? example : callerExample, cliMessage);
        renamed.initCause(this);
        return renamed;
    }
}
