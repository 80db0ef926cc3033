package io.enclavesuite.api.enclave;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "-team", "team-", "Team", "team_a", "team.a", "tëam"})
    void enclaveNamesThatAreNotDnsLabelsAreRefused(String name) {
        assertThatThrownBy(() -> EnclaveId.of(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enclaveNameLeavesRoomForTheNamespacePrefix() {
        String longest = "a".repeat(EnclaveId.MAX_LENGTH);
        assertThat(EnclaveId.of(longest).namespace()).hasSize(63);
        assertThatThrownBy(() -> EnclaveId.of(longest + "a")).hasMessageContaining("longer than 55");
    }

    @Test
    void namespaceIsPrefixedName() {
        assertThat(EnclaveId.of("growth-team").namespace()).isEqualTo("enclave-growth-team");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwx", "rwxrwxrwxr", "rwxrwxrw-x", "abcdefghi", "RWXRWX---"})
    void malformedModesAreRefused(String bits) {
        assertThatThrownBy(() -> Mode.parse(bits)).hasMessageContaining("is not a mode");
    }

    @Test
    void presetsResolveToTheirBits() {
        assertThat(Mode.parse("private").bits()).isEqualTo("rwx------");
        assertThat(Mode.parse("member-read").bits()).isEqualTo("rwxr-x---");
        assertThat(Mode.parse("member-edit").bits()).isEqualTo("rwxrwx---");
        assertThat(Mode.parse("open-read").bits()).isEqualTo("rwxrwxr--");
        assertThat(Mode.parse("open-run").bits()).isEqualTo("rwxrwxr-x");
        assertThat(Mode.parse("rwxr-x--x")).isEqualTo(new Mode("rwxr-x--x"));
    }

    @Test
    void slackIdsAreChecked() {
        assertThat(ChannelId.of("C0123ABCD").value()).isEqualTo("C0123ABCD");
        assertThatThrownBy(() -> ChannelId.of("general")).hasMessageContaining("not a Slack channel id");
        assertThatThrownBy(() -> UserId.of("alice")).hasMessageContaining("not a Slack user id");
    }

    @Test
    void provisionFallsBackToDefaultQuotaAndMode() {
        var command = new ProvisionEnclave(EnclaveId.of("team"), new ChannelRef(ChannelId.of("C123"), "team"),
                UserId.of("U123"), null, null);
        assertThat(command.quota()).isEqualTo(QuotaPreset.MEDIUM);
        assertThat(command.defaultMode()).isEqualTo(Mode.MEMBER_EDIT);
    }

    @Test
    void unknownQuotaPresetIsNamed() {
        assertThatThrownBy(() -> QuotaPreset.parse("huge")).hasMessage("'huge' is not a quota preset: small, medium or large");
    }
}
