package io.enclavesuite.command.binding;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.command.enclave.lifecycle.EnclaveLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names from channel names and the per-owner limit, against the real binding table (the service's migrations on real PostgreSQL). */
class EnclaveNamingTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private ChannelBindings bindings;
    private EnclaveNaming naming;

    @BeforeEach
    void emptyBindingTable() {
        bindings = new ChannelBindings(CommandDatabase.migrated(), new EnclaveLimits(null, null, null, 2));
        naming = new EnclaveNaming(bindings, new EnclaveNaming.Rules(null));
    }

    private static ChannelRef channel(String id, String name) {
        return new ChannelRef(ChannelId.of(id), name);
    }

    private void bind(ChannelRef channel, EnclaveId name) {
        bindings.on(new EnclaveProvisioningStarted(name, channel, UserId.of("U0ALICE"), QuotaPreset.SMALL, Mode.DEFAULT,
                name.namespace(), T0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "growth|growth",
            "Growth Team|growth-team",
            "proj_ML--ops!!|proj-ml-ops",
            "café-société|cafe-societe",
            "__|enclave",
            "日本語|enclave"})
    void aChannelNameBecomesADnsLabel(String channelName, String expected) {
        assertThat(naming.nameFor(channel("C0NEW", channelName))).isEqualTo(EnclaveId.of(expected));
    }

    @Test
    void aLongChannelNameIsCutToLeaveRoomForASuffix() {
        EnclaveId name = naming.nameFor(channel("C0LONG", "a".repeat(30) + "-" + "b".repeat(49)));
        assertThat(name.value()).hasSizeLessThanOrEqualTo(EnclaveId.MAX_LENGTH - 13).doesNotEndWith("-");
    }

    @Test
    void aNameTakenByAnotherChannelGetsAShortSuffixFromTheChannelId() {
        bind(channel("C0FIRST", "growth"), EnclaveId.of("growth"));

        EnclaveId second = naming.nameFor(channel("C0SECOND", "growth"));

        assertThat(second.value()).matches("growth-[0-9a-f]{4}");
        assertThat(naming.nameFor(channel("C0SECOND", "growth"))).as("the same channel, the same name").isEqualTo(second);
        assertThat(naming.nameFor(channel("C0THIRD", "growth"))).isNotEqualTo(second);
    }

    @Test
    void theChannelThatHoldsTheNameGetsItAgainForAReProvisioning() {
        bind(channel("C0FIRST", "growth"), EnclaveId.of("growth"));

        assertThat(naming.nameFor(channel("C0FIRST", "growth"))).isEqualTo(EnclaveId.of("growth"));
    }

    @Test
    void aDeprovisionedEnclavesNameIsNeverGivenOutAgainNotEvenToItsChannel() {
        bind(channel("C0FIRST", "growth"), EnclaveId.of("growth"));
        bindings.on(new EnclaveDeprovisioned(EnclaveId.of("growth"), UserId.of("U0ALICE"), List.of(), T0));

        assertThat(bindings.enclaveOf("C0FIRST")).as("the channel is free again").isEmpty();
        assertThat(naming.nameFor(channel("C0FIRST", "growth")).value()).matches("growth-[0-9a-f]{4}");
    }

    @Test
    void whenTheShortSuffixIsTakenALongerOneIsUsed() {
        EnclaveId first = naming.nameFor(channel("C0SECOND", "growth"));
        bind(channel("C0FIRST", "growth"), EnclaveId.of("growth"));
        EnclaveId suffixed = naming.nameFor(channel("C0SECOND", "growth"));
        bind(channel("C0OTHER", "growth"), suffixed);

        assertThat(first).isEqualTo(EnclaveId.of("growth"));
        assertThat(naming.nameFor(channel("C0SECOND", "growth")).value()).matches("growth-[0-9a-f]{6}");
    }

    @Test
    void reservedNamesAreNeverDerivedAndRefusedWhenAsked() {
        assertThat(naming.nameFor(channel("C0KUBE", "kube-system")).value()).matches("kube-system-[0-9a-f]{4}");
        assertThat(naming.refusal(EnclaveId.of("default"))).contains("enclave name 'default' is reserved");
        assertThat(naming.refusal(EnclaveId.of("growth"))).isEmpty();
    }

    @Test
    void anOwnerMayOwnOnlyAsManyLiveEnclavesAsTheLimitSays() {
        bind(channel("C0ONE", "one"), EnclaveId.of("one"));
        bind(channel("C0TWO", "two"), EnclaveId.of("two"));

        assertThatThrownBy(() -> bind(channel("C0THREE", "three"), EnclaveId.of("three")))
                .isInstanceOf(OwnerLimitReached.class)
                .hasMessage("U0ALICE already owns 2 enclaves, the most one person may own: deprovision one or "
                        + "transfer it first");
        bind(channel("C0TWO", "two"), EnclaveId.of("two")); // provisioning one of them again does not count twice

        bindings.on(new EnclaveDeprovisioned(EnclaveId.of("one"), UserId.of("U0ALICE"), List.of(), T0));
        bind(channel("C0THREE", "three"), EnclaveId.of("three"));
    }

    @Test
    void ownershipPassesOnlyToSomeoneBelowTheLimit() {
        bind(channel("C0ONE", "one"), EnclaveId.of("one"));
        bind(channel("C0TWO", "two"), EnclaveId.of("two"));
        bindings.on(new EnclaveProvisioningStarted(EnclaveId.of("bobs"), channel("C0BOB", "bobs"), UserId.of("U0BOB"),
                QuotaPreset.SMALL, Mode.DEFAULT, "enclave-bobs", T0));

        assertThatThrownBy(() -> bindings.on(new EnclaveOwnershipTransferred(EnclaveId.of("bobs"), UserId.of("U0BOB"),
                UserId.of("U0ALICE"), T0))).isInstanceOf(OwnerLimitReached.class);
        bindings.on(new EnclaveOwnershipTransferred(EnclaveId.of("one"), UserId.of("U0ALICE"), UserId.of("U0BOB"), T0));
        bindings.on(new EnclaveOwnershipTransferred(EnclaveId.of("bobs"), UserId.of("U0BOB"), UserId.of("U0ALICE"), T0));
    }

    @Test
    void aSecondChannelCannotBindATakenName() {
        bind(channel("C0FIRST", "growth"), EnclaveId.of("growth"));

        assertThatThrownBy(() -> bind(channel("C0SECOND", "growth"), EnclaveId.of("growth")))
                .isInstanceOf(ChannelScopeViolation.class);
    }
}
