package io.enclavesuite.receipts.receipt;

import io.enclavesuite.receipts.chain.ChainEntry;
import io.enclavesuite.receipts.chain.EventChain;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Anyone's check of a receipt, offline: the signature under a published key that was valid when the receipt was
 * issued and, given the exported events, the chain head recomputed from them (events withheld from the holder stand
 * in by their hashes, in a version 2 chain). Every failure says which check failed.
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

    public Verdict verify(Receipt receipt, JwkSet keys, Optional<? extends List<? extends ChainEntry>> events) {
        if (receipt.signature() == null) {
            return Verdict.invalid("the receipt is not signed");
        }
        var published = keys.published(receipt.issuerKeyId());
        if (published.isEmpty()) {
            return Verdict.invalid("signed by key '" + receipt.issuerKeyId() + "', which the key set does not publish");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(receipt.signature());
        } catch (IllegalArgumentException e) {
            return Verdict.invalid("the signature is not base64url");
        }
        if (!published.get().key().verifies(ReceiptSigner.signedBytes(receipt), signature)) {
            return Verdict.invalid("the signature does not match the receipt: it was changed after signing");
        }
        Optional<String> refused = published.get().validity().refuses(receipt.issuerKeyId(), receipt.issuedAt());
        if (refused.isPresent()) {
            return Verdict.invalid(refused.get());
        }
        if (events.isPresent()) {
            List<? extends ChainEntry> stream = events.get();
            if (!stream.isEmpty() && !stream.get(0).aggregateId().equals(receipt.enclaveId())) {
                return Verdict.invalid("the events are of '" + stream.get(0).aggregateId() + "', the receipt of '"
                        + receipt.enclaveId() + "'");
            }
            EventChain.Result result = chain.head(stream, receipt.chain());
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
