package io.enclavesuite.slack.outbox;

import io.enclavesuite.slack.outbox.PendingReplies.FollowUp;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A row's seal matches only the row as the gateway wrote it, under the signing secret it was written with. */
class OutboxSealTest {

    private final OutboxSeal seal = new OutboxSeal("test-signing-secret");
    private final List<String> fields = CommandOutbox.Row.sealed(UUID.fromString("3f1c9b2e-0000-4000-8000-000000000001"),
            "RunTentacle", "{\"enclaveId\":\"growth\",\"tentacle\":\"report\"}", "U0ALICE", "C0GROWTH", "growth",
            "https://hooks.slack.com/commands/T0/1/abc", "tentacle report started", FollowUp.NONE,
            Instant.parse("2026-12-07T10:00:00.123Z"));

    @Test
    void theRowAsWrittenMatches() {
        String sealed = seal.seal(fields);
        assertThat(sealed).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(seal.matches(fields, sealed)).isTrue();
        assertThat(new OutboxSeal("test-signing-secret").matches(fields, sealed)).isTrue(); // another replica
    }

    @Test
    void anyFieldChangedOrRemovedBreaksIt() {
        String sealed = seal.seal(fields);
        for (int i = 0; i < fields.size(); i++) {
            List<String> changed = new ArrayList<>(fields);
            changed.set(i, fields.get(i) + "x");
            assertThat(seal.matches(changed, sealed)).as("field %d changed", i).isFalse();
            List<String> removed = new ArrayList<>(fields);
            removed.set(i, null);
            assertThat(seal.matches(removed, sealed)).as("field %d removed", i).isFalse();
        }
    }

    @Test
    void fieldsDoNotRunIntoEachOther() {
        List<String> shifted = new ArrayList<>(fields);
        shifted.set(3, "U0ALIC");
        shifted.set(4, "EC0GROWTH"); // the same characters in a row, cut elsewhere
        assertThat(seal.matches(shifted, seal.seal(fields))).isFalse();
    }

    @Test
    void anotherSigningSecretOrNoSealDoesNotMatch() {
        assertThat(new OutboxSeal("rotated-signing-secret").matches(fields, seal.seal(fields))).isFalse();
        assertThat(seal.matches(fields, null)).isFalse();
        assertThat(seal.matches(fields, "")).isFalse();
        assertThatThrownBy(() -> new OutboxSeal(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
