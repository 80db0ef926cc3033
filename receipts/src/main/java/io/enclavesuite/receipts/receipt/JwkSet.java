package io.enclavesuite.receipts.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.receipts.signing.Ed25519Keys;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Receipt verification keys as a JSON Web Key set (RFC 7517, OKP / Ed25519 per RFC 8037): {@code kid} is the key id
 * receipts name. Several keys may be published at once, so receipts signed before a rotation keep verifying.
 */
public final class JwkSet {

    private final Map<String, Ed25519Keys.VerificationKey> byId = new LinkedHashMap<>();

    public JwkSet(List<Ed25519Keys.VerificationKey> keys) {
        keys.forEach(key -> byId.put(key.keyId(), key));
    }

    public Optional<Ed25519Keys.VerificationKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public JsonNode toJson() {
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        ArrayNode keys = set.putArray("keys");
        byId.forEach((id, key) -> keys.addObject()
                .put("kty", "OKP").put("crv", "Ed25519").put("use", "sig").put("kid", id)
                .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(key.encoded())));
        return set;
    }

    /**
     * @throws IllegalArgumentException when the document is not a JWK set of Ed25519 keys, or a {@code kid} does not
     *                                  match its key (a kid is not trusted, it is recomputed)
     */
    public static JwkSet fromJson(JsonNode json) {
        JsonNode keys = json.path("keys");
        if (!keys.isArray()) {
            throw new IllegalArgumentException("not a JWK set: no \"keys\" array");
        }
        List<Ed25519Keys.VerificationKey> parsed = new java.util.ArrayList<>();
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
            parsed.add(key);
        }
        return new JwkSet(parsed);
    }
}
