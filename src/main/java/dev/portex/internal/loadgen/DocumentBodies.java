package dev.portex.internal.loadgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;

/**
 * The JSON body of each document of a run, byte for byte what Jackson writes for the map
 * {@code {id?, runId, seq, client, message}}, built from pieces encoded once per run. Only the
 * document number changes from one document to the next; serialising a fresh map for each one was
 * a measurable part of the load generator's CPU per document, which on a small machine is CPU the
 * measured stack does not get. The strings are still encoded (and escaped) by Jackson, once.
 */
final class DocumentBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NONE = new byte[0];

    /** {@code {"id":"<runId>-} with ids, else nothing. */
    private final byte[] beforeIdSeq;
    /** {@code ","runId":"<runId>","seq":} with ids, {@code {"runId":"<runId>","seq":} without. */
    private final byte[] beforeSeq;
    /** {@code ,"client":"<client>","message":"document }. */
    private final byte[] beforeMessageSeq;
    /** {@code  of <docs>"}}. */
    private final byte[] end;

    DocumentBodies(String runId, String client, int docs, boolean withId) {
        byte[] runIdQuoted = quoted(runId);
        beforeIdSeq = withId ? concat(ascii("{\"id\":"), unclosed(quoted(runId + "-"))) : NONE;
        beforeSeq = concat(ascii(withId ? "\",\"runId\":" : "{\"runId\":"), runIdQuoted, ascii(",\"seq\":"));
        beforeMessageSeq = concat(ascii(",\"client\":"), quoted(client), ascii(",\"message\":"),
                unclosed(quoted("document ")));
        end = concat(unopened(quoted(" of " + docs)), ascii("}"));
    }

    /** The body of document {@code seq} (positive). */
    byte[] of(int seq) {
        int digits = digits(seq);
        int idPart = beforeIdSeq.length == 0 ? 0 : beforeIdSeq.length + digits;
        byte[] body = new byte[idPart + beforeSeq.length + digits + beforeMessageSeq.length + digits + end.length];
        int at = 0;
        if (idPart > 0) {
            at = put(body, at, beforeIdSeq);
            at = putNumber(body, at, seq, digits);
        }
        at = put(body, at, beforeSeq);
        at = putNumber(body, at, seq, digits);
        at = put(body, at, beforeMessageSeq);
        at = putNumber(body, at, seq, digits);
        put(body, at, end);
        return body;
    }

    private static int put(byte[] body, int at, byte[] piece) {
        System.arraycopy(piece, 0, body, at, piece.length);
        return at + piece.length;
    }

    private static int putNumber(byte[] body, int at, int n, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            body[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return at + digits;
    }

    private static int digits(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("document numbers start at 1, got " + n);
        }
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    /** The JSON string literal of {@code text}, quotes included, as Jackson writes it. */
    private static byte[] quoted(String text) {
        try {
            return JSON.writeValueAsBytes(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + text + " as JSON", e);
        }
    }

    /** A string literal without its closing quote, for text that goes on after it. */
    private static byte[] unclosed(byte[] quoted) {
        return Arrays.copyOf(quoted, quoted.length - 1);
    }

    /** The rest of a string literal whose start came before, closing quote included. */
    private static byte[] unopened(byte[] quoted) {
        return Arrays.copyOfRange(quoted, 1, quoted.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... pieces) {
        int length = 0;
        for (byte[] piece : pieces) {
            length += piece.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] piece : pieces) {
            at = put(all, at, piece);
        }
        return all;
    }
}
