package dev.portex.it;

import java.util.Map;
import java.util.TreeMap;

/** The figures {@link NatPortsExhaustionIT} measured, by measurement: printed for the run's log. */
enum NatFigures {
    HELD, POOLED, SHORT_IN_ORDER, SHORT_RANDOM_FULLY;

    void record(Map<String, Long> figures) {
        System.out.println("NAT figures " + name() + ": " + new TreeMap<>(figures));
    }
}
