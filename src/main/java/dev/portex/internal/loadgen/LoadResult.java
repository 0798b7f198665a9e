package dev.portex.internal.loadgen;

import dev.portex.model.Failure;
import dev.portex.model.Sample;
import java.util.List;
import java.util.Map;

/**
 * The one JSON line a load generator prints. Field names are the contract shared with
 * containers/loadgen-python and read by the harness. {@code firstFailureAt} is the lowest failing
 * document number; {@code acknowledgedBeforeFirstFailure} counts the documents acknowledged that were
 * sent before any failure: with one thread firstFailureAt - 1; with several, documents finish out of
 * order and this count, not firstFailureAt, is what the range held. {@code errorCounts} counts every failure by
 * its {@code type: message}; {@code retries} counts sends the client repeated after an I/O failure (null when the
 * client never retries). Both are absent from the Python load generator's line.
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
        Integer acknowledgedBeforeFirstFailure,
        Long firstFailureEpochMs,
        List<int[]> acknowledgedSeqs,
        long durationMs,
        double docsPerSecond,
        String stoppedBy,
        List<Sample> samples,
        Map<String, Integer> errorCounts,
        Integer retries) {

    /** Acknowledged documents per second over {@code durationMs}, to one decimal; 0 for no duration. */
    public static double docsPerSecond(int acknowledged, long durationMs) {
        return durationMs <= 0 ? 0 : Math.round(acknowledged / (durationMs / 1000.0) * 10) / 10.0;
    }
}
