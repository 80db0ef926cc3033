package io.enclavesuite.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The read API's embedded identity provider: an ES256 (EC P-256) key that signs bearer tokens naming a person, and
 * whose public half enclave-query checks them with. It stands in for a real identity provider on a developer's
 * machine and in tests; {@code enclavectl token} mints with it. Tokens say who issued them ({@link #ISSUER}) and for
 * whom ({@link #AUDIENCE}), so a token from elsewhere, or for another service, is refused even if the key leaked
 * into a second use.
 * <p>
 * The key file is PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), what {@code openssl genpkey -algorithm EC
 * -pkeyopt ec_paramgen_curve:P-256} writes; generated owner-only on first start when missing.
 */
public final class LocalTokenIssuer {

    public static final String ISSUER = "enclave-suite-local";
    public static final String AUDIENCE = "enclave-api";
    public static final JWSAlgorithm ALGORITHM = Es256Keys.ALGORITHM;

    private static final String WHAT = "API token key";

    /** The private key with its public half; the key id is the RFC 7638 thumbprint of the public key. */
    private final ECKey key;

    private LocalTokenIssuer(ECKey key) {
        this.key = key;
    }

    /** A new key in memory only. */
    public static LocalTokenIssuer generate() {
        return new LocalTokenIssuer(Es256Keys.generate());
    }

    /** Reads the key at {@code file}, or generates it there when there is none yet. */
    public static LocalTokenIssuer loadOrCreate(Path file) {
        return new LocalTokenIssuer(Es256Keys.loadOrCreate(file, WHAT));
    }

    /**
     * @throws UncheckedIOException     when the file cannot be read (a missing file: {@link NoSuchFileException})
     * @throws IllegalArgumentException with the file and the reason, when it holds no P-256 private key
     */
    public static LocalTokenIssuer read(Path file) {
        return new LocalTokenIssuer(Es256Keys.read(file, WHAT));
    }

    /** @throws IllegalArgumentException with the reason, when the text is not a PKCS#8 EC P-256 private key */
    public static LocalTokenIssuer fromPem(String pem) {
        return new LocalTokenIssuer(Es256Keys.fromPrivatePem(pem));
    }

    public String toPem() {
        return Es256Keys.privatePem(key);
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The public half as a JWK: what the read API verifies tokens with. */
    public ECKey verificationKey() {
        return key.toPublicJWK();
    }

    /** A token for {@code subject} (a person's user id), valid from {@code issuedAt} for {@code validFor}. */
    public String mint(String subject, Instant issuedAt, Duration validFor) {
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("a token must be valid for some time, not " + validFor);
        }
        return sign(new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(validFor)))
                .jwtID(UUID.randomUUID().toString()).build());
    }

    /** Any claims, signed with this key: for tests of what the API refuses. */
    public String sign(JWTClaimsSet claims) {
        return Es256Keys.sign(key, claims);
    }
}
