package dev.portex.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Malformed and random HTTP requests for the ingest server (containers/ingest-node/server.js), made from a seed: the same
 * seed always gives the same requests, byte for byte, so a request that broke the server can be sent again. Each request
 * says what it is ({@link Kind}), the bytes that go on the wire, whether the client ends its side of the connection after
 * them (a request cut short), and what a correct server may answer: a document only when the bytes carry one JSON object
 * to {@code POST /docs} as {@code application/json}.
 */
final class IngestRequestFuzzer {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Node's BODY_LIMIT default (100kb), in bytes. */
    static final int BODY_LIMIT = 100 * 1024;

    /** What a request tries. */
    enum Kind {
        /** A well-formed document: 201 (or 503 when Elasticsearch refuses it, e.g. a field whose type clashes). */
        DOCUMENT,
        /** The same, gzip- or deflate-encoded (Content-Encoding), which the body parser inflates. */
        DOCUMENT_ENCODED,
        /** The same, in chunked transfer encoding, in random chunk sizes. */
        DOCUMENT_CHUNKED,
        /** A document with bytes flipped, removed or inserted. */
        MUTATED_DOCUMENT,
        /** Random bytes as an application/json body. */
        RANDOM_BODY,
        /** JSON that is not one object: an array, a string, a number, null, deep nesting. */
        NOT_AN_OBJECT,
        /** A document with another Content-Type, or none. */
        WRONG_CONTENT_TYPE,
        /** A document with a charset the body parser does not read. */
        BAD_CHARSET,
        /** An unknown Content-Encoding, or gzip named and not sent. */
        BAD_CONTENT_ENCODING,
        /** A body over BODY_LIMIT, declared and sent, or chunked. */
        OVERSIZED,
        /** Content-Length shorter than the body: the rest reads as the next request. */
        CONTENT_LENGTH_SHORT,
        /** Content-Length longer than the body, then the client's end. */
        CONTENT_LENGTH_LONG,
        /** Content-Length not a number, negative, twice with two values, or beside chunked. */
        CONTENT_LENGTH_BAD,
        /** Chunked encoding gone wrong: a size that is not hex, a size that lies, no CRLF, no last chunk. */
        CHUNKED_BAD,
        /** The request cut within its headers, then the client's end. */
        TRUNCATED_HEADERS,
        /** A header block over Node's limit (16 KB). */
        HEADER_OVERFLOW,
        /** Methods, paths and query strings of every kind, on the routes and beside them. */
        METHOD_AND_PATH,
        /** Random bytes instead of HTTP. */
        RAW_BYTES
    }

    /**
     * One request. {@code entity}: the body as Node's parser would see it once decoded (chunks joined, Content-Encoding
     * undone), when the wire carries a complete, well-formed one; null otherwise. {@code endsEarly}: the client ends its
     * side right after the bytes (a request cut short; Node may then have no one to answer).
     */
    record Request(int number, Kind kind, String summary, byte[] wire, boolean endsEarly, String method, String path,
                   String contentType, byte[] entity) {

        /** True when this is a document Node should index: a JSON object posted to /docs as application/json. */
        boolean carriesADocument() {
            return "POST".equals(method) && "/docs".equals(route(path)) && contentType != null
                    && contentType.split(";")[0].trim().equalsIgnoreCase("application/json") && isJsonObject(entity)
                    && entity.length <= BODY_LIMIT;
        }

        /** A read Node answers 200 to: GET or HEAD of /stats or /health. */
        boolean isARead() {
            String route = route(path);
            return ("GET".equals(method) || "HEAD".equals(method)) && ("/stats".equals(route) || "/health".equals(route));
        }

        boolean mustBeIndexed() {
            return kind == Kind.DOCUMENT || kind == Kind.DOCUMENT_ENCODED || kind == Kind.DOCUMENT_CHUNKED;
        }

        /** The request for a failure message: its number, kind, summary and the start of its bytes, escaped. */
        String describe() {
            return "request #" + number + " (" + kind + ": " + summary + "; " + wire.length + " bytes on the wire"
                    + (endsEarly ? ", then the client's end" : "") + ": " + shown(wire) + ")";
        }

        /** The head as it is (up to 600 bytes), then the body's first 300 bytes. */
        private static String shown(byte[] wire) {
            int end = indexOf(wire, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                return escaped(wire, 600);
            }
            byte[] body = java.util.Arrays.copyOfRange(wire, end + 4, wire.length);
            return escaped(java.util.Arrays.copyOf(wire, end + 4), 600) + " body: " + (body.length == 0 ? "(none)" : escaped(body, 300));
        }

        private static int indexOf(byte[] bytes, byte[] part) {
            outer:
            for (int i = 0; i + part.length <= bytes.length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (bytes[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /**
     * The route Express matches {@code path} to: an absolute-form URL's path, without the query, in lower case (routes
     * are case-insensitive), without one trailing slash (not strict); null for none.
     */
    static String route(String path) {
        if (path == null) {
            return null;
        }
        String p = path;
        int scheme = p.indexOf("://");
        if (scheme > 0 && p.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            int slash = p.indexOf('/', scheme + 3);
            p = slash < 0 ? "/" : p.substring(slash);
        }
        int query = p.indexOf('?');
        p = (query >= 0 ? p.substring(0, query) : p).toLowerCase(Locale.ROOT);
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private final SplittableRandom random;
    private final String runId;
    private int number;

    IngestRequestFuzzer(long seed, String runId) {
        this.random = new SplittableRandom(seed);
        this.runId = runId;
    }

    /** The next {@code count} requests. */
    List<Request> next(int count) {
        List<Request> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(next());
        }
        return requests;
    }

    Request next() {
        number++;
        Kind[] kinds = Kind.values();
        // documents a quarter of the time, so that there is something to index, acknowledge and count
        Kind kind = random.nextInt(4) == 0 ? kinds[random.nextInt(3)] : kinds[random.nextInt(kinds.length)];
        return switch (kind) {
            case DOCUMENT -> post(kind, "a document", "application/json", document());
            case DOCUMENT_ENCODED -> {
                byte[] doc = document();
                boolean gzip = random.nextBoolean();
                yield encoded(kind, "a " + (gzip ? "gzip" : "deflate") + "-encoded document", doc,
                        gzip ? gzip(doc) : deflate(doc), gzip ? "gzip" : "deflate");
            }
            case DOCUMENT_CHUNKED -> {
                byte[] doc = document();
                yield request(kind, "a document in chunks", "POST", "/docs", "application/json",
                        List.of("Transfer-Encoding: chunked"), chunked(doc, true), false, doc);
            }
            case MUTATED_DOCUMENT -> {
                byte[] mutated = mutate(document());
                yield post(kind, "a document with bytes changed", "application/json", mutated);
            }
            case RANDOM_BODY -> post(kind, "random bytes", "application/json", bytes(random.nextInt(0, 600)));
            case NOT_AN_OBJECT -> {
                String[] values = {"[" + new String(document(), StandardCharsets.UTF_8) + "]", "\"a string\"", "42", "-0.5e3",
                        "null", "true", "[]", "[".repeat(random.nextInt(1, 20_000)), "{".repeat(random.nextInt(1, 20_000)),
                        "[".repeat(5_000) + "]".repeat(5_000), "\"" + "\\u".repeat(random.nextInt(1, 50)) + "\""};
                yield post(kind, "JSON that is not one object", "application/json",
                        values[random.nextInt(values.length)].getBytes(StandardCharsets.UTF_8));
            }
            case WRONG_CONTENT_TYPE -> {
                String[] types = {null, "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                        "multipart/form-data; boundary=x", "", ";", "application/", "*/*", "application/json/x"};
                yield post(kind, "a document with the wrong Content-Type", types[random.nextInt(types.length)], document());
            }
            case BAD_CHARSET -> {
                String[] charsets = {"latin1", "ebcdic", "utf-7", "x-unknown", "\"", "utf-8;q=1", ""};
                yield post(kind, "a document with an unreadable charset",
                        "application/json; charset=" + charsets[random.nextInt(charsets.length)], document());
            }
            case BAD_CONTENT_ENCODING -> {
                String[] codings = {"compress", "x-portex", "gzip", "deflate", "br", "gzip, gzip", "identity, x-y", "GZIP"};
                String coding = codings[random.nextInt(codings.length)];
                byte[] doc = document();
                // the named coding is never the one applied: plain bytes, or another coding's
                byte[] body = random.nextBoolean() ? doc : (coding.startsWith("gzip") || coding.equals("GZIP") ? deflate(doc) : gzip(doc));
                yield encoded(kind, "a document whose Content-Encoding " + coding + " is wrong or unknown", null, body, coding);
            }
            case OVERSIZED -> {
                byte[] big = bigDocument(BODY_LIMIT + random.nextInt(1, 60_000));
                boolean chunked = random.nextBoolean();
                yield chunked ? request(kind, "a document over BODY_LIMIT in chunks", "POST", "/docs", "application/json",
                        List.of("Transfer-Encoding: chunked"), chunked(big, true), false, big)
                        : post(kind, "a document over BODY_LIMIT", "application/json", big);
            }
            case CONTENT_LENGTH_SHORT -> {
                byte[] doc = document();
                int declared = random.nextInt(0, doc.length);
                yield raw(kind, "Content-Length " + declared + " for a body of " + doc.length, "POST", "/docs",
                        concat(head("POST", "/docs", List.of("Content-Type: application/json", "Content-Length: " + declared,
                                "Connection: close")), doc), false);
            }
            case CONTENT_LENGTH_LONG -> {
                byte[] doc = document();
                int declared = doc.length + random.nextInt(1, 5_000);
                yield raw(kind, "Content-Length " + declared + " for a body of " + doc.length, "POST", "/docs",
                        concat(head("POST", "/docs", List.of("Content-Type: application/json", "Content-Length: " + declared,
                                "Connection: close")), doc), true);
            }
            case CONTENT_LENGTH_BAD -> {
                byte[] doc = document();
                String[][] headers = {{"Content-Length: abc"}, {"Content-Length: -1"}, {"Content-Length: 1e3"},
                        {"Content-Length: " + doc.length, "Content-Length: " + (doc.length + 1)},
                        {"Content-Length: " + doc.length, "Transfer-Encoding: chunked"},
                        {"Content-Length: 99999999999999999999"}, {"Content-Length: " + doc.length + ", " + doc.length + "0"},
                        {"Content-Length: +" + doc.length}, {"Content-Length:  " + doc.length + " x"}};
                String[] chosen = headers[random.nextInt(headers.length)];
                List<String> all = new ArrayList<>(List.of("Content-Type: application/json", "Connection: close"));
                all.addAll(List.of(chosen));
                yield raw(kind, String.join(" / ", chosen), "POST", "/docs", concat(head("POST", "/docs", all), doc), false);
            }
            case CHUNKED_BAD -> {
                byte[] doc = document();
                int flaw = random.nextInt(5);
                byte[] body = switch (flaw) {
                    case 0 -> concat("zz\r\n".getBytes(StandardCharsets.US_ASCII), doc, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    case 1 -> concat((Integer.toHexString(doc.length + random.nextInt(1, 100)) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                            doc, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    case 2 -> concat((Integer.toHexString(doc.length) + "\n").getBytes(StandardCharsets.US_ASCII), doc,
                            "0\n\n".getBytes(StandardCharsets.US_ASCII));
                    case 3 -> chunked(doc, false); // no last chunk: then the client's end
                    default -> concat("ffffffffffffffffff\r\n".getBytes(StandardCharsets.US_ASCII), doc);
                };
                String[] flaws = {"chunk size 'zz'", "a chunk size larger than the chunk", "LF without CR", "no last chunk",
                        "a chunk size of 2^72"};
                yield raw(kind, flaws[flaw], "POST", "/docs", concat(head("POST", "/docs", List.of("Content-Type: application/json",
                        "Transfer-Encoding: chunked", "Connection: close")), body), true);
            }
            case TRUNCATED_HEADERS -> {
                byte[] whole = concat(head("POST", "/docs", List.of("Content-Type: application/json",
                        "Content-Length: 20", "Connection: close")), "{\"runId\":\"truncated\"}".getBytes(StandardCharsets.UTF_8));
                int cut = random.nextInt(1, whole.length - 24);
                yield raw(kind, "cut after " + cut + " bytes", "POST", "/docs", java.util.Arrays.copyOf(whole, cut), true);
            }
            case HEADER_OVERFLOW -> {
                List<String> headers = new ArrayList<>(List.of("Content-Type: application/json", "Connection: close"));
                if (random.nextBoolean()) {
                    headers.add("X-Big: " + "a".repeat(random.nextInt(17_000, 70_000)));
                } else {
                    // Node counts a header's name and value (not ": " and CRLF) against 16 KB: 700 of these are 17.5 KB
                    for (int i = 0, n = random.nextInt(700, 3_000); i < n; i++) {
                        headers.add("X-H" + i + ": " + "v".repeat(20));
                    }
                }
                byte[] doc = document();
                headers.add("Content-Length: " + doc.length);
                yield raw(kind, "a header block over 16 KB", "POST", "/docs", concat(head("POST", "/docs", headers), doc), false);
            }
            case METHOD_AND_PATH -> methodAndPath(kind);
            case RAW_BYTES -> {
                byte[] garbage = bytes(random.nextInt(1, 400));
                if (random.nextBoolean()) {
                    garbage = concat("POST /docs HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), garbage);
                }
                yield raw(kind, "random bytes instead of HTTP", null, null, garbage, true);
            }
        };
    }

    private Request methodAndPath(Kind kind) {
        String[] methods = {"GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "POST", "FOO", "get", "CONNECT",
                "PROPFIND"};
        String[] paths = {"/docs", "/stats", "/health", "/", "/docs/", "/DOCS", "/stats?client=", "/stats?client=1.2.3.4",
                "/stats?client[]=a&client[]=b", "/stats?client[x]=y", "/stats?client=%ZZ", "/docs?x=%", "/%", "/%2e%2e/stats",
                "/docs%00", "//docs", "/docs/../stats", "*", "http://example/docs", "/" + "a".repeat(random.nextInt(1, 9_000)),
                "/stats?" + "a=1&".repeat(random.nextInt(1, 2_000)), "/health?client=__proto__", "/stats?client=__proto__",
                "/stats?client=constructor", "/stats?client=hasOwnProperty", "/stats?__proto__[x]=1"};
        String method = methods[random.nextInt(methods.length)];
        String path = paths[random.nextInt(paths.length)];
        List<String> extra = new ArrayList<>();
        if (random.nextInt(5) == 0) {
            extra.add("Upgrade: websocket"); // and Connection: Upgrade, close
            extra.add("Sec-WebSocket-Version: 13");
            extra.add("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        }
        boolean withBody = random.nextBoolean();
        byte[] body = withBody ? document() : new byte[0];
        Request r = request(kind, method + " " + abbreviated(path) + (extra.isEmpty() ? "" : " with Upgrade: websocket"),
                method, path, withBody ? "application/json" : null, extra, body, withBody, withBody ? body : null);
        if (extra.isEmpty()) {
            return r;
        }
        String wire = new String(r.wire(), StandardCharsets.ISO_8859_1).replace("Connection: close", "Connection: Upgrade, close");
        return new Request(r.number(), kind, r.summary(), wire.getBytes(StandardCharsets.ISO_8859_1), false, method, path,
                r.contentType(), r.entity());
    }

    /** A complete POST /docs with {@code body} as it is. */
    private Request post(Kind kind, String summary, String contentType, byte[] body) {
        return request(kind, summary, "POST", "/docs", contentType, List.of(), body, true, body);
    }

    /**
     * A complete POST /docs with Content-Encoding {@code coding} and {@code body} on the wire; {@code entity} is what it
     * decodes to, null when the coding is wrong or unknown.
     */
    private Request encoded(Kind kind, String summary, byte[] entity, byte[] body, String coding) {
        return request(kind, summary, "POST", "/docs", "application/json", List.of("Content-Encoding: " + coding), body, true,
                entity);
    }

    /**
     * A complete request: the headers (Content-Type when given, Content-Length when {@code withLength}, some harmless
     * headers in random order and case), Connection: close, and the body.
     */
    private Request request(Kind kind, String summary, String method, String path, String contentType, List<String> extra,
                            byte[] body, boolean withLength, byte[] entity) {
        List<String> headers = new ArrayList<>(extra);
        if (contentType != null) {
            headers.add(randomCase("Content-Type") + ": " + contentType);
        }
        if (withLength) {
            headers.add(randomCase("Content-Length") + ": " + body.length);
        }
        String[] harmless = {"User-Agent: portex-fuzz", "Accept: */*", "Accept: application/json", "X-Portex-Fuzz: 1",
                "Accept-Encoding: gzip", "Cookie: a=b", "Expect: 100-continue", "Cache-Control: no-cache",
                "Authorization: Basic Zm9vOmJhcg==", "X-Forwarded-For: 10.0.0.1, 10.0.0.2", "Forwarded: for=\"[::1]\""};
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            headers.add(harmless[random.nextInt(harmless.length)]);
        }
        headers.add("Connection: close");
        shuffle(headers);
        return new Request(number, kind, summary, concat(head(method, path, headers), body), false, method, path,
                contentType, entity);
    }

    private Request raw(Kind kind, String summary, String method, String path, byte[] wire, boolean endsEarly) {
        return new Request(number, kind, summary, wire, endsEarly, method, path, null, null);
    }

    private static byte[] head(String method, String path, List<String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ingest-node\r\n");
        headers.forEach(h -> head.append(h).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A JSON object with this fuzz run's id and random fields of every JSON type (names from a small set, so that the
     * index's mapping stays small; a clash of types is Elasticsearch's to refuse, answered 503).
     */
    private byte[] document() {
        StringBuilder doc = new StringBuilder("{\"runId\":\"").append(runId).append("\",\"seq\":").append(number);
        String[] names = {"msg", "level", "count", "ratio", "tags", "nested", "flag", "empty", "unicode", "when", "id", "k"};
        for (int i = 0, n = random.nextInt(6); i < n; i++) {
            doc.append(",\"").append(names[random.nextInt(names.length)]).append(random.nextInt(3)).append("\":").append(value(2));
        }
        if (random.nextInt(8) == 0) {
            // its own id: indexed under it, a second one with the same id replaces it
            doc.append(",\"id\":\"fuzz-").append(random.nextInt(20)).append('"');
        }
        return doc.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private String value(int depth) {
        int type = random.nextInt(depth > 0 ? 8 : 6);
        return switch (type) {
            case 0 -> String.valueOf(random.nextInt());
            case 1 -> String.valueOf(random.nextDouble() * 1e6);
            case 2 -> random.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> JSON.valueToTree(randomText()).toString();
            case 5 -> "\"\"";
            case 6 -> "[" + value(depth - 1) + "," + value(depth - 1) + "]";
            default -> "{\"a\":" + value(depth - 1) + "}";
        };
    }

    private String randomText() {
        String[] pieces = {"ok", "é", "日本", "\u0000", "\"", "\\", "\n", "😀", "\u2028", "<script>", "' OR 1=1", "%s", "${x}"};
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private byte[] bigDocument(int size) {
        String head = "{\"runId\":\"" + runId + "\",\"seq\":" + number + ",\"padding\":\"";
        return (head + "x".repeat(Math.max(0, size - head.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mutate(byte[] doc) {
        byte[] out = doc.clone();
        int edits = random.nextInt(1, 4);
        for (int i = 0; i < edits && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(3)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out = concat(java.util.Arrays.copyOf(out, at), java.util.Arrays.copyOfRange(out, at + 1, out.length));
                default -> out = concat(java.util.Arrays.copyOf(out, at), new byte[] {(byte) random.nextInt(256)},
                        java.util.Arrays.copyOfRange(out, at, out.length));
            }
        }
        return out;
    }

    /** {@code body} in chunks of random sizes, with the last chunk when {@code complete}. */
    private byte[] chunked(byte[] body, boolean complete) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int size = Math.min(body.length - at, random.nextInt(1, 4_000));
            String ext = random.nextInt(10) == 0 ? ";x=y" : "";
            out.writeBytes((Integer.toHexString(size) + ext + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, size);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            at += size;
        }
        if (complete) {
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String randomCase(String name) {
        return random.nextInt(4) == 0 ? name.toLowerCase(Locale.ROOT) : name;
    }

    private void shuffle(List<String> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            java.util.Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    static boolean isJsonObject(byte[] entity) {
        if (entity == null || entity.length == 0) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(entity);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] gzip(byte[] bytes) {
        return compressed(bytes, GZIPOutputStream::new);
    }

    static byte[] deflate(byte[] bytes) {
        return compressed(bytes, DeflaterOutputStream::new);
    }

    /** A stream that compresses into the one it wraps. */
    private interface Compressor {
        OutputStream around(OutputStream out) throws IOException;
    }

    private static byte[] compressed(byte[] bytes, Compressor compressor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream compressing = compressor.around(out)) {
            compressing.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Printable ASCII as it is, everything else as \xNN (CR and LF as \r and \n), at most {@code max} bytes. */
    static String escaped(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(max, bytes.length); i++) {
            int b = bytes[i] & 0xff;
            text.append(b == '\r' ? "\\r" : b == '\n' ? "\\n" : b >= 0x20 && b < 0x7f && b != '\\' ? String.valueOf((char) b)
                    : String.format(Locale.ROOT, "\\x%02x", b));
        }
        return bytes.length > max ? text + "..." : text.toString();
    }

    private static String abbreviated(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "... (" + text.length() + " chars)" : text;
    }
}
