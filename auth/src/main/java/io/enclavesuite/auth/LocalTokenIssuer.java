package io.enclavesuite.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.enclavesuite.receipts.signing.KeyFiles;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
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
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    private static final String LABEL = "PRIVATE KEY";

    /** The private key with its public half; the key id is the RFC 7638 thumbprint of the public key. */
    private final ECKey key;

    private LocalTokenIssuer(ECPublicKey publicKey, ECPrivateKey privateKey) {
        try {
            this.key = new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE)
                    .algorithm(ALGORITHM).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the key's thumbprint", e);
        }
    }

    /** A new key in memory only. */
    public static LocalTokenIssuer generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new LocalTokenIssuer((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    /** Reads the key at {@code file}, or generates it there when there is none yet. */
    public static LocalTokenIssuer loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        LocalTokenIssuer issuer = generate();
        try {
            return KeyFiles.createOwnerOnly(file, issuer.toPem()) ? issuer : read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the API token key to " + file, e);
        }
    }

    /**
     * @throws UncheckedIOException     when the file cannot be read (a missing file: {@link NoSuchFileException})
     * @throws IllegalArgumentException with the file and the reason, when it holds no P-256 private key
     */
    public static LocalTokenIssuer read(Path file) {
        try {
            return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API token key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException with the reason, when the text is not a PKCS#8 EC P-256 private key */
    public static LocalTokenIssuer fromPem(String pem) {
        byte[] der = KeyFiles.fromPem(LABEL, pem).orElseThrow(() -> new IllegalArgumentException(
                "not a PKCS#8 PEM private key (-----BEGIN " + LABEL + "----- … -----END " + LABEL + "-----)"));
        ECPrivateKey privateKey;
        try {
            privateKey = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the PEM does not hold an EC private key: " + e.getMessage());
        }
        if (!Curve.P_256.equals(Curve.forECParameterSpec(privateKey.getParams()))) {
            throw new IllegalArgumentException("the key is not on curve P-256: API tokens are signed with ES256 only");
        }
        // PKCS#8 need not carry the public point (Java's own encoding leaves it out): derive it as d·G.
        X9ECParameters curve = ECNamedCurveTable.getByName("P-256");
        ECPoint point = new FixedPointCombMultiplier().multiply(curve.getG(), privateKey.getS()).normalize();
        try {
            ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new java.security.spec.ECPoint(point.getAffineXCoord().toBigInteger(),
                            point.getAffineYCoord().toBigInteger()), privateKey.getParams()));
            return new LocalTokenIssuer(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage());
        }
    }

    public String toPem() {
        try {
            return KeyFiles.toPem(LABEL, key.toECPrivateKey().getEncoded());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encode the API token key", e);
        }
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
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ALGORITHM).type(JOSEObjectType.JWT).keyID(keyId()).build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the token", e);
        }
        return jwt.serialize();
    }
}
