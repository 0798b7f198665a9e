package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A range that ran out is seen in the time series even when nothing failed: every port in TIME_WAIT at a sample, and
 * documents acknowledged after it, which waited for a port. The shape of these series is what wget with its default
 * retries measured on 56 ports (90 of 90 acknowledged in about 65 s).
 */
@DisplayName("A range that ran out")
class PortsRanOutTest {

    /** 56 documents in the first 1.4 s, every port in TIME_WAIT from then, nothing for 59.6 s, then 34 more by 65 s. */
    static List<Sample> retryingClientOn56Ports() {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i <= 7; i++) {
            s.add(new Sample(i * 200L, i * 8, 0, i * 8, -1));
        }
        for (long t = 1600; t <= 61_000; t += 200) {
            s.add(new Sample(t, 56, 0, 56, -1));
        }
        s.add(new Sample(61_200, 57, 0, 56, -1));
        s.add(new Sample(65_000, 90, 0, 34, 0));
        return s;
    }

    static ResultBuilder run(List<Sample> samples) {
        ResultBuilder b = new ResultBuilder();
        b.range = new PortRange(41000, 41055);
        b.docs = 90;
        b.acknowledged = 90;
        b.samples = samples;
        return b;
    }

    @Test
    @DisplayName("when retries got every document through: RETRIES HID IT, with when it filled, the stall and the rates")
    void retriesHidIt() {
        ScenarioResult r = run(retryingClientOn56Ports()).build();

        PortsRanOut ranOut = r.portsRanOut();
        assertThat(ranOut).as("the range ran out: 56 of 56 ports in TIME_WAIT at 1.4 s, and 34 documents acknowledged after")
                .isEqualTo(new PortsRanOut(56, 1400, 56, 59_800, 1400, 40.0, 0.5));
        assertThat(r.verdict()).as("the verdict of 90 of 90 acknowledged on a range that ran out")
                .isEqualTo(new Verdict.RetriesHidExhaustion(90, ranOut));
        assertThat(r.verdict().sentence()).as("its sentence")
                .isEqualTo("PORTS RAN OUT, RETRIES HID IT: all 90 documents acknowledged, but every one of the 56 ports was "
                        + "taken (TIME_WAIT or open) at 1.4 s; then 0.5 docs/s (40.0 before), the longest stall 59.8 s: without retries the "
                        + "next document would have failed with EADDRNOTAVAIL; reuse connections");
    }

    @Test
    @DisplayName("not when the range only filled with the last documents: 56 documents on 56 ports, none waited")
    void fullAtTheEndOnly() {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i <= 7; i++) {
            s.add(new Sample(i * 200L, i * 8, 0, i * 8, -1));
        }
        ResultBuilder b = run(s);
        b.docs = 56;
        b.acknowledged = 56;

        assertThat(b.build().portsRanOut()).as("every port in TIME_WAIT at the last sample, nothing after it").isNull();
        assertThat(b.build().verdict()).as("the verdict").isEqualTo(new Verdict.AllIndexed(56));
    }

    @Test
    @DisplayName("not when the documents after it were at most those under way: one per thread")
    void atMostTheDocumentsInFlight() {
        List<Sample> s = new ArrayList<>(retryingClientOn56Ports().subList(0, 8));
        s.add(new Sample(1600, 58, 0, 56, -1));
        ResultBuilder b = run(s);
        b.docs = 58;
        b.acknowledged = 58;
        b.concurrency = 2;

        assertThat(b.build().portsRanOut()).as("2 documents after the range was full, with 2 threads").isNull();
        b.concurrency = 1;
        assertThat(b.build().portsRanOut()).as("the same 2 documents with 1 thread: one of them waited")
                .isNotNull()
                .extracting(PortsRanOut::fullAtMs).isEqualTo(1400L);
    }

    @Test
    @DisplayName("when the ports are taken by TIME_WAIT and open connections together: 55 and 1 of 56")
    void timeWaitAndOpen() {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample(0, 0, 0, 0, 0));
        s.add(new Sample(600, 56, 0, 55, 1));
        s.add(new Sample(62_400, 56, 0, 0, 0));
        s.add(new Sample(62_775, 90, 0, 34, 0));

        assertThat(run(s).build().portsRanOut()).as("55 in TIME_WAIT and 1 open of 56 ports at 0.6 s")
                .isEqualTo(new PortsRanOut(56, 600, 56, 62_175, 600, 93.3, 0.5));
    }

    @Test
    @DisplayName("with the 56th document under way at the sample that found the range full: 56 acknowledged when full, not 55")
    void aDocumentUnderWayWhenFull() {
        List<Sample> s = new ArrayList<>(retryingClientOn56Ports().subList(0, 7));
        s.add(new Sample(1400, 55, 0, 55, 1)); // the 56th connection open, its answer not yet counted
        for (long t = 1600; t <= 61_000; t += 200) {
            s.add(new Sample(t, 56, 0, 56, 0));
        }
        s.add(new Sample(61_200, 57, 0, 56, 0));
        s.add(new Sample(65_000, 90, 0, 34, 0));

        assertThat(run(s).build().portsRanOut())
                .as("full at 1.4 s (55 TIME_WAIT + 1 open); the stall begins at 1.6 s, once the 56th is acknowledged")
                .isEqualTo(new PortsRanOut(56, 1400, 56, 59_600, 1600, 40.0, 0.5));
    }

    @Test
    @DisplayName("not with tcp_tw_reuse=1: its kernel takes TIME_WAIT ports older than a second")
    void notWithTwReuse() {
        ResultBuilder b = run(retryingClientOn56Ports());
        b.tcpTwReuse = 1;

        assertThat(b.build().portsRanOut()).as("every port in TIME_WAIT with tcp_tw_reuse=1").isNull();
    }

    @Test
    @DisplayName("on two destinations only when the ports of both are all in TIME_WAIT")
    void perDestination() {
        ResultBuilder b = run(retryingClientOn56Ports());
        b.targets = 2;

        assertThat(b.build().portsRanOut()).as("56 sockets in TIME_WAIT of the 112 that two destinations allow").isNull();
    }

    @Test
    @DisplayName("not in a run whose documents failed at once once it ran out: that verdict stays PORTS EXHAUSTED")
    void failedRunsKeepTheirVerdict() {
        List<Sample> s = new ArrayList<>(retryingClientOn56Ports().subList(0, 8));
        s.add(new Sample(1500, 56, 34, 56, 0));
        ResultBuilder b = run(s);
        b.acknowledged = 56;
        b.failed = 34;

        assertThat(b.build().portsRanOut()).as("no document acknowledged after the range was full").isNull();
        assertThat(b.build().verdict()).as("the verdict").isInstanceOf(Verdict.ClientPortsExhausted.class);
    }
}
