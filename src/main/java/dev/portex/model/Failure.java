package dev.portex.model;

/**
 * A failed document as the client saw it: the exception's class name and message, or "HTTP 503" and
 * the response body. Text for people; no decision is taken on it ({@link Verdict} works from numbers).
 */
public record Failure(String type, String message) {
    @Override
    public String toString() {
        return type + ": " + message;
    }
}
