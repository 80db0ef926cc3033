package io.enclavesuite.receipts.canonical;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EcmaScriptNumberTest {

    /** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "0000000000000000, 0",
            "8000000000000000, 0",
            "0000000000000001, 5e-324",
            "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992",
            "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000",
            "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23",
            "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000",
            "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21",
            "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
            "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332",
            "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333",
            "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343",
            "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2",
    })
    void rfc8785AppendixBSamplesSerializeAsTheRfcSays(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

        assertThat(EcmaScriptNumber.format(value)).isEqualTo(expected);
    }

    /** The boundaries of ECMAScript's notation rules: plain up to 21 integer digits, plain down to 1e-6. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "1e-7, 1e-7",
            "1.5e-7, 1.5e-7",
            "0.000001, 0.000001",
            "0.1, 0.1",
            "4.50, 4.5",
            "2e-3, 0.002",
            "1e-27, 1e-27",
            "1E30, 1e+30",
            "100, 100",
            "123.456, 123.456",
            "1e20, 100000000000000000000",
            "1.5e21, 1.5e+21",
            "-1.25e-9, -1.25e-9",
            "9007199254740993.0, 9007199254740992",
    })
    void notationFollowsTheDecimalExponent(double value, String expected) {
        assertThat(EcmaScriptNumber.format(value)).isEqualTo(expected);
    }

    @Test
    void digitsAreTheShortestThatReadBackWhereJavas17ToStringIsNot() {
        assertThat(Double.toString(1e23)).as("the JDK 17 behaviour this class exists for").isEqualTo("9.999999999999999E22");
        assertThat(EcmaScriptNumber.format(1e23)).isEqualTo("1e+23");
        assertThat(EcmaScriptNumber.format(2.82879384806159e17)).isEqualTo("282879384806159000");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteNumbersAreRefused(double value) {
        assertThatThrownBy(() -> EcmaScriptNumber.format(value))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessageContaining("RFC 8785 refuses NaN and Infinity");
    }

    /** Random bit patterns (fixed seed): the text reads back as the same double and is never longer than Java's. */
    @Test
    void everyFiniteDoubleReadsBackFromItsText() {
        Random random = new Random(8785);
        int checked = 0;
        while (checked < 50_000) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(value)) {
                continue;
            }
            String text = EcmaScriptNumber.format(value);
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(value == 0 ? 0.0 : value);
            assertThat(significantDigits(text)).as(text).isLessThanOrEqualTo(significantDigits(Double.toString(value)));
            checked++;
        }
    }

    private static int significantDigits(String text) {
        String mantissa = text.replaceFirst("[eE].*", "").replace("-", "").replace(".", "");
        return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
    }
}
