package io.enclavesuite.trust;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test's own JDK-only HPKE is right before it is used to judge {@link RoomSeals}: RFC 9180's vectors, value by value. */
class JdkHpkeTest {

    @Test
    void derivesTheVectorsKeyPairsFromTheirIkm() {
        HpkeVectors a1 = HpkeVectors.aes128Gcm();

        JdkHpke.KeyPair ephemeral = JdkHpke.deriveKeyPair(a1.bytes("ikmE"));
        JdkHpke.KeyPair recipient = JdkHpke.deriveKeyPair(a1.bytes("ikmR"));

        assertThat(ephemeral.privateKey()).isEqualTo(a1.bytes("skEm"));
        assertThat(ephemeral.publicKey()).isEqualTo(a1.bytes("pkEm"));
        assertThat(recipient.privateKey()).isEqualTo(a1.bytes("skRm"));
        assertThat(recipient.publicKey()).isEqualTo(a1.bytes("pkRm"));
    }

    @Test
    void reproducesAppendixA1ValueByValue() {
        HpkeVectors a1 = HpkeVectors.aes128Gcm();
        JdkHpke hpke = JdkHpke.withAead(a1.aeadId());

        JdkHpke.Sender sender = hpke.setupBaseS(a1.bytes("pkRm"), a1.bytes("info"),
                new JdkHpke.KeyPair(a1.bytes("skEm"), a1.bytes("pkEm")));
        JdkHpke.KeySchedule schedule = sender.context().schedule();

        assertThat(sender.enc()).isEqualTo(a1.bytes("enc"));
        assertThat(schedule.sharedSecret()).isEqualTo(a1.bytes("shared_secret"));
        assertThat(schedule.keyScheduleContext()).isEqualTo(a1.bytes("key_schedule_context"));
        assertThat(schedule.secret()).isEqualTo(a1.bytes("secret"));
        assertThat(schedule.key()).isEqualTo(a1.bytes("key"));
        assertThat(schedule.baseNonce()).isEqualTo(a1.bytes("base_nonce"));
        assertThat(schedule.exporterSecret()).isEqualTo(a1.bytes("exporter_secret"));
        reproducesEncryptionsAndExports(hpke, a1, sender);
    }

    @Test
    void reproducesTheAes256GcmVectorThatRoomSealsUses() {
        HpkeVectors v = HpkeVectors.aes256Gcm();
        JdkHpke hpke = JdkHpke.aes256Gcm();
        assertThat(v.aeadId()).isEqualTo(JdkHpke.AEAD_AES_256_GCM);
        assertThat(JdkHpke.publicKeyOf(v.bytes("skEm"))).isEqualTo(v.bytes("pkEm"));
        assertThat(JdkHpke.publicKeyOf(v.bytes("skRm"))).isEqualTo(v.bytes("pkRm"));

        JdkHpke.Sender sender = hpke.setupBaseS(v.bytes("pkRm"), v.bytes("info"),
                new JdkHpke.KeyPair(v.bytes("skEm"), v.bytes("pkEm")));

        assertThat(sender.enc()).isEqualTo(v.bytes("enc"));
        assertThat(sender.context().schedule().key()).hasSize(32);
        reproducesEncryptionsAndExports(hpke, v, sender);
    }

    @Test
    void aCiphertextOpensOnlyWithItsAssociatedDataAndKey() {
        JdkHpke hpke = JdkHpke.aes256Gcm();
        JdkHpke.KeyPair recipient = JdkHpke.generateKeyPair();
        byte[][] sealed = hpke.seal(recipient.publicKey(), JdkHpke.ascii("info"), JdkHpke.ascii("aad"), JdkHpke.ascii("pt"));

        assertThat(hpke.open(sealed[0], recipient, JdkHpke.ascii("info"), JdkHpke.ascii("aad"), sealed[1]))
                .isEqualTo(JdkHpke.ascii("pt"));
        assertThatThrownBy(() -> hpke.open(sealed[0], recipient, JdkHpke.ascii("info"), JdkHpke.ascii("aaD"), sealed[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hpke.open(sealed[0], recipient, JdkHpke.ascii("infO"), JdkHpke.ascii("aad"), sealed[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hpke.open(sealed[0], JdkHpke.generateKeyPair(), JdkHpke.ascii("info"),
                JdkHpke.ascii("aad"), sealed[1])).isInstanceOf(IllegalArgumentException.class);
    }

    /** Seals seq 0 … the vector's last in order (the count moves only by sealing), and opens them again in order. */
    static void reproducesEncryptionsAndExports(JdkHpke hpke, HpkeVectors vector, JdkHpke.Sender sender) {
        List<HpkeVectors.Encryption> expected = vector.encryptions();
        int last = expected.get(expected.size() - 1).seq();
        byte[] pt = expected.get(0).pt();
        List<byte[]> sealed = new ArrayList<>();
        for (int seq = 0; seq <= last; seq++) {
            sealed.add(sender.context().seal(JdkHpke.ascii("Count-" + seq), pt));
        }
        for (HpkeVectors.Encryption encryption : expected) {
            assertThat(encryption.aad()).isEqualTo(JdkHpke.ascii("Count-" + encryption.seq()));
            assertThat(sealed.get(encryption.seq())).as("ciphertext at seq %d", encryption.seq()).isEqualTo(encryption.ct());
        }
        for (HpkeVectors.Export export : vector.exports()) {
            assertThat(sender.context().export(export.context(), export.length())).isEqualTo(export.value());
        }

        JdkHpke.Context receiver = hpke.setupBaseR(vector.bytes("enc"),
                new JdkHpke.KeyPair(vector.bytes("skRm"), vector.bytes("pkRm")), vector.bytes("info"));
        for (int seq = 0; seq <= last; seq++) {
            assertThat(receiver.open(JdkHpke.ascii("Count-" + seq), sealed.get(seq))).isEqualTo(pt);
        }
        for (HpkeVectors.Export export : vector.exports()) {
            assertThat(receiver.export(export.context(), export.length())).isEqualTo(export.value());
        }
    }
}
