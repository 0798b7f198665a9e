package dev.portex.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container killed in the middle of a run ({@code --fault KIND@TIME}, e.g. {@code es-kill@2s}): what portex then
 * reports, how soon the run ends, and what acknowledged documents were lost.
 *
 * @param kind which container is killed
 * @param atMs when, in milliseconds of the load (the clock of the load generator's progress lines, which starts
 *        when its first document is due)
 */
public record Fault(Kind kind, int atMs) {
    /** The latest moment a fault may be set at: 10 minutes into the load. */
    public static final int MAX_AT_MS = 600_000;
    private static final Pattern SYNTAX = Pattern.compile("([a-z-]+)@(\\d{1,9})(ms|s)");

    /** The container a fault kills (SIGKILL: no clean shutdown, as the kernel's OOM killer does it). */
    public enum Kind implements CliNamed {
        /** Elasticsearch; restarted after the load so that what survived can be counted. */
        ES_KILL("es-kill", "Elasticsearch"),
        /** The Node ingest server; not restarted (its in-flight documents are the story). */
        NODE_KILL("node-kill", "the Node ingest server"),
        /** The load generator itself: what Node acknowledged before must all be indexed. */
        LOADGEN_KILL("loadgen-kill", "the load generator");

        private final String cliName;
        private final String victim;

        Kind(String cliName, String victim) {
            this.cliName = cliName;
            this.victim = victim;
        }

        @Override
        public String cliName() {
            return cliName;
        }

        /** What is killed, for a sentence: "Elasticsearch", "the Node ingest server". */
        public String victim() {
            return victim;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public Fault {
        Objects.requireNonNull(kind, "kind");
        if (atMs < 0 || atMs > MAX_AT_MS) {
            throw new IllegalArgumentException("--fault " + kind + "@" + atMs + "ms: the time must be from 0 to "
                    + MAX_AT_MS / 1000 + "s into the load, e.g. " + kind + "@2s");
        }
    }

    /**
     * Parses {@code KIND@TIME}, TIME in {@code s} or {@code ms}: {@code es-kill@2s}, {@code node-kill@1500ms}.
     *
     * @throws IllegalArgumentException with the syntax and the kinds, for a user to fix the option
     */
    @JsonCreator
    public static Fault parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--fault '" + text + "': write KIND@TIME with TIME in s or ms, e.g. es-kill@2s"
                    + " or node-kill@1500ms; KIND is one of " + String.join(", ", CliNamed.names(Kind.class)));
        }
        Kind kind = CliNamed.byName(Kind.class, m.group(1), "fault", "--fault");
        long amount = Long.parseLong(m.group(2));
        long ms = m.group(3).equals("s") ? amount * 1000 : amount;
        if (ms > MAX_AT_MS) {
            throw new IllegalArgumentException("--fault " + text + ": the time must be at most " + MAX_AT_MS / 1000
                    + "s into the load, e.g. " + kind + "@2s");
        }
        return new Fault(kind, (int) ms);
    }

    /** {@code es-kill@2000ms}: the form {@link #parse} reads, as the JSON writes it. */
    @Override
    @JsonValue
    public String toString() {
        return kind + "@" + atMs + "ms";
    }

    /** "Elasticsearch killed at 2.0 s". */
    public String describe() {
        return kind.victim() + " killed at " + String.format(java.util.Locale.ROOT, "%.1f s", atMs / 1000.0);
    }
}
