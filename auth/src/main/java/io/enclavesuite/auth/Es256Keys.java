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
import java.security.spec.X509EncodedKeySpec;

/**
 * The ES256 token keys of the suite's issuers (the local issuer, each service issuer): one file format — PKCS#8 PEM
 * for the private key, what {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} writes, and
 * SubjectPublicKeyInfo PEM for the public half, what {@code openssl pkey -pubout} writes — and one way of signing.
 */
final class Es256Keys {

    static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private Es256Keys() {
    }

    /** A new key pair in memory only. */
    static ECKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return jwk((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    /** Reads the private key at {@code file}, or generates it there (owner-only) when there is none yet. */
    static ECKey loadOrCreate(Path file, String what) {
        if (Files.exists(file)) {
            return read(file, what);
        }
        ECKey key = generate();
        try {
            // another process may have made it first: then its key is the one
            return KeyFiles.createOwnerOnly(file, privatePem(key)) ? key : read(file, what);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " to " + file, e);
        }
    }

    /**
     * @throws UncheckedIOException     when the file cannot be read (a missing file: {@link NoSuchFileException})
     * @throws IllegalArgumentException with the file and the reason, when it holds no P-256 private key
     */
    static ECKey read(Path file, String what) {
        try {
            return fromPrivatePem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException with the reason, when the text is not a PKCS#8 EC P-256 private key */
    static ECKey fromPrivatePem(String pem) {
        byte[] der = KeyFiles.fromPem(PRIVATE, pem).orElseThrow(() -> new IllegalArgumentException(
                "not a PKCS#8 PEM private key (-----BEGIN " + PRIVATE + "----- … -----END " + PRIVATE + "-----)"));
        ECPrivateKey privateKey;
        try {
            privateKey = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the PEM does not hold an EC private key: " + e.getMessage());
        }
        requireP256(privateKey.getParams());
        // PKCS#8 need not carry the public point (Java's own encoding leaves it out): derive it as d·G.
        X9ECParameters curve = ECNamedCurveTable.getByName("P-256");
        ECPoint point = new FixedPointCombMultiplier().multiply(curve.getG(), privateKey.getS()).normalize();
        try {
            ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new java.security.spec.ECPoint(point.getAffineXCoord().toBigInteger(),
                            point.getAffineYCoord().toBigInteger()), privateKey.getParams()));
            return jwk(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage());
        }
    }

    /**
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException with the file and the reason, when it holds no P-256 public key
     */
    static ECKey readPublic(Path file) {
        try {
            return fromPublicPem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the public token key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException with the reason, when the text is not an EC P-256 public key */
    static ECKey fromPublicPem(String pem) {
        byte[] der = KeyFiles.fromPem(PUBLIC, pem).orElseThrow(() -> new IllegalArgumentException(
                "not a PEM public key (-----BEGIN " + PUBLIC + "----- … -----END " + PUBLIC + "-----)"));
        ECPublicKey publicKey;
        try {
            publicKey = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the PEM does not hold an EC public key: " + e.getMessage());
        }
        requireP256(publicKey.getParams());
        try {
            return new ECKey.Builder(Curve.P_256, publicKey).keyUse(KeyUse.SIGNATURE).algorithm(ALGORITHM)
                    .keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the key's thumbprint", e);
        }
    }

    static String privatePem(ECKey key) {
        try {
            return KeyFiles.toPem(PRIVATE, key.toECPrivateKey().getEncoded());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encode the token key", e);
        }
    }

    static String publicPem(ECKey key) {
        try {
            return KeyFiles.toPem(PUBLIC, key.toECPublicKey().getEncoded());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encode the token key's public half", e);
        }
    }

    /** {@code claims} signed with {@code key}, its header naming the key by its thumbprint. */
    static String sign(ECKey key, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ALGORITHM).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the token", e);
        }
        return jwt.serialize();
    }

    private static void requireP256(java.security.spec.ECParameterSpec params) {
        if (!Curve.P_256.equals(Curve.forECParameterSpec(params))) {
            throw new IllegalArgumentException("the key is not on curve P-256: API tokens are signed with ES256 only");
        }
    }

    /** The key id is the RFC 7638 thumbprint of the public key. */
    private static ECKey jwk(ECPublicKey publicKey, ECPrivateKey privateKey) {
        try {
            return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE)
                    .algorithm(ALGORITHM).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute the key's thumbprint", e);
        }
    }
}
