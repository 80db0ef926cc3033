package io.enclavesuite.auth;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalTokenIssuerTest {

    /** Written by {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256}: a test key, signs nothing real. */
    private static final String OPENSSL_KEY = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgur9BgYhPosiLwIJw
            EgbwdVfHTPRu88DAkvjod2+BFl2hRANCAARw8Cj3aaypW6YEsMmtPcVhMCGiPDeV
            YvRSQWpBtJuo3EbhNGOGt6OF44yzJ0fgyDbhCAOzVhM2KHZEaraF0/hV
            -----END PRIVATE KEY-----
            """;
    /** Its public half, from {@code openssl pkey -pubout}. */
    private static final String OPENSSL_PUBLIC_KEY = """
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcPAo92msqVumBLDJrT3FYTAhojw3
            lWL0UkFqQbSbqNxG4TRjhrejheOMsydH4Mg24QgDs1YTNih2RGq2hdP4VQ==""";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theKeyIsGeneratedOnFirstStartOwnerReadableAndTheSameOnEveryLaterStart() throws Exception {
        Path file = dir.resolve("data/api/token-key.pem");

        LocalTokenIssuer first = LocalTokenIssuer.loadOrCreate(file);
        LocalTokenIssuer again = LocalTokenIssuer.loadOrCreate(file);

        assertThat(again.verificationKey()).isEqualTo(first.verificationKey());
        assertThat(again.keyId()).isEqualTo(first.keyId());
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.resolve("data/api")).isDirectoryNotContaining("glob:**/.key*");
    }

    @Test
    void anOpensslKeyReadsWithItsOwnPublicHalf() throws Exception {
        ECPublicKey openssl = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(OPENSSL_PUBLIC_KEY)));

        LocalTokenIssuer issuer = LocalTokenIssuer.fromPem(OPENSSL_KEY);

        assertThat(issuer.verificationKey().toECPublicKey().getW()).isEqualTo(openssl.getW());
        assertThat(LocalTokenIssuer.fromPem(issuer.toPem()).verificationKey()).isEqualTo(issuer.verificationKey());
    }

    @Test
    void aMintedTokenIsAnEs256JwtForThePersonFromThisIssuerForTheApi() throws Exception {
        LocalTokenIssuer issuer = LocalTokenIssuer.generate();

        SignedJWT token = SignedJWT.parse(issuer.mint("U0ALICE", NOW, Duration.ofHours(8)));

        assertThat(token.verify(new ECDSAVerifier(issuer.verificationKey()))).isTrue();
        assertThat(token.verify(new ECDSAVerifier(LocalTokenIssuer.generate().verificationKey()))).isFalse();
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(LocalTokenIssuer.ALGORITHM);
        assertThat(token.getHeader().getKeyID()).isEqualTo(issuer.keyId());
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("U0ALICE");
        assertThat(claims.getIssuer()).isEqualTo("enclave-suite-local");
        assertThat(claims.getAudience()).isEqualTo(List.of("enclave-api"));
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(8))));
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void aTokenMustBeValidForSomeTime() {
        LocalTokenIssuer issuer = LocalTokenIssuer.generate();

        assertThatThrownBy(() -> issuer.mint("U0ALICE", NOW, Duration.ZERO))
                .hasMessageStartingWith("a token must be valid for some time");
    }

    @Test
    void anythingButAP256PrivateKeyIsRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> LocalTokenIssuer.fromPem("hello")).hasMessageStartingWith("not a PKCS#8 PEM private key");
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertThatThrownBy(() -> LocalTokenIssuer.fromPem(pem(p384.generateKeyPair().getPrivate().getEncoded())))
                .hasMessage("the key is not on curve P-256: API tokens are signed with ES256 only");
        byte[] ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
        assertThatThrownBy(() -> LocalTokenIssuer.fromPem(pem(ed25519)))
                .hasMessageStartingWith("the PEM does not hold an EC private key");
        Path missing = dir.resolve("nothing.pem");
        assertThatThrownBy(() -> LocalTokenIssuer.read(missing)).hasMessageContaining(missing.toString());
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
    }
}
