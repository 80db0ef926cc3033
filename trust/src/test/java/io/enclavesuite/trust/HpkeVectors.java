package io.enclavesuite.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The RFC 9180 test vectors of the suites {@link RoomSeals} is built from (base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256), as {@code hpke/rfc9180-x25519-hkdf-sha256.json} holds them; its {@code source} says where each
 * came from and what is left out.
 */
record HpkeVectors(JsonNode vector) {

    private static final HexFormat HEX = HexFormat.of();

    /** AEAD 0x0002, the suite {@link RoomSeals} uses: keys, ciphertexts and exports, no ikm or intermediates. */
    static HpkeVectors aes256Gcm() {
        return load("aes-256-gcm");
    }

    /** RFC 9180 Appendix A.1.1 (AEAD 0x0001): the same KEM and KDF, with ikm and every intermediate value. */
    static HpkeVectors aes128Gcm() {
        return load("aes-128-gcm");
    }

    private static HpkeVectors load(String name) {
        try (InputStream in = HpkeVectors.class.getResourceAsStream("/hpke/rfc9180-x25519-hkdf-sha256.json")) {
            JsonNode vector = new ObjectMapper().readTree(in).path("vectors").path(name);
            if (vector.isMissingNode()) {
                throw new IllegalStateException("no vector " + name);
            }
            return new HpkeVectors(vector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int aeadId() {
        return vector.path("aead_id").intValue();
    }

    byte[] bytes(String field) {
        JsonNode value = vector.path(field);
        if (!value.isTextual()) {
            throw new IllegalStateException("the vector has no " + field);
        }
        return HEX.parseHex(value.textValue());
    }

    boolean has(String field) {
        return vector.has(field);
    }

    List<Encryption> encryptions() {
        return StreamSupport.stream(vector.path("encryptions").spliterator(), false)
                .map(e -> new Encryption(e.path("seq").intValue(), hex(e, "aad"), hex(e, "pt"), hex(e, "ct")))
                .toList();
    }

    List<Export> exports() {
        return StreamSupport.stream(vector.path("exports").spliterator(), false)
                .map(e -> new Export(hex(e, "exporter_context"), e.path("L").intValue(), hex(e, "exported_value")))
                .toList();
    }

    private static byte[] hex(JsonNode node, String field) {
        return HEX.parseHex(node.path(field).textValue());
    }

    /** The vector's encryption with sequence number {@code seq}: the context's seq-th seal of {@code pt}. */
    record Encryption(int seq, byte[] aad, byte[] pt, byte[] ct) {
    }

    record Export(byte[] context, int length, byte[] value) {
    }
}
