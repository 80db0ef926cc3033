package io.enclavesuite.receipts.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCanonicalizerTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonCanonicalizer canonicalizer = new JsonCanonicalizer();
    private final ObjectMapper plain = new ObjectMapper();

    /** RFC 8785 §3.2.2 input and §3.2.3/§3.2.4 output, including the UTF-8 bytes of the result. */
    @Test
    void theRfcStructuredExampleCanonicalizesToTheRfcOutput() {
        JsonNode input = canonicalizer.parse("""
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }
                """);

        String canonical = canonicalizer.canonicalString(input);

        assertThat(canonical).isEqualTo("{\"literals\":[null,true,false],"
                + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        assertThat(HexFormat.of().formatHex(canonicalizer.canonicalize(input))).isEqualTo("""
                7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
                75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
                5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
                65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
                5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
                30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
                """.replaceAll("\\s", ""));
    }

    /** RFC 8785 §3.2.3: members sorted by UTF-16 code units, so the emoji (a surrogate pair) sorts before U+FB33. */
    @Test
    void membersAreSortedByUtf16CodeUnits() {
        ObjectNode input = NODES.objectNode();
        input.put("\u20ac", "Euro Sign");
        input.put("\r", "Carriage Return");
        input.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        input.put("1", "One");
        input.put("\ud83d\ude00", "Emoji: Grinning Face");
        input.put("\u0080", "Control");
        input.put("\u00f6", "Latin Small Letter O With Diaeresis");

        assertThat(canonicalizer.canonicalString(input)).isEqualTo("{"
                + "\"\\r\":\"Carriage Return\","
                + "\"1\":\"One\","
                + "\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void nestedObjectsAreSortedButArraysKeepTheirOrder() {
        JsonNode input = canonicalizer.parse("{ \"b\": [3, 1, {\"z\": 1, \"a\": 2}], \"a\": {} , \"c\": [] }");

        assertThat(canonicalizer.canonicalString(input)).isEqualTo("{\"a\":{},\"b\":[3,1,{\"a\":2,\"z\":1}],\"c\":[]}");
    }

    @Test
    void controlCharactersUseShortEscapesWhereJsonHasThemAndLowerCaseHexOtherwise() {
        var input = NODES.textNode("\b\t\n\f\r\u0000\u001f\u007f/\u2028\"\\");

        assertThat(canonicalizer.canonicalString(input))
                .isEqualTo("\"\\b\\t\\n\\f\\r\\u0000\\u001f\u007f/\u2028\\\"\\\\\"");
    }

    @Test
    void nonAsciiIsWrittenAsUtf8NotEscaped() {
        byte[] bytes = canonicalizer.canonicalize(NODES.textNode("\u00f6\u20ac\ud83d\ude00"));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("22" + "c3b6" + "e282ac" + "f09f9880" + "22");
    }

    @Test
    void aLoneSurrogateIsRefusedInValuesAndNames() {
        assertThatThrownBy(() -> canonicalizer.canonicalize(NODES.textNode("a\ud800b")))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("lone surrogate \\ud800 at index 1 of a string; I-JSON requires well-formed Unicode");
        assertThatThrownBy(() -> canonicalizer.canonicalize(NODES.objectNode().put("\ude00", 1)))
                .hasMessageStartingWith("lone surrogate \\ude00");
        assertThatThrownBy(() -> canonicalizer.canonicalize(canonicalizer.parse("[\"\\ud83d\"]")))
                .hasMessageStartingWith("lone surrogate \\ud83d");
    }

    @Test
    void integersUpToTwoToThe53rdAreWrittenExactly() {
        var input = NODES.arrayNode().add(9007199254740992L).add(-9007199254740992L).add(0).add(-1)
                .add(BigInteger.TWO.pow(53));

        assertThat(canonicalizer.canonicalString(input))
                .isEqualTo("[9007199254740992,-9007199254740992,0,-1,9007199254740992]");
    }

    @Test
    void integersBeyondTwoToThe53rdAreRefusedRatherThanRounded() {
        assertThatThrownBy(() -> canonicalizer.canonicalize(NODES.numberNode(9007199254740993L)))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("integer 9007199254740993 is beyond ±2^53 and would lose precision as an IEEE 754 "
                        + "double; send it as a string");
        assertThatThrownBy(() -> canonicalizer.canonicalize(canonicalizer.parse("[-9007199254740993]")))
                .hasMessageStartingWith("integer -9007199254740993 is beyond ±2^53");
        assertThatThrownBy(() -> canonicalizer.canonicalize(canonicalizer.parse("123456789012345678901234567890")))
                .hasMessageStartingWith("integer 123456789012345678901234567890 is beyond ±2^53");
    }

    @Test
    void negativeZeroIsWrittenAsZero() {
        assertThat(canonicalizer.canonicalString(canonicalizer.parse("[-0, -0.0, 0.0, -0e5]"))).isEqualTo("[0,0,0,0]");
        assertThat(canonicalizer.canonicalString(NODES.numberNode(-0.0d))).isEqualTo("0");
    }

    @Test
    void decimalsAreReadAsTheNearestDouble() {
        var input = NODES.arrayNode().add(new BigDecimal("4.50")).add(new BigDecimal("333333333.33333329"))
                .add(new BigDecimal("1E+21")).add(0.1f);

        assertThat(canonicalizer.canonicalString(input)).isEqualTo("[4.5,333333333.3333333,1e+21,0.10000000149011612]");
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        assertThatThrownBy(() -> canonicalizer.canonicalize(NODES.numberNode(Double.NaN)))
                .isInstanceOf(CanonicalJsonException.class).hasMessageContaining("refuses NaN and Infinity");
        assertThatThrownBy(() -> canonicalizer.canonicalize(canonicalizer.parse("[1e400]")))
                .hasMessageContaining("refuses NaN and Infinity");
    }

    @Test
    void valuesWithoutAJsonFormAreRefused() {
        assertThatThrownBy(() -> canonicalizer.canonicalize(NODES.binaryNode(new byte[] {1, 2})))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("a BINARY node has no JSON form; convert it to a string first");
        assertThatThrownBy(() -> canonicalizer.canonicalize(NODES.objectNode().set("x", NODES.missingNode())))
                .hasMessage("a MISSING node has no JSON form; convert it to a string first");
    }

    @Test
    void canonicalFormIsAFixedPoint() throws Exception {
        JsonNode input = plain.readTree("{\"z\":[1.0,2.5e-8,{\"\u00e9\":\"\\u0007\"}],\"a\":null,\"m\":-123e-2}");

        byte[] once = canonicalizer.canonicalize(input);
        byte[] twice = canonicalizer.canonicalize(canonicalizer.parse(new String(once, StandardCharsets.UTF_8)));

        assertThat(twice).isEqualTo(once);
        assertThat(new String(once, StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":null,\"m\":-1.23,\"z\":[1,2.5e-8,{\"\u00e9\":\"\\u0007\"}]}");
    }

    @Test
    void parsingRefusesDuplicateMemberNames() {
        assertThatThrownBy(() -> canonicalizer.parse("{\"a\":1,\"b\":2,\"a\":3}"))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void parsingRefusesTrailingContent() {
        assertThatThrownBy(() -> canonicalizer.parse("{\"a\":1} {\"b\":2}"))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessageStartingWith("not canonicalizable JSON:");
    }

    @Test
    void tenThousandNodesAreAcceptedAndOneMoreIsRefused() {
        assertThat(canonicalizer.canonicalize(arrayOfZeros(9_999))).hasSize(1 + 9_999 * 2);

        assertThatThrownBy(() -> canonicalizer.canonicalize(arrayOfZeros(10_000)))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("JSON value has more than 10000 nodes");
    }

    @Test
    void memberNamesDoNotCountAsNodes() {
        ObjectNode input = NODES.objectNode();
        for (int i = 0; i < 9_999; i++) {
            input.put("k" + i, i);
        }

        assertThat(canonicalizer.canonicalString(input)).startsWith("{\"k0\":0,\"k1\":1,\"k10\":10,");
    }

    @Test
    void depthThirtyTwoIsAcceptedAndThirtyThreeIsRefused() {
        assertThat(canonicalizer.canonicalString(nested(32))).isEqualTo("[".repeat(32) + "]".repeat(32));

        assertThatThrownBy(() -> canonicalizer.canonicalize(nested(33)))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("JSON value is nested deeper than 32 levels");
    }

    @Test
    void parsingRefusesNestingBeyondTheCapBeforeBuildingTheTree() {
        assertThat(canonicalizer.parse("[".repeat(32) + "]".repeat(32))).isNotNull();

        assertThatThrownBy(() -> canonicalizer.parse("[".repeat(33) + "]".repeat(33)))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessageContaining("nesting depth (33) exceeds the maximum allowed (32");
    }

    @Test
    void oneMebibyteOfOutputIsAcceptedAndOneByteMoreIsRefused() {
        String fits = "x".repeat(1024 * 1024 - 2); // plus two quotes

        assertThat(canonicalizer.canonicalize(NODES.textNode(fits))).hasSize(1024 * 1024);
        assertThatThrownBy(() -> canonicalizer.canonicalize(NODES.textNode(fits + "x")))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("canonical JSON would be longer than 1048576 bytes");
    }

    @Test
    void theOutputCapCountsUtf8BytesNotCharacters() {
        var small = new JsonCanonicalizer(new CanonicalLimits(10, 4, 8));

        assertThat(small.canonicalize(NODES.textNode("\u20ac\u20ac"))).hasSize(8);
        assertThatThrownBy(() -> small.canonicalize(NODES.textNode("\u20ac\u20acx")))
                .hasMessage("canonical JSON would be longer than 8 bytes");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new CanonicalLimits(0, 32, 1024))
                .hasMessage("canonicalization limits must be positive: nodes 0, depth 32, bytes 1024");
    }

    private static ArrayNode arrayOfZeros(int size) {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < size; i++) {
            array.add(0);
        }
        return array;
    }

    private static JsonNode nested(int depth) {
        ArrayNode root = NODES.arrayNode();
        ArrayNode current = root;
        for (int i = 1; i < depth; i++) {
            current = current.addArray();
        }
        return root;
    }
}
