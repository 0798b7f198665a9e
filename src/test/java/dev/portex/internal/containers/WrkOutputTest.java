package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** wrk's summary, as wrk 4.1 prints it, read into numbers; anything else refused with what was expected. */
@DisplayName("wrk's output")
class WrkOutputTest {
    static final String CLEAN = """
            Running 10s test @ http://ingest-node-1:8080/docs
              1 threads and 8 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.17ms    1.01ms  27.64ms   93.35%
                Req/Sec     3.71k   260.14     4.05k    82.00%
              36949 requests in 10.00s, 9.52MB read
            Requests/sec:   3694.54
            Transfer/sec:    974.56KB
            """;

    static final String WITH_ERRORS = """
            Running 1m test @ http://ingest-node-1:8080/docs
              1 threads and 16 connections
              120000 requests in 1.00m, 30.10MB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 40
            Requests/sec:   2000.00
            Transfer/sec:    513.70KB
            """;

    @Test
    @DisplayName("a clean run: every request answered 2xx, documents/s from the count and the time")
    void cleanRun() {
        WrkContainer.Result r = WrkContainer.Result.parse(CLEAN);

        assertThat(r.requests()).as("requests completed").isEqualTo(36949);
        assertThat(r.seconds()).as("duration in seconds").isEqualTo(10.0);
        assertThat(r.requestsPerSecond()).as("wrk's Requests/sec").isEqualTo(3694.54);
        assertThat(r.non2xx()).as("answers other than 2xx/3xx (wrk prints no line when there are none)").isZero();
        assertThat(r.documentsPerSecond()).as("documents indexed per second: 36949 / 10 s").isCloseTo(3694.9, within(0.01));
    }

    @Test
    @DisplayName("non-2xx answers are not documents, and socket errors are added up; minutes are read as minutes")
    void errorsCounted() {
        WrkContainer.Result r = WrkContainer.Result.parse(WITH_ERRORS);

        assertThat(r.seconds()).as("1.00m").isEqualTo(60.0);
        assertThat(r.non2xx()).as("Non-2xx or 3xx responses").isEqualTo(40);
        assertThat(r.socketErrors()).as("connect + read + write + timeout").isEqualTo(5);
        assertThat(r.succeeded()).as("requests answered 2xx").isEqualTo(119960);
        assertThat(r.documentsPerSecond()).as("119,960 documents in 60 s").isCloseTo(1999.33, within(0.01));
    }

    @Test
    @DisplayName("text that is not wrk's summary is refused with what was expected")
    void notWrk() {
        assertThatThrownBy(() -> WrkContainer.Result.parse("unable to connect to ingest-node-1:8080 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not wrk's output (expected 'N requests in T' and 'Requests/sec: R'): unable to connect");
    }
}
