package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.service.SharedServiceFailed;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.eventtopics.UnreadableEvent;
import io.enclavesuite.query.enclave.EnclaveChanges.Reads;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.EnumSet;
import java.util.function.Consumer;

/**
 * Projects enclave events into the {@code enclave} and {@code enclave_member} tables, through {@link EnclaveChanges}:
 * each handler says how its event changes the enclave's rows, and the changes of a processor batch are written
 * together. An event applies only if it is newer than the enclave row ({@code last_sequence}, see
 * {@link EnclaveImage#claim}), so replays and Kafka redeliveries leave everything as it is. The tentacle projection
 * shares the processing group, so an enclave's events reach both in order.
 */
@Component
@ProcessingGroup(EnclaveChanges.PROCESSING_GROUP)
class EnclaveProjection {

    private final JdbcTemplate jdbc;
    private final EnclaveChanges changes;

    EnclaveProjection(JdbcTemplate jdbc, EnclaveChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    /** A record the event topics' reader refused: parked in this read model's dead letters, with the reason. */
    @EventHandler
    void on(UnreadableEvent event) {
        throw event.refusal();
    }

    /**
     * Also a re-provisioning after a failure: the row starts over, and, as in the aggregate, so do its members and
     * tentacles.
     */
    @EventHandler
    void on(EnclaveProvisioningStarted event, @SequenceNumber long sequence) {
        changes.change(event.enclaveId(), Reads.ALL, enclave -> {
            EnclaveImage.Row row = enclave.start(sequence, event.at());
            if (row != null) {
                row.status = EnclaveStatus.PROVISIONING.name();
                row.owner = event.owner().value();
                row.channelId = event.channel().id().value();
                row.channelName = event.channel().name();
                row.namespace = event.namespace();
                row.defaultMode = event.defaultMode().bits();
                row.quota = event.quota().label();
            }
        });
    }

    @EventHandler
    void on(EnclaveActivated event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> {
            row.status = EnclaveStatus.ACTIVE.name();
            row.namespace = event.namespace();
            row.activatedAt = event.at();
        });
    }

    @EventHandler
    void on(EnclaveProvisioningFailed event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> {
            row.status = EnclaveStatus.FAILED.name();
            row.failureReason = event.reason();
        });
    }

    /** Only the display name changes: the enclave keeps its internal name, and its channel id. */
    @EventHandler
    void on(ChannelRenamed event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> row.channelName = event.name());
    }

    /** A freeze for another reason joins those that stand; the enclave is frozen since the first. */
    @EventHandler
    void on(EnclaveFrozen event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> {
            EnumSet<FreezeReason> standing = EnumSet.noneOf(FreezeReason.class);
            if (EnclaveStatus.FROZEN.name().equals(row.status)) {
                standing = EnclaveImage.frozenFor(row.frozenReason);
            } else {
                row.frozenAt = event.at();
            }
            standing.add(event.reason());
            row.status = EnclaveStatus.FROZEN.name();
            row.frozenReason = EnclaveImage.frozenFor(standing);
        });
    }

    /**
     * The event names every freeze that still stands, so a row that kept only the latest reason (as rows did before
     * freezes were kept apart) is right again from here on.
     */
    @EventHandler
    void on(FreezeReasonLifted event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> {
            row.status = EnclaveStatus.FROZEN.name();
            row.frozenReason = EnclaveImage.frozenFor(event.stillFrozenFor());
        });
    }

    /** Every freeze has ended (in histories from before freezes were kept apart, whichever stood). */
    @EventHandler
    void on(EnclaveUnfrozen event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> {
            row.status = EnclaveStatus.ACTIVE.name();
            row.frozenReason = null;
            row.frozenAt = null;
        });
    }

    @EventHandler
    void on(EnclaveModeChanged event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> row.defaultMode = event.mode().bits());
    }

    /** The code hash stays in the event stream: a read model has no use for it and should not spread it. */
    @EventHandler
    void on(DeprovisionRequested event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> {
            row.deprovisionRequestedBy = event.requestedBy().value();
            row.deprovisionRequestedAt = event.at();
            row.deprovisionRequestExpiresAt = event.expiresAt();
        });
    }

    @EventHandler
    void on(EnclaveDeprovisioningStarted event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), row -> {
            row.status = EnclaveStatus.DEPROVISIONING.name();
            row.deprovisionConfirmedBy = event.confirmedBy().value();
            row.deprovisioningStartedAt = event.at();
        });
    }

    /** The row stays, so the name shows as taken for good; members and tentacles went with the namespace. */
    @EventHandler
    void on(EnclaveDeprovisioned event, @SequenceNumber long sequence) {
        changes.change(event.enclaveId(), Reads.ALL, enclave -> {
            if (enclave.claim(sequence, event.at())) {
                enclave.row().status = EnclaveStatus.DEPROVISIONED.name();
                enclave.row().deprovisionedAt = event.at();
                enclave.clearMembers();
                enclave.tentacles().clear();
            }
        });
    }

    @EventHandler
    void on(MemberRegistered event, @SequenceNumber long sequence) {
        changes.change(event.enclaveId(), Reads.members(event.member().value()), enclave -> {
            if (enclave.claim(sequence, event.at())) {
                enclave.registerMember(event.member().value(), event.at());
            }
        });
    }

    /** The member's tentacles pass to the owner through TentacleOwnershipTransferred events of their own. */
    @EventHandler
    void on(MemberRemoved event, @SequenceNumber long sequence) {
        changes.change(event.enclaveId(), Reads.members(event.member().value()), enclave -> {
            if (enclave.claim(sequence, event.at())) {
                enclave.removeMember(event.member().value());
            }
        });
    }

    /** The new owner was a member and is the owner now; the previous owner stays on as a member. */
    @EventHandler
    void on(EnclaveOwnershipTransferred event, @SequenceNumber long sequence) {
        changes.change(event.enclaveId(),
                Reads.members(event.newOwner().value(), event.previousOwner().value()), enclave -> {
            if (enclave.claim(sequence, event.at())) {
                enclave.row().owner = event.newOwner().value();
                enclave.removeMember(event.newOwner().value());
                enclave.registerMember(event.previousOwner().value(), event.at());
            }
        });
    }

    @EventHandler
    void on(SharedServiceReady event, @SequenceNumber long sequence) {
        recordService(event.enclaveId(), sequence, event.at(), event.service(), "available", event.detail());
    }

    @EventHandler
    void on(SharedServiceFailed event, @SequenceNumber long sequence) {
        recordService(event.enclaveId(), sequence, event.at(), event.service(), "failed", event.reason());
    }

    private void recordService(EnclaveId enclave, long sequence, Instant at, Dependency service, String state,
                               String detail) {
        ifNewer(enclave, sequence, at, row -> row.services.putObject(service.label())
                .put("state", state).put("detail", detail).put("since", at.toString()));
    }

    /** A replay from the start rebuilds the read model from nothing: the enclaves with their members and tentacles. */
    @ResetHandler
    void reset() {
        jdbc.update("truncate tentacle, enclave_member, enclave");
    }

    /** A change to the enclave row's own columns, applied only by a newer event. */
    private void ifNewer(EnclaveId enclave, long sequence, Instant at, Consumer<EnclaveImage.Row> change) {
        changes.change(enclave, Reads.ROW, image -> {
            if (image.claim(sequence, at)) {
                change.accept(image.row());
            }
        });
    }
}
