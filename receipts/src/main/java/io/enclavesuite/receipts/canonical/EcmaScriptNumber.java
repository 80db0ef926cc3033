package io.enclavesuite.receipts.canonical;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A double as ECMAScript's {@code Number.prototype.toString} writes it (ECMA-262 Number::toString, which RFC 8785
 * §3.2.2.3 adopts): the fewest significant digits that read back as the same double, the closer of two candidates
 * when both do (the even one on a tie), then plain or exponent notation by the decimal exponent.
 *
 * <p>Java 17's {@code Double.toString} cannot stand in: it sometimes emits more digits than needed (1e23 becomes
 * {@code 9.999999999999999E22}; JDK-4511638, fixed only in Java 19) and uses another exponent syntax. The digits
 * here come from exact decimal expansions instead, trading speed for obvious correctness: at most 17 rounding
 * attempts per number, which the node cap keeps small.
 */
public final class EcmaScriptNumber {

    private static final long LARGEST_EXACT_INTEGER = 1L << 53;

    private EcmaScriptNumber() {
    }

    public static String format(double value) {
        if (!Double.isFinite(value)) {
            throw new CanonicalJsonException(value + " has no JSON form: RFC 8785 refuses NaN and Infinity");
        }
        if (value == 0) {
            return "0"; // -0 as well
        }
        if (value < 0) {
            return "-" + format(-value);
        }
        if (value < LARGEST_EXACT_INTEGER && value == Math.rint(value)) {
            return Long.toString((long) value); // below 1e21, so always plain notation
        }
        BigDecimal shortest = shortestRoundTrip(value).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = digits × 10^(n − k)
        return layout(digits, k, n);
    }

    /** The nearest decimal with the fewest significant digits that parses back to {@code value}. */
    private static BigDecimal shortestRoundTrip(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal below = exact.round(new MathContext(precision, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(precision, RoundingMode.CEILING));
            boolean belowFits = below.doubleValue() == value;
            boolean aboveFits = above.doubleValue() == value;
            if (belowFits && aboveFits) {
                int closer = exact.subtract(below).compareTo(above.subtract(exact));
                if (closer != 0) {
                    return closer < 0 ? below : above;
                }
                return below.unscaledValue().testBit(0) ? above : below;
            }
            if (belowFits) {
                return below;
            }
            if (aboveFits) {
                return above;
            }
        }
        throw new IllegalStateException("no 17-digit decimal reads back as " + value); // cannot happen for a double
    }

    private static String layout(String digits, int k, int n) {
        StringBuilder out = new StringBuilder(k + 8);
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int exponent = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }
}
