package io.enclavesuite.receipts.receipt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.receipts.ReceiptJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.receipts.canonical.JsonCanonicalizer;
import io.enclavesuite.receipts.signing.Ed25519Keys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signs receipts: Ed25519 over a domain-separation prefix and the canonical JSON (RFC 8785) of the receipt without
 * its signature. The prefix keeps a receipt signature from ever being valid for anything else signed with the key.
 */
public final class ReceiptSigner {

    public static final String DOMAIN = "enclave-suite/receipt/v1\n";

    static final ObjectMapper JSON = ReceiptJson.mapper();
    private static final JsonCanonicalizer CANONICALIZER = new JsonCanonicalizer();

    private final Ed25519Keys.SigningKey key;

    public ReceiptSigner(Ed25519Keys.SigningKey key) {
        this.key = key;
    }

    public String keyId() {
        return key.verificationKey().keyId();
    }

    /** Stamps this signer's key id on the receipt and signs it. */
    public Receipt sign(Receipt unsigned) {
        Receipt stamped = new Receipt(unsigned.receiptId(), unsigned.enclaveKind(), unsigned.enclaveId(),
                unsigned.purpose(), unsigned.participants(), unsigned.outcome(), unsigned.operationCount(),
                unsigned.firstEventAt(), unsigned.lastEventAt(), unsigned.eventChainHead(), keyId(),
                unsigned.issuedAt(), null);
        return stamped.withSignature(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.sign(signedBytes(stamped))));
    }

    /** The prefix and the canonical receipt without its signature: exactly what is signed and verified. */
    public static byte[] signedBytes(Receipt receipt) {
        ObjectNode tree = JSON.valueToTree(receipt);
        tree.remove("signature");
        byte[] canonical = CANONICALIZER.canonicalize(tree);
        byte[] prefix = DOMAIN.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + canonical.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(canonical, 0, message, prefix.length, canonical.length);
        return message;
    }
}
