package io.enclavesuite.receipts.signing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.spec.X509EncodedKeySpec;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Published keys as PEM: the public-key form, the signing key's public half, and what is refused. */
class VerificationKeyFileTest {

    @TempDir
    Path folder;

    @Test
    void aPublicKeyPemRoundTripsAndTheJavaRuntimeReadsIt() throws Exception {
        Ed25519Keys.VerificationKey key = Ed25519Keys.SigningKey.generate(new SecureRandom()).verificationKey();
        String pem = VerificationKeyFile.toPem(key);

        assertThat(VerificationKeyFile.fromPem(pem)).isEqualTo(key);
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var javaKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        assertThat(javaKey.getAlgorithm()).isIn("EdDSA", "Ed25519");
    }

    @Test
    void theSigningKeyFilePublishesItsPublicHalf() {
        Path file = folder.resolve("signing-key.pem");
        Ed25519Keys.SigningKey signing = SigningKeyFile.loadOrCreate(file, new SecureRandom());

        assertThat(VerificationKeyFile.read(file)).isEqualTo(signing.verificationKey());
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRefusedWithTheReason() throws Exception {
        var rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Path file = Files.writeString(folder.resolve("rsa.pem"), pem);

        assertThatThrownBy(() -> VerificationKeyFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not Ed25519");
        assertThatThrownBy(() -> VerificationKeyFile.fromPem("hello")).hasMessageContaining("not a PEM public key");
    }
}
