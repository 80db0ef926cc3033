package io.enclavesuite.auth;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTokenIssuerTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theServicesKeyIsMadeOwnerOnlyOnceAndItsPublicHalfWrittenForTheReadSide() throws Exception {
        Path key = dir.resolve("data/slack-gateway/token-key.pem");
        Path publicKey = dir.resolve("public/slack-gateway.pem");

        ServiceTokenIssuer first = ServiceTokenIssuer.loadOrCreate("slack-gateway", key);
        ServiceTokenIssuer.writePublicKey("slack-gateway", key, publicKey);

        assertThat(ServiceTokenIssuer.loadOrCreate("slack-gateway", key).verificationKey())
                .isEqualTo(first.verificationKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(publicKey)).startsWith("-----BEGIN PUBLIC KEY-----\n")
                .doesNotContain("PRIVATE");
        assertThat(ServiceTokenIssuer.readPublicKey(publicKey)).isEqualTo(first.verificationKey());
        assertThat(ServiceTokenIssuer.readPublicKey(publicKey).isPrivate()).isFalse();
        // the local issuer reads the same key format
        assertThat(LocalTokenIssuer.read(key).verificationKey().toECPublicKey().getW())
                .isEqualTo(first.verificationKey().toECPublicKey().getW());
    }

    @Test
    void aMintedTokenNamesThePersonTheServiceAndTheApi() throws Exception {
        ServiceTokenIssuer console = ServiceTokenIssuer.generate("console");

        SignedJWT token = SignedJWT.parse(console.mint("U0CAROL", NOW, Duration.ofMinutes(2)));

        assertThat(console.issuer()).isEqualTo("enclave-suite:console");
        assertThat(token.verify(new ECDSAVerifier(console.verificationKey()))).isTrue();
        assertThat(token.verify(new ECDSAVerifier(ServiceTokenIssuer.generate("console").verificationKey())))
                .isFalse();
        assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(token.getHeader().getKeyID()).isEqualTo(console.keyId());
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("U0CAROL");
        assertThat(claims.getIssuer()).isEqualTo("enclave-suite:console");
        assertThat(claims.getAudience()).isEqualTo(List.of("enclave-api"));
        assertThat(claims.getStringClaim("azp")).isEqualTo("console");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(2))));
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void badNamesKeysAndLifetimesAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> ServiceTokenIssuer.generate("Slack Gateway"))
                .hasMessageStartingWith("'Slack Gateway' is not a service name");
        assertThatThrownBy(() -> ServiceTokenIssuer.issuerOf(null)).hasMessageStartingWith("'null' is not a service");
        ServiceTokenIssuer gateway = ServiceTokenIssuer.generate("slack-gateway");
        assertThatThrownBy(() -> gateway.mint("U0ALICE", NOW, Duration.ZERO))
                .hasMessageStartingWith("a token must be valid for some time");
        assertThatThrownBy(() -> gateway.mint(" ", Duration.ofMinutes(1))).hasMessageContaining("the user is missing");

        Path privateInstead = dir.resolve("private.pem");
        Files.writeString(privateInstead, LocalTokenIssuer.generate().toPem());
        assertThatThrownBy(() -> ServiceTokenIssuer.readPublicKey(privateInstead))
                .hasMessage(privateInstead + ": not a PEM public key (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----)");
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        Path p384Key = dir.resolve("p384.pem");
        Files.writeString(p384Key, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder()
                .encodeToString(p384.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> ServiceTokenIssuer.readPublicKey(p384Key))
                .hasMessageEndingWith("the key is not on curve P-256: API tokens are signed with ES256 only");
        Path missing = dir.resolve("none.pem");
        assertThatThrownBy(() -> ServiceTokenIssuer.readPublicKey(missing)).hasMessageContaining(missing.toString());
    }
}
