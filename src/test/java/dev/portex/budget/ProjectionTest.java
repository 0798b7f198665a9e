package dev.portex.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.model.PortRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A measured run projected to production rides on the port budget's arithmetic: at its boundaries, a client with a
 * connection per document holds the incident's range at 470 documents/s and runs out at 471 (28,232 ports / 60 s =
 * 470.5 new connections/s); one with a connection per two documents holds twice the rate; a pool holds any rate.
 */
@DisplayName("The projection to production")
class ProjectionTest {
    static final PortRange INCIDENT_RANGE = new PortRange(32768, 60999);

    @Nested
    @DisplayName("of a client with a new connection per document (100 opened for 100 documents, 1 worker)")
    class PerRequest {
        @ParameterizedTest(name = "at {0} docs/s the incident''s range holds: {1}")
        @CsvSource({"470, true", "471, false", "800, false", "1, true"})
        void holdsUpTo470(double rate, boolean holds) {
            Projection p = Projection.of(100, 100, 1, rate, INCIDENT_RANGE, 1, 0);

            assertThat(p.connectionsPerDocument()).as("new connections per document").isEqualTo(1.0);
            assertThat(p.holds()).as("%s", p.sentence()).isEqualTo(holds);
        }

        @Test
        @DisplayName("at 800 docs/s: runs out after 35.3 s, at document 28,233, as the incident did")
        void theIncident() {
            Projection p = Projection.of(100, 100, 1, 800, INCIDENT_RANGE, 1, 0);

            assertThat(p.runsOutAfterSeconds()).as("seconds of production until the first failure").hasValue(35.29);
            assertThat(p.firstFailingDocument()).as("the first document without a port").hasValue(28_233);
            assertThat(p.sentence()).as("the sentence").isEqualTo("at 800 docs/s on 32768-60999 (28,232 ports): RUNS OUT after "
                    + "35.3 s, at document 28,233: 1 new connection per document, 800/s against the 470.5/s the range gives "
                    + "back (it holds up to 470 docs/s)");
        }

        @Test
        @DisplayName("two destinations hold twice the rate: 941 docs/s")
        void perDestination() {
            assertThat(Projection.of(100, 100, 1, 941, INCIDENT_RANGE, 2, 0).holds()).as("941 docs/s over 2 destinations").isTrue();
            assertThat(Projection.of(100, 100, 1, 942, INCIDENT_RANGE, 2, 0).holds()).as("942 docs/s over 2 destinations").isFalse();
        }
    }

    @Test
    @DisplayName("a client with a new connection per two documents holds up to 941 docs/s")
    void halfAConnectionPerDocument() {
        assertThat(Projection.of(50, 100, 1, 941, INCIDENT_RANGE, 1, 0).holds()).as("941 docs/s").isTrue();
        assertThat(Projection.of(50, 100, 1, 942, INCIDENT_RANGE, 1, 0).holds()).as("942 docs/s").isFalse();
    }

    @Nested
    @DisplayName("of a pool (4 connections for 400 documents, 4 workers)")
    class Pool {
        @Test
        @DisplayName("holds at any rate: it opens no connection per document")
        void holdsAtAnyRate() {
            Projection p = Projection.of(4, 400, 4, 1_000_000, INCIDENT_RANGE, 1, 0);

            assertThat(p.connectionsPerDocument()).as("new connections per document").isZero();
            assertThat(p.connectionsHeld()).as("connections held").isEqualTo(4);
            assertThat(p.holds()).as("%s", p.sentence()).isTrue();
            assertThat(p.sentence()).isEqualTo("at 1000000 docs/s on 32768-60999 (28,232 ports): HOLDS: the client keeps 4 "
                    + "connection(s) open and reuses them, and opens none per document");
        }

        @Test
        @DisplayName("but not on a range smaller than its connections: 4 workers on 2 ports")
        void notOnTooSmallARange() {
            assertThat(Projection.of(4, 400, 4, 10, new PortRange(40000, 40001), 1, 0).holds()).as("4 connections on 2 ports")
                    .isFalse();
        }

        @Test
        @DisplayName("a pool that opened one connection more than its workers counts as opening connections per document")
        void oneMore() {
            Projection p = Projection.of(5, 400, 4, 800, INCIDENT_RANGE, 1, 0);

            assertThat(p.connectionsPerDocument()).as("new connections per document").isEqualTo(5 / 400.0);
            assertThat(p.newConnectionsPerSecond()).as("new connections per second at 800 docs/s").isEqualTo(10.0);
            assertThat(p.holds()).as("%s", p.sentence()).isTrue();
        }
    }

    @Test
    @DisplayName("refuses a rate of 0, a missing range and a run without documents, naming the fix")
    void badInput() {
        assertThatThrownBy(() -> Projection.of(1, 1, 1, 0, INCIDENT_RANGE, 1, 0))
                .hasMessage("a production rate must be a number of documents per second > 0, got 0: e.g. 800");
        assertThatThrownBy(() -> Projection.of(1, 1, 1, 800, null, 1, 0))
                .hasMessage("a production port range is required: e.g. 32768-60999, Linux's default");
        assertThatThrownBy(() -> Projection.of(0, 0, 1, 800, INCIDENT_RANGE, 1, 0))
                .hasMessage("a projection needs a run that sent documents, got 0: run at least one");
    }
}
