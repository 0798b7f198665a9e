package dev.portex.model;

/**
 * Totals at a moment of the run, for the report's time series, with the TCP states of the
 * load generator's namespace at that moment (-1 where they could not be read).
 */
public record Sample(long tMs, int acknowledged, int failed, int timeWait, int established) {
}
