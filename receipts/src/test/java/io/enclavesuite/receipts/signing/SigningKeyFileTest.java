package io.enclavesuite.receipts.signing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsGeneratedOnFirstStartOwnerReadableAndTheSameOnEveryLaterStart() throws Exception {
        Path file = dir.resolve("data/receipt-signing-key.pem");

        Ed25519Keys.SigningKey first = SigningKeyFile.loadOrCreate(file, new SecureRandom());
        Ed25519Keys.SigningKey again = SigningKeyFile.loadOrCreate(file, new SecureRandom());

        assertThat(again.verificationKey()).isEqualTo(first.verificationKey());
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aKeyFromTheJavaRuntimeOrOpensslReadsAndSignsTheSame() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";

        Ed25519Keys.SigningKey key = SigningKeyFile.fromPem(pem);
        byte[] message = "receipt".getBytes(StandardCharsets.UTF_8);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(pair.getPrivate());
        jdk.update(message);

        assertThat(key.sign(message)).isEqualTo(jdk.sign()); // Ed25519 signatures are deterministic
    }

    @Test
    void whatItWritesTheJavaRuntimeReads() throws Exception {
        Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(new SecureRandom());
        String pem = SigningKeyFile.toPem(key);
        byte[] der = Base64.getMimeDecoder().decode(pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", ""));

        var jdkKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(jdkKey);
        byte[] message = "receipt".getBytes(StandardCharsets.UTF_8);
        jdk.update(message);

        assertThat(jdk.sign()).isEqualTo(key.sign(message));
    }

    @Test
    void anythingElseIsRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> SigningKeyFile.fromPem("hello"))
                .hasMessageStartingWith("not a PKCS#8 PEM private key");
        var rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String rsaPem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> SigningKeyFile.fromPem(rsaPem)).hasMessageEndingWith("the suite signs with Ed25519 only");
    }
}
