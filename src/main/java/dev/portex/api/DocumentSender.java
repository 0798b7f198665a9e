package dev.portex.api;

import java.net.URI;

/**
 * Your own sending code, run by portex inside a load-generator container whose ephemeral port range is
 * narrowed, so that a client that does not reuse connections runs out of ports for real.
 *
 * <p>Write it with the HTTP client your project ships, exactly as it sends in production. portex creates one
 * instance with the public no-argument constructor, calls {@link #open()} once, then {@link #send} once per
 * document (from {@code concurrency} threads at once when a scenario asks for more than one: make it
 * thread-safe then), and {@link #close()} at the end.
 *
 * <pre>{@code
 * public class PooledSender implements DocumentSender {
 *     private final HttpClient client = HttpClient.newHttpClient();
 *
 *     public int send(URI target, byte[] json) throws Exception {
 *         HttpRequest post = HttpRequest.newBuilder(target)
 *                 .header("Content-Type", "application/json")
 *                 .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
 *         return client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
 *     }
 * }
 * }</pre>
 */
public interface DocumentSender extends AutoCloseable {

    /** Called once, before the first document. */
    default void open() throws Exception {
    }

    /**
     * POSTs one JSON document to {@code target} and returns the HTTP status code of the answer; the ingest
     * server answers 201 when Elasticsearch acknowledged the document. Throw what your client throws: the
     * exception's class and message are the result's {@code error}, as your client reported it.
     */
    int send(URI target, byte[] json) throws Exception;

    /** Called once, after the last document. */
    @Override
    default void close() throws Exception {
    }
}
