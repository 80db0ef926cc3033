package io.enclavesuite.trust;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealedAnswersTest {

    private static final byte[] CODE = "{\"confirmationCode\":\"7K3M-Q9XT\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void onlyTheReplyKeyThatAskedOpensTheAnswerForThatCommand() {
        SealedAnswers.ReplyKey asker = SealedAnswers.ReplyKey.generate();
        UUID command = UUID.randomUUID();

        String sealed = SealedAnswers.seal(asker.publicKey(), command, CODE);

        assertThat(sealed).doesNotContain("7K3M");
        assertThat(asker.open(sealed, command)).isEqualTo(CODE);
        assertThatThrownBy(() -> SealedAnswers.ReplyKey.generate().open(sealed, command))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not open");
        assertThatThrownBy(() -> asker.open(sealed, UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAlteredAnswerDoesNotOpen() {
        SealedAnswers.ReplyKey asker = SealedAnswers.ReplyKey.generate();
        UUID command = UUID.randomUUID();
        char[] sealed = SealedAnswers.seal(asker.publicKey(), command, CODE).toCharArray();
        sealed[sealed.length - 5] = sealed[sealed.length - 5] == 'A' ? 'B' : 'A';

        assertThatThrownBy(() -> asker.open(String.valueOf(sealed), command)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> asker.open("AAAA", command)).hasMessageContaining("too short");
    }

    @Test
    void aMalformedReplyKeyIsNamedAsSuch() {
        assertThat(SealedAnswers.problem(SealedAnswers.ReplyKey.generate().publicKey())).isEmpty();
        assertThat(SealedAnswers.problem("not base64!")).contains("replyKey is not base64url");
        assertThat(SealedAnswers.problem("AAAA")).hasValueSatisfying(p -> assertThat(p).contains("32-byte"));
        assertThat(SealedAnswers.problem(null)).contains("replyKey is empty");
    }

    @Test
    void aDerivedReplyKeyIsTheSameWhereverItsSeedIs() {
        byte[] seed = "thirty-two bytes of a shared seed, and more".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SealedAnswers.ReplyKey one = SealedAnswers.ReplyKey.derive(seed);
        SealedAnswers.ReplyKey other = SealedAnswers.ReplyKey.derive(seed.clone());
        UUID command = UUID.randomUUID();
        assertThat(other.publicKey()).isEqualTo(one.publicKey());
        String sealed = SealedAnswers.seal(one.publicKey(), command, "4711".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(other.open(sealed, command)).asString().isEqualTo("4711");
        seed[0] ^= 1;
        assertThat(SealedAnswers.ReplyKey.derive(seed).publicKey()).isNotEqualTo(one.publicKey());
        assertThatThrownBy(() -> SealedAnswers.ReplyKey.derive(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
