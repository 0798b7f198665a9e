package dev.portex.budget;

import dev.portex.model.PortRange;
import java.math.RoundingMode;

/**
 * The human text of a {@link Prediction}, as {@code ./portex budget --rate 800 --port-range
 * 32768-60999 --docs 360000} prints it: one labelled line per fact, numbers with thousands
 * separators, the verdict, and what would have survived.
 */
public final class BudgetReport {

    private static final int LABEL_WIDTH = 21;

    private BudgetReport() {
    }

    public static String render(Prediction p) {
        PortBudget b = p.budget();
        PortRange range = b.portRange();
        int k = b.destinations();
        StringBuilder out = new StringBuilder();

        out.append(k == 1 ? "Port budget for one destination"
                : "Port budget for " + k + " destinations (each (src, dst, dst port) has its own range)").append('\n');

        String offByOne = range.equals(PortRange.LINUX_DEFAULT)
                ? " is the write-up's off-by-one: the range is inclusive)"
                : " would be off by one: the range is inclusive)";
        line(out, "ephemeral range", range + " = " + Format.count(range.size()) + " ports  ("
                + range.high() + " - " + range.low() + " = " + Format.count(range.size() - 1L) + offByOne);
        if (k > 1) {
            line(out, "destinations", k + " x " + Format.count(range.size()) + " = " + Format.count(p.capacity())
                    + " ports in all");
        }
        line(out, "TIME_WAIT", b.timeWaitSeconds() + " s  (" + reuseNote(b) + ")");

        String window = Format.decimal(p.windowSeconds()) + " s";
        boolean reuseWindow = p.windowSeconds() < b.timeWaitSeconds();
        line(out, "sustainable rate", Format.quantity(p.sustainableRate(), RoundingMode.DOWN)
                + " new connections/s  (" + Format.count(p.capacity()) + " ports / " + window
                + (reuseWindow ? " reuse delay" : "") + ")");

        String rate = b.fullSpeed() ? "full speed" : Format.quantity(b.rate(), RoundingMode.HALF_UP) + "/s";
        if (b.fullSpeed()) {
            line(out, "needed (full speed)", "up to " + Format.count(b.docs())
                    + " ports (one per document, all opened within " + window + ")");
        } else if (p.windowSeconds() == 60) {
            line(out, "needed at " + rate, Format.quantity(b.rate() * 60, RoundingMode.HALF_UP) + " ports per minute");
        } else {
            line(out, "needed at " + rate, Format.quantity(b.rate() * p.windowSeconds(), RoundingMode.HALF_UP)
                    + " ports per " + window + " window ("
                    + Format.quantity(b.rate() * 60, RoundingMode.HALF_UP) + " per minute)");
        }

        if (p.exhausts()) {
            long ordinal = p.firstFailingDocument().orElseThrow();
            String when = p.firstFailureSeconds().isPresent()
                    ? "fails after about " + Format.seconds(p.firstFailureSeconds().getAsDouble()) + " s"
                    : "fails immediately at full speed";
            line(out, "verdict", "EXHAUSTS: document " + Format.count(ordinal) + " " + when + "; "
                    + Format.count(p.documentsBeforeFailure()) + " documents get through");
            line(out, "recovery", "ports free up again "
                    + Format.seconds(p.recoveryAfterFailureSeconds().orElseThrow()) + " s after the first failure ("
                    + window + " after the first connection)");
            line(out, "would have survived", survivalAdvice(p, rate));
        } else {
            line(out, "verdict", "SURVIVES: at most " + Format.count(p.peakPortsInUse())
                    + " ports held at once, " + Format.count(p.capacity()) + " available");
            if (b.docs() <= p.capacity()) {
                line(out, "headroom", Format.count(b.docs()) + " documents never outnumber the "
                        + Format.count(p.capacity()) + " ports, so no rate can exhaust this run");
            } else {
                line(out, "headroom", "up to " + Format.limit(p.advice().maxRate()) + " docs/s with this range; "
                        + Format.count(p.advice().neededRangeSize()) + " ports"
                        + (k > 1 ? " per destination" : "") + " would do at " + rate);
            }
        }
        return out.toString();
    }

    private static String reuseNote(PortBudget b) {
        String reused = "a TIME_WAIT port is reused once it is " + Format.count(b.reuseDelayMillis()) + " ms old";
        return switch (b.tcpTwReuse()) {
            case 1 -> "tcp_tw_reuse=1: " + reused;
            case 2 -> b.loopback()
                    ? "tcp_tw_reuse=2 on loopback: " + reused
                    : "tcp_tw_reuse=2: loopback only, so no reuse towards this destination";
            default -> "tcp_tw_reuse=0";
        };
    }

    private static String survivalAdvice(Prediction p, String rate) {
        Advice a = p.advice();
        PortRange widest = a.widestRange();
        String perDestination = p.budget().destinations() > 1 ? " per destination" : "";
        String range;
        if (a.widestRangeSuffices()) {
            range = "a range of at least " + Format.count(a.neededRangeSize()) + " ports" + perDestination + " at "
                    + rate + " (e.g. " + widest + " holds " + Format.count(widest.size()) + ")";
        } else {
            range = "no range at " + rate + " (it needs " + Format.count(a.neededRangeSize()) + " ports"
                    + perDestination + "; even " + widest + " holds only " + Format.count(widest.size()) + ")";
        }
        return "at most " + Format.limit(a.maxRate()) + " docs/s with this range, or " + range + ", or "
                + Advice.REUSE_CONNECTIONS;
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append("  ").append(label);
        out.append(" ".repeat(Math.max(2, LABEL_WIDTH - label.length())));
        out.append(value).append('\n');
    }
}
