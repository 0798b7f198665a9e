package dev.portex.budget;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Number formatting for reports: US-style thousands separators, no trailing ".0". */
final class Format {

    private Format() {
    }

    /** 28232 -> "28,232". */
    static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    /** Plain shortest decimal: -5.0 -> "-5", 62.5 -> "62.5", NaN -> "NaN". */
    static String decimal(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.toString(x);
        }
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** A rate or a quantity with grouping: one decimal at most when >= 1, else 3 significant digits. */
    static String quantity(double x, RoundingMode mode) {
        BigDecimal value = BigDecimal.valueOf(x);
        value = x >= 1 ? value.setScale(1, mode) : value.round(new MathContext(3, mode));
        return grouped(value);
    }

    /** A limit to stay under: whole numbers (rounded down) when >= 10, else 2 significant digits, down. */
    static String limit(double x) {
        BigDecimal value = BigDecimal.valueOf(x);
        value = x >= 10 ? value.setScale(0, RoundingMode.DOWN) : value.round(new MathContext(2, RoundingMode.DOWN));
        return grouped(value);
    }

    /** Seconds: one decimal when >= 1, else 2 significant digits. */
    static String seconds(double s) {
        BigDecimal value = BigDecimal.valueOf(s);
        value = s >= 1 ? value.setScale(1, RoundingMode.HALF_UP) : value.round(new MathContext(2, RoundingMode.HALF_UP));
        return grouped(value);
    }

    private static String grouped(BigDecimal value) {
        String plain = value.stripTrailingZeros().toPlainString();
        boolean negative = plain.startsWith("-");
        String digits = negative ? plain.substring(1) : plain;
        int dot = digits.indexOf('.');
        String whole = dot < 0 ? digits : digits.substring(0, dot);
        String fraction = dot < 0 ? "" : digits.substring(dot);
        return (negative ? "-" : "") + String.format(Locale.US, "%,d", new java.math.BigInteger(whole)) + fraction;
    }
}
