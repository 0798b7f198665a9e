package dev.portex.model;

import java.util.List;
import java.util.Map;

/**
 * Builds {@link ScenarioResult}s for unit tests from the handful of numbers a test is about; everything
 * else is a consistent default (a per-request client on 40000-40136, 300 documents, nothing lost).
 */
final class ResultBuilder {
    ClientKind client = ClientKind.PER_REQUEST;
    PortRange range = new PortRange(40000, 40136);
    PortRange serverRange;
    int targets = 1;
    int docs = 300;
    int acknowledged = 300;
    int failed;
    Integer acknowledgedBeforeFirstFailure;
    Failure error;
    long serverReceived = -1;
    long serverFailed;
    long nodeEsConnectionsOpened = 1;
    long synsSent = -1;
    String stoppedBy = "completed";
    /** The client's established connections a reset ended (EstabResets); null: a run from before it was counted. */
    Long connectionsReset;
    /** Connections Node closed after its keep-alive timeout; null: a run from before it was counted. */
    Long serverKeepAliveTimeouts;
    /** The container killed during the load, or null. */
    Fault fault;
    Durability durability;
    /** When the fault struck (ms of the load); null: the load ended before its time. */
    Long faultInjectedAtMs;
    Long endedAfterFaultMs;
    int missingAcknowledged;
    int unacknowledgedIndexed;

    ScenarioResult build() {
        long received = serverReceived >= 0 ? serverReceived : acknowledged;
        Integer firstFailureAt = failed == 0 ? null
                : acknowledgedBeforeFirstFailure != null ? Integer.valueOf(acknowledgedBeforeFirstFailure + 1) : Integer.valueOf(acknowledged + 1);
        return new ScenarioResult("run-1",
                new ScenarioResult.Setup(client, null, EsClientMode.POOLED, "8.19.7", "8.19.1", ScenarioResult.Range.of(range), 0,
                        ScenarioResult.Range.of(serverRange), targets, 0, Mitigation.NONE, docs, 0, 1, null, null, null,
                        fault, durability),
                new ScenarioResult.ClientSide(acknowledged, failed, firstFailureAt,
                        failed == 0 ? null : acknowledgedBeforeFirstFailure != null ? acknowledgedBeforeFirstFailure : acknowledged,
                        failed == 0 ? null : error != null ? error : new Failure("java.net.BindException", "Cannot assign requested address")),
                new ScenarioResult.ServerSide(acknowledged, received, serverFailed, nodeEsConnectionsOpened,
                        nodeEsConnectionsOpened, 0, null, serverKeepAliveTimeouts, null),
                new ScenarioResult.Sockets(synsSent >= 0 ? synsSent : received, 0, acknowledged, acknowledged,
                        Map.of("TIME_WAIT", (long) acknowledged), null, null, null, connectionsReset),
                new ScenarioResult.Integrity(missingAcknowledged, unacknowledgedIndexed),
                new ScenarioResult.Timing(2500, 55.0, stoppedBy, List.of(), faultInjectedAtMs, endedAfterFaultMs));
    }
}
