package io.enclavesuite.trust;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every principal the intake believes, with its keys, and the keys revoked whatever their window says. Immutable: a
 * key rotation builds a new registry ({@link ReloadingRegistry}).
 *
 * @param revoked thumbprints ({@link PrincipalKey#thumbprint()}) never accepted again
 */
public record PrincipalRegistry(Map<String, Principal> principals, Set<String> revoked) {

    public PrincipalRegistry {
        principals = Map.copyOf(principals);
        revoked = Set.copyOf(revoked);
    }

    public static PrincipalRegistry of(Collection<Principal> principals, Set<String> revoked) {
        Map<String, Principal> byId = new LinkedHashMap<>();
        for (Principal principal : principals) {
            if (byId.put(principal.id(), principal) != null) {
                throw new IllegalArgumentException("principal " + principal.id() + " is registered twice");
            }
        }
        return new PrincipalRegistry(byId, revoked);
    }

    public Optional<Principal> principal(String id) {
        return Optional.ofNullable(principals.get(id));
    }

    /**
     * The principal a JWS {@code kid} names, if that key is one of its keys and may sign at {@code at}.
     *
     * @throws UntrustedEnvelope naming why not
     */
    public Principal signerOf(String kid, Instant at) {
        int slash = kid == null ? -1 : kid.indexOf('/');
        if (slash <= 0) {
            throw new UntrustedEnvelope(UntrustedEnvelope.Kind.UNKNOWN_KEY,
                    "the signature's key id is not <principal>/<key thumbprint>");
        }
        String id = kid.substring(0, slash);
        String thumbprint = kid.substring(slash + 1);
        Principal principal = principals.get(id);
        if (principal == null) {
            throw new UntrustedEnvelope(UntrustedEnvelope.Kind.UNKNOWN_KEY, "unknown principal '" + id + "'");
        }
        if (revoked.contains(thumbprint)) {
            throw new UntrustedEnvelope(UntrustedEnvelope.Kind.REVOKED_KEY,
                    "key " + thumbprint + " of principal " + id + " is revoked");
        }
        PrincipalKey key = principal.keys().stream().filter(k -> k.thumbprint().equals(thumbprint)).findFirst()
                .orElseThrow(() -> new UntrustedEnvelope(UntrustedEnvelope.Kind.UNKNOWN_KEY,
                        "key " + thumbprint + " is not a key of principal " + id));
        if (!key.validAt(at)) {
            throw new UntrustedEnvelope(UntrustedEnvelope.Kind.KEY_NOT_VALID, "key " + thumbprint + " of principal "
                    + id + " is valid " + window(key) + ", not at " + at);
        }
        return principal;
    }

    /** The public key a {@code kid} names, once {@link #signerOf} accepted it. */
    PrincipalKey key(String kid) {
        int slash = kid.indexOf('/');
        String thumbprint = kid.substring(slash + 1);
        return principals.get(kid.substring(0, slash)).keys().stream()
                .filter(k -> k.thumbprint().equals(thumbprint)).findFirst().orElseThrow();
    }

    private static String window(PrincipalKey key) {
        return (key.notBefore() == null ? "" : "from " + key.notBefore() + " ")
                + (key.notAfter() == null ? "" : "until " + key.notAfter());
    }
}
