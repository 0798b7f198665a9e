package dev.portex.it;

import dev.portex.harness.ScenarioResult;

/** Renders the "measured" cell of a README MITIGATIONS row from a result: only numbers that are deterministic. */
final class MitigationsTable {
    private MitigationsTable() {
    }

    static String measuredCell(String mitigation, ScenarioResult r) {
        String outcome = r.failed() == 0
                ? "all " + r.docs() + " documents on " + r.portRange().size() + " ports"
                : "fails on " + r.portRange().size() + " ports" + (r.tcpTwReuse() == 0 ? " at document " + r.firstFailureAt() : "");
        String where;
        if (r.clientResetsSent() > 0) {
            where = "no TIME_WAIT; " + r.clientResetsSent() + " RSTs sent";
        } else if (r.serverTimeWait() != null && r.serverTimeWait() > 0 && r.clientTimeWait() == 0) {
            where = "TIME_WAIT in Node's namespace, none on the client";
        } else if ("pooled".equals(r.client())) {
            where = r.localPortsUsed() + " local port used";
        } else {
            where = "TIME_WAIT on the client";
        }
        return "| " + mitigation + " | " + outcome + "; " + where + " |";
    }
}
