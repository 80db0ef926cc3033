package io.enclavesuite.receipts.receipt;

import io.enclavesuite.receipts.chain.EventChain;
import io.enclavesuite.receipts.chain.ExportedEvent;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Anyone's check of a receipt, offline: the signature under a published key and, given the exported events, the
 * chain head recomputed from them. Every failure says which check failed.
 */
public final class ReceiptVerifier {

    private final EventChain chain = new EventChain();

    /** Valid, or the reason it is not. */
    public record Verdict(boolean valid, String reason) {
        static final Verdict VALID = new Verdict(true, null);

        static Verdict invalid(String reason) {
            return new Verdict(false, reason);
        }
    }

    public Verdict verify(Receipt receipt, JwkSet keys, Optional<List<ExportedEvent>> events) {
        if (receipt.signature() == null) {
            return Verdict.invalid("the receipt is not signed");
        }
        var key = keys.find(receipt.issuerKeyId());
        if (key.isEmpty()) {
            return Verdict.invalid("signed by key '" + receipt.issuerKeyId() + "', which the key set does not publish");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(receipt.signature());
        } catch (IllegalArgumentException e) {
            return Verdict.invalid("the signature is not base64url");
        }
        if (!key.get().verifies(ReceiptSigner.signedBytes(receipt), signature)) {
            return Verdict.invalid("the signature does not match the receipt: it was changed after signing");
        }
        if (events.isPresent()) {
            List<ExportedEvent> stream = events.get();
            if (!stream.isEmpty() && !stream.get(0).aggregateId().equals(receipt.enclaveId())) {
                return Verdict.invalid("the events are of '" + stream.get(0).aggregateId() + "', the receipt of '"
                        + receipt.enclaveId() + "'");
            }
            EventChain.Result result = chain.head(stream);
            if (result.problem().isPresent()) {
                return Verdict.invalid("the events do not form one stream: " + result.problem().get());
            }
            if (!result.head().get().equals(receipt.eventChainHead())) {
                return Verdict.invalid("the events do not hash to the receipt's chain head: the history was changed");
            }
        }
        return Verdict.VALID;
    }
}
