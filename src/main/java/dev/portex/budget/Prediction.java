package dev.portex.budget;

import dev.portex.model.PortRange;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What {@link PortBudget#predict()} expects of a run. Serialises to JSON (Jackson) as {@link #toJson()}.
 *
 * @param budget                     the inputs
 * @param capacity                   ports available: range size x destinations
 * @param windowSeconds              how long a used port stays unusable (TIME_WAIT or reuse delay)
 * @param sustainableRate            new connections/s that never exhaust: capacity / window
 * @param portsNeededPerMinute       rate x 60; empty at full speed
 * @param peakPortsInUse             connections that must coexist: min(docs, ceil(rate x window))
 * @param exhausts                   whether some connect() fails with EADDRNOTAVAIL
 * @param firstFailingDocument       1-based ordinal of the first failing document (capacity + 1)
 * @param firstFailureSeconds        when it fails, (ordinal - 1) / rate; empty at full speed (immediately)
 *                                   or when nothing fails
 * @param documentsBeforeFailure     documents that get through before the first failure (all if none)
 * @param recoveryAfterFailureSeconds how long after the first failure the first port frees up again
 * @param advice                     what would have survived
 */
public record Prediction(
        PortBudget budget,
        long capacity,
        double windowSeconds,
        double sustainableRate,
        OptionalDouble portsNeededPerMinute,
        long peakPortsInUse,
        boolean exhausts,
        OptionalLong firstFailingDocument,
        OptionalDouble firstFailureSeconds,
        long documentsBeforeFailure,
        OptionalDouble recoveryAfterFailureSeconds,
        Advice advice) {

    /** Ports in the range (for one destination). */
    public int rangeSize() {
        return budget.portRange().size();
    }

    public PortRange portRange() {
        return budget.portRange();
    }

    /** The human report, as {@code portex budget} prints it. */
    public String render() {
        return BudgetReport.render(this);
    }

    /** Ordered, JSON-ready view: strings, numbers, booleans, nulls and nested maps only. */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("portRange", budget.portRange().toString());
        json.put("rangeSize", rangeSize());
        json.put("destinations", budget.destinations());
        json.put("capacity", capacity);
        json.put("timeWaitSeconds", budget.timeWaitSeconds());
        json.put("tcpTwReuse", budget.tcpTwReuse());
        json.put("reuseDelayMillis", budget.reuseDelayMillis());
        json.put("reuseApplies", budget.reuseApplies());
        json.put("windowSeconds", windowSeconds);
        json.put("rate", budget.rate());
        json.put("fullSpeed", budget.fullSpeed());
        json.put("docs", budget.docs());
        json.put("portsNeededPerMinute", boxed(portsNeededPerMinute));
        json.put("peakPortsInUse", peakPortsInUse);
        json.put("sustainableRate", sustainableRate);
        json.put("exhausts", exhausts);
        json.put("firstFailingDocument", firstFailingDocument.isPresent() ? firstFailingDocument.getAsLong() : null);
        json.put("firstFailureSeconds", boxed(firstFailureSeconds));
        json.put("documentsBeforeFailure", documentsBeforeFailure);
        json.put("recoveryAfterFailureSeconds", boxed(recoveryAfterFailureSeconds));
        json.put("advice", advice.toJson());
        return json;
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
