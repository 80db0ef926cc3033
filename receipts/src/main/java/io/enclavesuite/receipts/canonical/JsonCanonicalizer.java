package io.enclavesuite.receipts.canonical;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 8785 JSON Canonicalization Scheme over Jackson trees: the exact bytes receipts hash and sign.
 *
 * <ul>
 *   <li>Object members sorted by their names' UTF-16 code units ({@link String#compareTo} is exactly that).</li>
 *   <li>No whitespace; strings escaped as ECMAScript's {@code JSON.stringify} does; output in UTF-8.</li>
 *   <li>Numbers are IEEE 754 doubles written by {@link EcmaScriptNumber}. Integer nodes (int, long, BigInteger)
 *       beyond ±2^53 are refused rather than rounded, since two different integers would then share one
 *       canonical form: send such values as strings. Floating nodes (double, float, BigDecimal) are taken as the
 *       nearest double, as RFC 8785 reads any JSON number.</li>
 *   <li>Lone surrogates, NaN, Infinity and values without a JSON form (binary, POJO) are refused (I-JSON).</li>
 *   <li>The {@link CanonicalLimits} caps apply while writing, so an oversized input fails before it is buffered.</li>
 * </ul>
 * Duplicate member names cannot exist in a Jackson tree; read text through {@link #parse} so that they are
 * refused instead of silently keeping the last one. Thread-safe.
 */
public final class JsonCanonicalizer {

    private static final BigInteger LARGEST_EXACT_INTEGER = BigInteger.ONE.shiftLeft(53);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final CanonicalLimits limits;
    private final ObjectMapper strictReader;

    public JsonCanonicalizer() {
        this(CanonicalLimits.DEFAULT);
    }

    public JsonCanonicalizer(CanonicalLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits are required");
        var factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth()).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        this.strictReader = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Reads JSON text for canonicalization: duplicate member names, trailing content and over-deep nesting refused. */
    public JsonNode parse(String json) {
        Objects.requireNonNull(json, "JSON text is required");
        try {
            return strictReader.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CanonicalJsonException("not canonicalizable JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The canonical form as UTF-8 bytes, ready to hash or sign. */
    public byte[] canonicalize(JsonNode value) {
        Objects.requireNonNull(value, "a JSON value is required");
        var writer = new Writer(limits);
        writer.value(value, 0);
        return writer.bytes();
    }

    public String canonicalString(JsonNode value) {
        return new String(canonicalize(value), StandardCharsets.UTF_8);
    }

    /** One canonicalization: the output so far and the budget left. */
    private static final class Writer {

        private final CanonicalLimits limits;
        private byte[] out;
        private int size;
        private int nodes;

        Writer(CanonicalLimits limits) {
            this.limits = limits;
            this.out = new byte[Math.min(256, limits.maxBytes())];
        }

        byte[] bytes() {
            return Arrays.copyOf(out, size);
        }

        void value(JsonNode node, int depth) {
            if (++nodes > limits.maxNodes()) {
                throw new CanonicalJsonException("JSON value has more than " + limits.maxNodes() + " nodes");
            }
            switch (node.getNodeType()) {
                case OBJECT -> object(node, enter(depth));
                case ARRAY -> array(node, enter(depth));
                case STRING -> string(node.textValue());
                case NUMBER -> number(node);
                case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
                case NULL -> ascii("null");
                default -> throw new CanonicalJsonException(
                        "a " + node.getNodeType() + " node has no JSON form; convert it to a string first");
            }
        }

        private int enter(int depth) {
            if (depth + 1 > limits.maxDepth()) {
                throw new CanonicalJsonException("JSON value is nested deeper than " + limits.maxDepth() + " levels");
            }
            return depth + 1;
        }

        private void object(JsonNode node, int depth) {
            List<String> names = new ArrayList<>(node.size());
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null); // UTF-16 code unit order
            put('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    put(',');
                }
                string(names.get(i));
                put(':');
                value(node.get(names.get(i)), depth);
            }
            put('}');
        }

        private void array(JsonNode node, int depth) {
            put('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    put(',');
                }
                value(node.get(i), depth);
            }
            put(']');
        }

        private void number(JsonNode node) {
            if (node.isIntegralNumber()) {
                BigInteger integer = node.bigIntegerValue();
                if (integer.abs().compareTo(LARGEST_EXACT_INTEGER) > 0) {
                    throw new CanonicalJsonException("integer " + integer + " is beyond ±2^53 and would lose "
                            + "precision as an IEEE 754 double; send it as a string");
                }
                ascii(integer.toString());
            } else {
                double value = node.isBigDecimal() ? node.decimalValue().doubleValue() : node.doubleValue();
                ascii(EcmaScriptNumber.format(value));
            }
        }

        private void string(String text) {
            put('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> escape('"');
                    case '\\' -> escape('\\');
                    case '\b' -> escape('b');
                    case '\f' -> escape('f');
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    case '\t' -> escape('t');
                    default -> {
                        if (c < 0x20) {
                            ascii("\\u00");
                            put(HEX[c >> 4]);
                            put(HEX[c & 0xf]);
                        } else if (c < 0x80) {
                            put(c);
                        } else if (c < 0x800) {
                            put(0xc0 | c >> 6);
                            put(0x80 | c & 0x3f);
                        } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                                && Character.isLowSurrogate(text.charAt(i + 1))) {
                            int codePoint = Character.toCodePoint(c, text.charAt(++i));
                            put(0xf0 | codePoint >> 18);
                            put(0x80 | codePoint >> 12 & 0x3f);
                            put(0x80 | codePoint >> 6 & 0x3f);
                            put(0x80 | codePoint & 0x3f);
                        } else if (Character.isSurrogate(c)) {
                            throw new CanonicalJsonException(String.format(
                                    "lone surrogate \\u%04x at index %d of a string; I-JSON requires well-formed Unicode",
                                    (int) c, i));
                        } else {
                            put(0xe0 | c >> 12);
                            put(0x80 | c >> 6 & 0x3f);
                            put(0x80 | c & 0x3f);
                        }
                    }
                }
            }
            put('"');
        }

        private void escape(char c) {
            put('\\');
            put(c);
        }

        private void ascii(String text) {
            for (int i = 0; i < text.length(); i++) {
                put(text.charAt(i));
            }
        }

        private void put(int b) {
            if (size == out.length) {
                if (size >= limits.maxBytes()) {
                    throw new CanonicalJsonException(
                            "canonical JSON would be longer than " + limits.maxBytes() + " bytes");
                }
                out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, limits.maxBytes()));
            }
            out[size++] = (byte) b;
        }
    }
}
