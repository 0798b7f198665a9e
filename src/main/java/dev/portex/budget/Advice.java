package dev.portex.budget;

import dev.portex.model.PortRange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What would have survived the run: a lower rate, a wider range, or (always) connection reuse.
 *
 * @param maxRate              the sustainable rate with the given range: capacity / window (docs/s)
 * @param neededRangeSize      smallest range size per destination that survives at the given rate
 *                             (at full speed: one port per document); at least 2
 * @param widestRangeSuffices  whether {@code widestRange} holds {@code neededRangeSize}
 * @param widestRange          the widest range allowed, 1024-65535
 */
public record Advice(double maxRate, long neededRangeSize, boolean widestRangeSuffices, PortRange widestRange) {

    /** The advice that always works: one pooled connection per worker, so ports in use == workers. */
    public static final String REUSE_CONNECTIONS = "connection reuse (one port per worker)";

    /**
     * The largest whole number of docs/s that survives (the sustainable rate rounded down), or 0
     * when fewer than one connection per second is sustainable.
     */
    public long maxWholeRate() {
        return (long) Math.floor(maxRate);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("maxRate", maxRate);
        json.put("maxWholeRate", maxWholeRate());
        json.put("neededRangeSize", neededRangeSize);
        json.put("widestRange", widestRange.toString());
        json.put("widestRangeSize", widestRange.size());
        json.put("widestRangeSuffices", widestRangeSuffices);
        json.put("reuseConnections", REUSE_CONNECTIONS);
        return json;
    }
}
