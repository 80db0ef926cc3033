package io.enclavesuite.trust;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

import java.util.Arrays;
import java.util.Base64;

/**
 * The one HPKE suite the suite seals with — RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * AES-256-GCM — and its wire form: base64url (no padding) of the encapsulated key followed by the ciphertext. Shared
 * by {@link SealedAnswers} and {@link RoomSeals}, which differ only in what they bind as info and associated data.
 */
final class HpkeWire {

    private HpkeWire() {
    }

    static HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }

    /** {@code plaintext} sealed to {@code recipient}, in the wire form. */
    static String seal(AsymmetricKeyParameter recipient, byte[] info, byte[] aad, byte[] plaintext) {
        try {
            byte[][] sealed = suite().seal(recipient, info, aad, plaintext, null, null, null);
            byte[] ciphertext = sealed[0];
            byte[] encapsulated = sealed[1];
            byte[] out = Arrays.copyOf(encapsulated, encapsulated.length + ciphertext.length);
            System.arraycopy(ciphertext, 0, out, encapsulated.length, ciphertext.length);
            return encode(out);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("HPKE sealing does not fail on a valid key", e);
        }
    }

    /** Whether {@code sealed} (decoded) is long enough to hold an encapsulated key and a ciphertext. */
    static boolean holdsCiphertext(byte[] sealed) {
        return sealed.length > suite().getEncSize();
    }

    /**
     * The plaintext of a value in the wire form (decoded), for the holder of {@code recipient}.
     *
     * @throws InvalidCipherTextException when it was sealed to another key, with other info or aad, or altered
     */
    static byte[] open(byte[] sealed, AsymmetricCipherKeyPair recipient, byte[] info, byte[] aad)
            throws InvalidCipherTextException {
        int encSize = suite().getEncSize();
        return suite().open(Arrays.copyOf(sealed, encSize), recipient, info, aad,
                Arrays.copyOfRange(sealed, encSize, sealed.length), null, null, null);
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @throws IllegalArgumentException "{@code what} is empty" or "{@code what} is not base64url" */
    static byte[] decode(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64url");
        }
    }
}
