package io.enclavesuite.receipts.receipt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.enclavesuite.receipts.chain.EventChain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a room's participants (or an enclave's owner) get at the end, signed: who took part, what came of it, how
 * much happened, and the head of the hash chain over the whole event stream — so the receipt vouches for the
 * history, not just the outcome.
 *
 * @param enclaveKind    {@code coordination} or {@code team}
 * @param outcome        the agreed slot, or what deprovisioning removed and who confirmed it
 * @param operationCount commands applied in the room (its events)
 * @param chainVersion   how {@code eventChainHead} is computed ({@link io.enclavesuite.receipts.chain.EventChain});
 *                       absent (null) on receipts issued before version 2, which are version 1
 * @param signature      base64url Ed25519 over {@link ReceiptSigner#signedBytes}; null before signing
 */
public record Receipt(String receiptId, String enclaveKind, String enclaveId, String purpose, List<String> participants,
                      JsonNode outcome, long operationCount, Instant firstEventAt, Instant lastEventAt,
                      String eventChainHead, @JsonInclude(JsonInclude.Include.NON_NULL) Integer chainVersion,
                      String issuerKeyId, Instant issuedAt, String signature) {

    public Receipt {
        Objects.requireNonNull(receiptId, "receiptId is required");
        Objects.requireNonNull(enclaveKind, "enclaveKind is required");
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(outcome, "outcome is required");
        Objects.requireNonNull(eventChainHead, "eventChainHead is required");
        Objects.requireNonNull(issuerKeyId, "issuerKeyId is required");
        Objects.requireNonNull(issuedAt, "issuedAt is required");
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** The chain version its head was computed with: 1 when the receipt names none. */
    public int chain() {
        return chainVersion == null ? EventChain.V1 : chainVersion;
    }

    public Receipt withSignature(String signature) {
        return new Receipt(receiptId, enclaveKind, enclaveId, purpose, participants, outcome, operationCount,
                firstEventAt, lastEventAt, eventChainHead, chainVersion, issuerKeyId, issuedAt, signature);
    }
}
