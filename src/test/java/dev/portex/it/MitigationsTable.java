package dev.portex.it;

import dev.portex.model.ScenarioResult;
import dev.portex.model.Verdict;

/** Renders the "measured" cell of a row of docs/clients.md's MITIGATIONS table from a result: only numbers that are deterministic. */
final class MitigationsTable {
    private MitigationsTable() {
    }

    static String measuredCell(String mitigation, ScenarioResult r) {
        String outcome;
        if (r.verdict() instanceof Verdict.AllIndexed all) {
            outcome = "all " + all.docs() + " documents on " + r.setup().portRange().size() + " ports";
        } else if (r.verdict() instanceof Verdict.ClientPortsExhausted exhausted) {
            long firstFailing = PortsFreedEarly.shownPerPort(r, exhausted.acknowledgedBeforeFailure(),
                    exhausted.rangeSize()) + 1;
            outcome = "fails on " + exhausted.rangeSize() + " ports"
                    + (r.setup().tcpTwReuse() == 0 ? " at document " + firstFailing : "");
        } else {
            throw new AssertionError("a mitigation's run either indexes everything or exhausts the client's ports;"
                    + " this one: " + r.verdict().sentence());
        }
        String where;
        if (r.sockets().clientResetsSent() > 0) {
            where = "no TIME_WAIT; " + r.sockets().clientResetsSent() + " RSTs sent";
        } else if (r.sockets().serverTimeWait() != null && r.sockets().serverTimeWait() > 0 && r.sockets().clientTimeWait() == 0) {
            where = "TIME_WAIT in Node's namespace, none on the client";
        } else if (r.setup().client().reusesConnections()) {
            where = r.sockets().localPortsUsed() + " local port used";
        } else {
            where = "TIME_WAIT on the client";
        }
        return "| " + mitigation + " | " + outcome + "; " + where + " |";
    }
}
