package dev.portex.internal.loadgen;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client wrapped in the retry policy production code commonly has, with resilience4j (the retry library of choice
 * for Java services outside Spring, and underneath Spring Cloud CircuitBreaker): up to {@value #MAX_ATTEMPTS} attempts
 * with an exponential back-off from {@link #FIRST_WAIT} doubling to at most {@link #LONGEST_WAIT}, on a failed
 * connect only (BindException, ConnectException, NoRouteToHostException: the request never left, so a POST may be sent
 * again). Wrapped around a new connection per document ({@code per-request-retry}), it rides out a range that ran out:
 * every document gets through once ports come back out of TIME_WAIT, 60 s later, and the exhaustion shows only as a
 * stall. Around the pooled client ({@code pooled-retry}) it never has to retry.
 */
final class RetriesConnect implements DocumentClient {
    static final int MAX_ATTEMPTS = 12;
    static final Duration FIRST_WAIT = Duration.ofMillis(500);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(15);

    private final DocumentClient client;
    private final Retry retry;
    private final AtomicInteger retries = new AtomicInteger();

    RetriesConnect(DocumentClient client) {
        this.client = client;
        this.retry = Retry.of("portex-connect", RetryConfig.<DocumentClient.Response>custom()
                .maxAttempts(MAX_ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(FIRST_WAIT, 2, LONGEST_WAIT))
                .retryOnException(RetriesConnect::failedToConnect)
                .build());
        retry.getEventPublisher().onRetry(event -> retries.incrementAndGet());
    }

    /** A connect that failed: the request never left the client (errno 99 is a BindException). */
    static boolean failedToConnect(Throwable e) {
        return e instanceof BindException || e instanceof ConnectException || e instanceof NoRouteToHostException;
    }

    @Override
    public Response post(URI target, byte[] json) throws IOException {
        try {
            return retry.executeCheckedSupplier(() -> client.post(target, json));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    @Override
    public int retries() {
        return retries.get();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
