package dev.portex.model;

import java.util.List;
import java.util.Map;

/**
 * Builds {@link ScenarioResult}s for unit tests from the handful of numbers a test is about; everything
 * else is a consistent default (a per-request client on 40000-40136, 300 documents, nothing lost).
 */
public final class ResultBuilder {
    public ClientKind client = ClientKind.PER_REQUEST;
    public PortRange range = new PortRange(40000, 40136);
    public PortRange serverRange;
    public int targets = 1;
    public int docs = 300;
    public int acknowledged = 300;
    public int failed;
    public Integer acknowledgedBeforeFirstFailure;
    public Failure error;
    public long serverReceived = -1;
    public long serverFailed;
    public long nodeEsConnectionsOpened = 1;
    public long synsSent = -1;
    public String stoppedBy = "completed";
    /** The client's established connections a reset ended (EstabResets); null: a run from before it was counted. */
    public Long connectionsReset;
    /** Connections Node closed after its keep-alive timeout; null: a run from before it was counted. */
    public Long serverKeepAliveTimeouts;
    /** The container killed during the load, or null. */
    public Fault fault;
    public Durability durability;
    /** When the fault struck (ms of the load); null: the load ended before its time. */
    public Long faultInjectedAtMs;
    public Long endedAfterFaultMs;
    public int missingAcknowledged;
    public int unacknowledgedIndexed;
    public int tcpTwReuse;
    public int concurrency = 1;
    public List<Sample> samples = List.of();
    /** Null: no NAT. Else the router's figures, with {@link #serverConnections} the connections that reached Node. */
    public ScenarioResult.NatSide nat;
    public Long serverConnections;
    /** Null: a run to portex's ingest server. Else a run against your own service: no server side, no integrity. */
    public ScenarioResult.TargetSide target;
    /** With {@link #target}: the failures that were an HTTP answer of the service, by their kind. */
    public Map<String, Integer> errorCounts;

    public ScenarioResult build() {
        long received = serverReceived >= 0 ? serverReceived : acknowledged;
        Integer firstFailureAt = failed == 0 ? null
                : acknowledgedBeforeFirstFailure != null ? Integer.valueOf(acknowledgedBeforeFirstFailure + 1) : Integer.valueOf(acknowledged + 1);
        boolean own = target != null;
        return new ScenarioResult("run-1",
                new ScenarioResult.Setup(client, null, own ? null : EsClientMode.POOLED, own ? null : "8.19.7",
                        own ? null : "8.19.1", null, ScenarioResult.Range.of(range), 0,
                        ScenarioResult.Range.of(serverRange), targets, tcpTwReuse, Mitigation.NONE, docs, 0, concurrency, null, null, null,
                        fault, durability),
                new ScenarioResult.ClientSide(acknowledged, failed, firstFailureAt,
                        failed == 0 ? null : acknowledgedBeforeFirstFailure != null ? acknowledgedBeforeFirstFailure : acknowledged,
                        failed == 0 ? null : error != null ? error : new Failure("java.net.BindException", "Cannot assign requested address"),
                        errorCounts, null),
                own ? null : new ScenarioResult.ServerSide(acknowledged, received, serverFailed, nodeEsConnectionsOpened,
                        nodeEsConnectionsOpened, 0, serverConnections, serverKeepAliveTimeouts, null),
                new ScenarioResult.Sockets(synsSent >= 0 ? synsSent : received, 0, acknowledged, acknowledged,
                        Map.of("TIME_WAIT", (long) acknowledged), null, null, null, connectionsReset, null, null),
                own ? null : new ScenarioResult.Integrity(missingAcknowledged, unacknowledgedIndexed),
                new ScenarioResult.Timing(2500, 55.0, stoppedBy, samples, faultInjectedAtMs, endedAfterFaultMs), nat, target);
    }
}
