package dev.portex.loadgen;

import java.util.List;

/**
 * The one JSON line a load generator prints. Field names are the contract shared with
 * containers/loadgen-python and read by the harness.
 */
public record LoadResult(
        String client,
        int docs,
        int concurrency,
        double rate,
        int attempted,
        int acknowledged,
        int failed,
        Integer firstFailureAt,
        Failure error,
        List<int[]> acknowledgedSeqs,
        long durationMs,
        double docsPerSecond,
        String stoppedBy,
        List<Sample> samples) {

    /** The first failure (smallest ordinal): the exception's class name and message, or "HTTP 503" and the body. */
    public record Failure(String type, String message) {
        @Override
        public String toString() {
            return type + ": " + message;
        }
    }

    /** Totals at a moment of the run, for the report's time series. */
    public record Sample(long tMs, int acknowledged, int failed) {
    }
}
