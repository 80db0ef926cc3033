package io.enclavesuite.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRemovalReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the wire shape of messages: a renamed field or changed value type must fail here first. */
class MessageJsonTest {

    private final ObjectMapper json = EnclaveJson.mapper();

    @Test
    void provisioningStartedHasAStableShape() throws Exception {
        var event = new EnclaveProvisioningStarted(EnclaveId.of("growth"),
                new ChannelRef(ChannelId.of("C0GROWTH"), "growth"), UserId.of("U0ALICE"), QuotaPreset.SMALL,
                Mode.MEMBER_READ, "enclave-growth", Instant.parse("2026-11-22T10:00:00Z"));

        String text = json.writeValueAsString(event);

        assertThat(text).isEqualTo("{\"enclaveId\":\"growth\",\"channel\":{\"id\":\"C0GROWTH\",\"name\":\"growth\"},"
                + "\"owner\":\"U0ALICE\",\"quota\":\"small\",\"defaultMode\":\"rwxr-x---\","
                + "\"namespace\":\"enclave-growth\",\"at\":\"2026-11-22T10:00:00Z\"}");
        assertThat(json.readValue(text, EnclaveProvisioningStarted.class)).isEqualTo(event);
    }

    @Test
    void provisionAcceptsPresetNamesAndOmittedDefaults() throws Exception {
        var command = json.readValue("{\"enclaveId\":\"growth\",\"channel\":{\"id\":\"C0GROWTH\",\"name\":\"growth\"},"
                + "\"owner\":\"U0ALICE\",\"defaultMode\":\"open-read\"}", ProvisionEnclave.class);

        assertThat(command.defaultMode()).isEqualTo(Mode.OPEN_READ);
        assertThat(command.quota()).isEqualTo(QuotaPreset.MEDIUM);
    }

    @Test
    void aRemovalForAChannelReasonIsAChannelFactAndOneWithoutAReasonReadsAsBefore() throws Exception {
        var left = json.readValue("{\"enclaveId\":\"growth\",\"member\":\"U0BOB\",\"reason\":\"left-channel\"}",
                RemoveMember.class);
        var old = json.readValue("{\"enclaveId\":\"growth\",\"member\":\"U0BOB\"}", RemoveMember.class);

        assertThat(left.reason()).isEqualTo(MemberRemovalReason.LEFT_CHANNEL);
        assertThat(left.statesAChannelFact()).isTrue();
        assertThat(new RemoveMember(left.enclaveId(), left.member(), MemberRemovalReason.NOT_IN_CHANNEL)
                .statesAChannelFact()).isTrue();
        assertThat(new RemoveMember(left.enclaveId(), left.member(), MemberRemovalReason.REMOVED_BY_OWNER)
                .statesAChannelFact()).isFalse();
        assertThat(old.reason()).isNull();
        assertThat(old.statesAChannelFact()).isFalse();
        assertThat(json.writeValueAsString(old)).isEqualTo("{\"enclaveId\":\"growth\",\"member\":\"U0BOB\"}");
        assertThatThrownBy(() -> json.readValue("{\"enclaveId\":\"growth\",\"member\":\"U0BOB\",\"reason\":\"bored\"}",
                RemoveMember.class)).hasRootCauseMessage("'bored' is not a removal reason: left-channel, not-in-channel "
                + "or removed-by-owner");
    }

    @Test
    void invalidValuesFailWithTheValueTypesMessage() {
        assertThatThrownBy(() -> json.readValue("{\"enclaveId\":\"Growth!\",\"channel\":{\"id\":\"C0GROWTH\","
                + "\"name\":\"growth\"},\"owner\":\"U0ALICE\"}", ProvisionEnclave.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasRootCauseMessage("enclave name 'Growth!' must be lower-case letters, digits and '-', "
                        + "starting and ending with a letter or digit");
    }

    @Test
    void misspeltFieldsAreRefused() {
        assertThatThrownBy(() -> json.readValue("{\"enclaveId\":\"growth\",\"channel\":{\"id\":\"C0GROWTH\","
                + "\"name\":\"growth\"},\"owner\":\"U0ALICE\",\"qouta\":\"large\"}", ProvisionEnclave.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void envelopeRoundTrips() throws Exception {
        var envelope = new CommandEnvelope(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"),
                "ProvisionEnclave", json.readTree("{\"enclaveId\":\"growth\"}"), "U0ALICE", "C0GROWTH",
                Instant.parse("2026-11-22T10:00:00Z"));

        assertThat(json.readValue(json.writeValueAsBytes(envelope), CommandEnvelope.class)).isEqualTo(envelope);
    }

    @Test
    void resultsRoundTripWithoutDerivedFields() throws Exception {
        var result = CommandResult.rejected(java.util.UUID.fromString("00000000-0000-0000-0000-000000000002"),
                "growth", "enclave 'growth' already exists (active)", Instant.parse("2026-11-22T10:00:00Z"));

        String text = json.writeValueAsString(result);

        assertThat(text).isEqualTo("{\"commandId\":\"00000000-0000-0000-0000-000000000002\",\"status\":\"REJECTED\","
                + "\"reason\":\"enclave 'growth' already exists (active)\",\"aggregateId\":\"growth\","
                + "\"at\":\"2026-11-22T10:00:00Z\"}");
        assertThat(json.readValue(text, CommandResult.class)).isEqualTo(result);
    }

    @Test
    void onlyPublicCommandsAreInTheCatalog() {
        assertThat(CommandCatalog.TEAM.commandType("ProvisionEnclave")).contains(ProvisionEnclave.class);
        assertThat(CommandCatalog.anyCommandType("CompleteProvisioning")).isEmpty();
        assertThat(CommandCatalog.anyCommandType("ShredRoomData")).isEmpty();
        assertThat(CommandCatalog.anyCommandType("AuthorizeParticipation")).isEmpty();
    }

    @Test
    void eachCommandBelongsToOneServiceAndTheOtherNamesItsTopic() {
        TopicNames topics = new TopicNames("t1.");
        assertThat(CommandCatalog.owning("SubmitWindows")).contains(CommandCatalog.COORDINATION);
        assertThat(CommandCatalog.COORDINATION.topic(topics)).isEqualTo("t1.coordination.commands");
        assertThat(CommandCatalog.TEAM.names()).doesNotContainAnyElementsOf(CommandCatalog.COORDINATION.names());
        assertThat(CommandCatalog.TEAM.unknownTypeReason("SubmitWindows", topics)).isEqualTo(
                "SubmitWindows is a coordination command: send it to t1.coordination.commands, not t1.enclave.commands");
        assertThat(CommandCatalog.COORDINATION.unknownTypeReason("Nope", topics))
                .startsWith("unknown coordination command type 'Nope' (known: AcceptSlot, AcknowledgeWindows, AddAutonomyRule");
    }
}
