package io.enclavesuite.receipts.receipt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.receipts.ReceiptJson;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed bytes: the tree built field by field is exactly the record's JSON without its signature. */
class ReceiptSignerTest {

    private static Receipt full() {
        return new Receipt("receipt-1", "coordination", "room-00000000-0000-0000-0000-0000000000aa", "Q1 planning",
                List.of("U0ALICE", "U0BOB"), JsonNodeFactory.instance.objectNode().put("start", "2026-12-01T10:00:00Z"),
                17, Instant.parse("2026-11-23T09:00:00.123456789Z"), Instant.parse("2026-11-23T11:00:00Z"),
                "ab".repeat(32), 2, "key-1", Instant.parse("2026-11-23T11:00:01Z"), "c2ln");
    }

    private static Receipt sparse() {
        return new Receipt("receipt-2", "team", "growth", null, null, JsonNodeFactory.instance.objectNode(), 0, null,
                null, "cd".repeat(32), null, "key-1", Instant.parse("2026-11-23T11:00:01Z"), null);
    }

    @Test
    void theFieldByFieldTreeIsTheRecordsJsonWithoutItsSignature() {
        for (Receipt receipt : List.of(full(), sparse())) {
            ObjectNode viaJackson = ReceiptJson.mapper().valueToTree(receipt);
            viaJackson.remove("signature");

            assertThat(ReceiptSigner.unsignedTree(receipt)).isEqualTo(viaJackson);
        }
    }

    @Test
    void aSignedReceiptVerifiesAndNamesItsKey() {
        Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(new SecureRandom());
        Receipt signed = new ReceiptSigner(key).sign(sparse());

        assertThat(signed.issuerKeyId()).isEqualTo(key.verificationKey().keyId());
        assertThat(new ReceiptVerifier().verify(signed, new JwkSet(List.of(key.verificationKey())),
                java.util.Optional.empty()).valid()).isTrue();
    }
}
