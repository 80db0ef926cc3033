package io.enclavesuite.receipts.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.receipts.signing.Ed25519Keys;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Receipt verification keys as a JSON Web Key set (RFC 7517, OKP / Ed25519 per RFC 8037): {@code kid} is the key id
 * receipts name. Several keys may be published at once, so receipts signed before a rotation keep verifying. Each
 * key may carry its {@link KeyValidity} as members of its own (RFC 7517 §4 lets a JWK have more): {@code notBefore}
 * and {@code retiredAt} (ISO-8601 instants) and {@code revoked} ({@code true}); a key without them is current.
 */
public final class JwkSet {

    /** One published key and when it may have signed. */
    public record PublishedKey(Ed25519Keys.VerificationKey key, KeyValidity validity) {
        public PublishedKey {
            java.util.Objects.requireNonNull(key, "key");
            validity = validity == null ? KeyValidity.CURRENT : validity;
        }
    }

    private final Map<String, PublishedKey> byId = new LinkedHashMap<>();

    /** Keys without windows: each verifies whatever it signed. */
    public JwkSet(List<Ed25519Keys.VerificationKey> keys) {
        keys.forEach(key -> byId.put(key.keyId(), new PublishedKey(key, KeyValidity.CURRENT)));
    }

    public static JwkSet of(List<PublishedKey> keys) {
        JwkSet set = new JwkSet(List.of());
        keys.forEach(published -> set.byId.put(published.key().keyId(), published));
        return set;
    }

    public Optional<Ed25519Keys.VerificationKey> find(String keyId) {
        return published(keyId).map(PublishedKey::key);
    }

    public Optional<PublishedKey> published(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public JsonNode toJson() {
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        ArrayNode keys = set.putArray("keys");
        byId.forEach((id, published) -> {
            ObjectNode jwk = keys.addObject()
                    .put("kty", "OKP").put("crv", "Ed25519").put("use", "sig").put("kid", id)
                    .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(published.key().encoded()));
            KeyValidity validity = published.validity();
            if (validity.notBefore() != null) {
                jwk.put("notBefore", validity.notBefore().toString());
            }
            if (validity.retiredAt() != null) {
                jwk.put("retiredAt", validity.retiredAt().toString());
            }
            if (validity.revoked()) {
                jwk.put("revoked", true);
            }
        });
        return set;
    }

    /**
     * @throws IllegalArgumentException when the document is not a JWK set of Ed25519 keys, a {@code kid} does not
     *                                  match its key (a kid is not trusted, it is recomputed), or a key's window is
     *                                  not one
     */
    public static JwkSet fromJson(JsonNode json) {
        JsonNode keys = json.path("keys");
        if (!keys.isArray()) {
            throw new IllegalArgumentException("not a JWK set: no \"keys\" array");
        }
        List<PublishedKey> parsed = new ArrayList<>();
        for (JsonNode jwk : keys) {
            if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())) {
                continue; // other keys may share the set; receipts are Ed25519 only
            }
            Ed25519Keys.VerificationKey key;
            try {
                key = new Ed25519Keys.VerificationKey(Base64.getUrlDecoder().decode(jwk.path("x").asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a key of the JWK set is not an Ed25519 public key: " + e.getMessage());
            }
            if (jwk.hasNonNull("kid") && !jwk.get("kid").asText().equals(key.keyId())) {
                throw new IllegalArgumentException("key '" + jwk.get("kid").asText() + "' does not match its kid");
            }
            if (jwk.has("revoked") && !jwk.get("revoked").isBoolean()) {
                throw new IllegalArgumentException("key '" + key.keyId() + "': \"revoked\" must be true or false");
            }
            try {
                parsed.add(new PublishedKey(key, new KeyValidity(instant(jwk, "notBefore"),
                        instant(jwk, "retiredAt"), jwk.path("revoked").asBoolean(false))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key '" + key.keyId() + "': " + e.getMessage());
            }
        }
        return of(parsed);
    }

    private static Instant instant(JsonNode jwk, String member) {
        if (!jwk.hasNonNull(member)) {
            return null;
        }
        try {
            return Instant.parse(jwk.get(member).asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + member + "\" is not an ISO-8601 instant: '"
                    + jwk.get(member).asText() + "'");
        }
    }
}
