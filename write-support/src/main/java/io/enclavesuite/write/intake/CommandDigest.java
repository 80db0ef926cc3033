package io.enclavesuite.write.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.receipts.canonical.JsonCanonicalizer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an envelope asks, as a SHA-256 over the RFC 8785 form of its type, payload, actor, channel and operator's reason — not its
 * issue time or the signature, so a sender's retry of the same command (re-signed, re-stamped) is recognised as a
 * resend, while the same id with anything else asked is not.
 */
final class CommandDigest {

    private static final JsonCanonicalizer CANONICAL = new JsonCanonicalizer();

    private CommandDigest() {
    }

    static byte[] of(CommandEnvelope envelope) {
        ObjectNode asked = EnclaveJson.mapper().createObjectNode();
        asked.put("type", envelope.type());
        asked.set("payload", envelope.payload());
        asked.put("actor", envelope.actor());
        asked.put("channelId", envelope.channelId());
        if (envelope.operatorReason() != null) {
            // absent from every digest made before there were reasons, so theirs are unchanged
            asked.put("operatorReason", envelope.operatorReason());
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(CANONICAL.canonicalize(asked));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static byte[] fromHex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
