package io.enclavesuite.receipts.signing;

import io.enclavesuite.receipts.signing.Ed25519Keys.SigningKey;
import io.enclavesuite.receipts.signing.Ed25519Keys.VerificationKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ed25519KeysTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 section 7.1, TEST 1 (empty message), TEST 2 (one byte) and TEST 3 (two bytes). */
    @ParameterizedTest(name = "RFC 8032 7.1 vector {index}")
    @CsvSource({
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
                    + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,"
                    + "'',"
                    + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
                    + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,"
                    + "72,"
                    + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
                    + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,"
                    + "af82,"
                    + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
    })
    void matchesTheRfcVectors(String secret, String publicKey, String message, String signature) {
        SigningKey key = SigningKey.fromSeed(HEX.parseHex(secret));
        byte[] bytes = HEX.parseHex(message);

        assertThat(HEX.formatHex(key.verificationKey().encoded())).isEqualTo(publicKey);
        assertThat(HEX.formatHex(key.sign(bytes))).isEqualTo(signature);
        assertThat(key.verificationKey().verifies(bytes, HEX.parseHex(signature))).isTrue();
    }

    @Test
    void aChangedMessageOrSignatureDoesNotVerify() {
        SigningKey key = SigningKey.generate(new SecureRandom());
        byte[] message = "receipt".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(message);

        assertThat(key.verificationKey().verifies("receipt!".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        signature[0] ^= 1;
        assertThat(key.verificationKey().verifies(message, signature)).isFalse();
        assertThat(key.verificationKey().verifies(message, new byte[10])).isFalse();
        assertThat(key.verificationKey().verifies(message, null)).isFalse();
    }

    @Test
    void anotherKeyDoesNotVerify() {
        byte[] message = "receipt".getBytes(StandardCharsets.UTF_8);
        byte[] signature = SigningKey.generate(new SecureRandom()).sign(message);

        assertThat(SigningKey.generate(new SecureRandom()).verificationKey().verifies(message, signature)).isFalse();
    }

    @Test
    void theKeyIdIsTheBase64UrlSha256OfThePublicKey() {
        VerificationKey key = SigningKey.fromSeed(HEX.parseHex(
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).verificationKey();

        assertThat(key.keyId()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(key.keyId()).isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                sha256(HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))));
    }

    @Test
    void malformedKeysAreRefused() {
        assertThatThrownBy(() -> SigningKey.fromSeed(new byte[31])).hasMessage("an Ed25519 private key is 32 bytes, not 31");
        assertThatThrownBy(() -> new VerificationKey(new byte[33])).hasMessage("an Ed25519 public key is 32 bytes");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
