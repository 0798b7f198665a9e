package dev.portex.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * tcp_tw_reuse=1 lets connect() take a TIME_WAIT port once it is tcp_tw_reuse_delay old (1000 ms by
 * default), so the window shrinks from TIME_WAIT to the delay; 2 does so only towards loopback.
 */
@DisplayName("tcp_tw_reuse and tcp_tw_reuse_delay")
class TcpTwReuseTest {

    private static PortBudget.Builder hundredPorts() {
        return PortBudget.builder().portRange("40000-40099").docs(400);
    }

    @Test
    @DisplayName("with reuse and a 1000 ms delay, 100 ports sustain 100 connections per second")
    void reuseSustainsPortsPerDelay() {
        Prediction p = hundredPorts().tcpTwReuse(1).reuseDelayMillis(1000).rate(40).predict();

        assertThat(p.windowSeconds()).as("a port is usable again after the 1 s reuse delay, not 60 s").isEqualTo(1.0);
        assertThat(p.sustainableRate()).as("100 ports / 1 s").isCloseTo(100.0, within(1e-12));
        assertThat(p.exhausts()).as("40/s keeps only 40 ports younger than 1 s").isFalse();
    }

    @Test
    @DisplayName("with reuse, full speed still fails at document 101: every port is younger than the delay")
    void reuseAtFullSpeedFailsAt101() {
        Prediction p = hundredPorts().tcpTwReuse(1).predict();

        assertThat(p.exhausts()).as("at full speed all 400 connections start within the 1 s delay").isTrue();
        assertThat(p.firstFailingDocument()).as("100 ports, none old enough to reuse").hasValue(101);
    }

    @ParameterizedTest(name = "tcp_tw_reuse={0} (loopback destination: {1}) gives a {2} s window")
    @CsvSource({
            "0, false, 60",
            "0, true,  60",
            "1, false, 1",
            "1, true,  1",
            "2, false, 60",
            "2, true,  1",
    })
    void reuseModeDecidesTheWindow(int mode, boolean loopback, double windowSeconds) {
        Prediction p = hundredPorts().tcpTwReuse(mode).loopback(loopback).rate(40).predict();

        assertThat(p.windowSeconds())
                .as("0 = off, 1 = on, 2 = loopback only (like 0 over a docker bridge)")
                .isEqualTo(windowSeconds);
        assertThat(p.exhausts())
                .as("40/s for 400 docs: survives with reuse (40 ports per 1 s), exhausts without (2,400 per minute)")
                .isEqualTo(windowSeconds == 60);
    }

    @Test
    @DisplayName("a reuse delay longer than TIME_WAIT changes nothing: the port leaves TIME_WAIT first")
    void delayLongerThanTimeWaitIsCappedByTimeWait() {
        Prediction p = hundredPorts().tcpTwReuse(1).reuseDelayMillis(90_000).rate(1).predict();

        assertThat(p.windowSeconds()).as("min(60 s TIME_WAIT, 90 s delay)").isEqualTo(60.0);
    }

    @Test
    @DisplayName("at 136 docs/s with reuse, 100 ports are not enough: document 101 fails")
    void aboveTheReuseRateStillFails() {
        Prediction p = hundredPorts().tcpTwReuse(1).rate(136).predict();

        assertThat(p.exhausts()).as("136 connections per 1 s delay > 100 ports").isTrue();
        assertThat(p.firstFailingDocument()).as("the 101st connection within a second").hasValue(101);
    }
}
