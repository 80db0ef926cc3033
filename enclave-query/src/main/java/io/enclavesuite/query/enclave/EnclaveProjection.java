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
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.service.SharedServiceFailed;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Projects enclave events into the {@code enclave} and {@code enclave_member} tables. A write applies only if the
 * event is newer than the enclave row ({@code last_sequence}), so replays and Kafka redeliveries leave everything as
 * it is; events that also touch members go through {@link EnclaveSequenceGuard}, which explains why one sequence
 * guards them all. The tentacle projection shares the processing group, so an enclave's events reach both in order.
 */
@Component
@ProcessingGroup(EnclaveSequenceGuard.PROCESSING_GROUP)
class EnclaveProjection {

    private final JdbcTemplate jdbc;
    private final EnclaveSequenceGuard guard;

    EnclaveProjection(JdbcTemplate jdbc, EnclaveSequenceGuard guard) {
        this.jdbc = jdbc;
        this.guard = guard;
    }

    /**
     * Also a re-provisioning after a failure: the row starts over, and, as in the aggregate, so do its members and
     * tentacles.
     */
    @EventHandler
    void on(EnclaveProvisioningStarted event, @SequenceNumber long sequence) {
        // per applied row: true when it was inserted (xmax = 0), false when an existing row started over
        List<Boolean> started = jdbc.queryForList("""
                        insert into enclave (name, status, owner, channel_id, channel_name, namespace, default_mode,
                                             quota, failure_reason, created_at, activated_at, updated_at, last_sequence)
                        values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, null, ?, ?)
                        on conflict (name) do update set
                            status = excluded.status, owner = excluded.owner, channel_id = excluded.channel_id,
                            channel_name = excluded.channel_name, namespace = excluded.namespace,
                            default_mode = excluded.default_mode, quota = excluded.quota, failure_reason = null,
                            activated_at = null, frozen_reason = null, frozen_at = null,
                            deprovision_requested_by = null, deprovision_requested_at = null,
                            deprovision_request_expires_at = null, deprovision_confirmed_by = null,
                            deprovisioning_started_at = null, deprovisioned_at = null, services = '{}'::jsonb,
                            updated_at = excluded.updated_at, last_sequence = excluded.last_sequence
                        where enclave.last_sequence < excluded.last_sequence
                        returning (xmax = 0)""", Boolean.class,
                event.enclaveId().value(), EnclaveStatus.PROVISIONING.name(), event.owner().value(),
                event.channel().id().value(), event.channel().name(), event.namespace(), event.defaultMode().bits(),
                event.quota().label(), Timestamp.from(event.at()), Timestamp.from(event.at()), sequence);
        // a new row has no members or tentacles yet (they reference it): only a re-provisioning has any to forget
        if (started.equals(List.of(false))) {
            forgetMembersAndTentacles(event.enclaveId());
        }
    }

    @EventHandler
    void on(EnclaveActivated event, @SequenceNumber long sequence) {
        updateIfNewer(event.enclaveId(), sequence, event.at(), "status = ?, namespace = ?, activated_at = ?",
                EnclaveStatus.ACTIVE.name(), event.namespace(), Timestamp.from(event.at()));
    }

    @EventHandler
    void on(EnclaveProvisioningFailed event, @SequenceNumber long sequence) {
        updateIfNewer(event.enclaveId(), sequence, event.at(), "status = ?, failure_reason = ?",
                EnclaveStatus.FAILED.name(), event.reason());
    }

    /** Only the display name changes: the enclave keeps its internal name, and its channel id. */
    @EventHandler
    void on(ChannelRenamed event, @SequenceNumber long sequence) {
        updateIfNewer(event.enclaveId(), sequence, event.at(), "channel_name = ?", event.name());
    }

    @EventHandler
    void on(EnclaveFrozen event, @SequenceNumber long sequence) {
        updateIfNewer(event.enclaveId(), sequence, event.at(), "status = ?, frozen_reason = ?, frozen_at = ?",
                EnclaveStatus.FROZEN.name(), event.reason().label(), Timestamp.from(event.at()));
    }

    @EventHandler
    void on(EnclaveUnfrozen event, @SequenceNumber long sequence) {
        updateIfNewer(event.enclaveId(), sequence, event.at(), "status = ?, frozen_reason = null, frozen_at = null",
                EnclaveStatus.ACTIVE.name());
    }

    @EventHandler
    void on(EnclaveModeChanged event, @SequenceNumber long sequence) {
        updateIfNewer(event.enclaveId(), sequence, event.at(), "default_mode = ?", event.mode().bits());
    }

    /** The code hash stays in the event stream: a read model has no use for it and should not spread it. */
    @EventHandler
    void on(DeprovisionRequested event, @SequenceNumber long sequence) {
        updateIfNewer(event.enclaveId(), sequence, event.at(),
                "deprovision_requested_by = ?, deprovision_requested_at = ?, deprovision_request_expires_at = ?",
                event.requestedBy().value(), Timestamp.from(event.at()), Timestamp.from(event.expiresAt()));
    }

    @EventHandler
    void on(EnclaveDeprovisioningStarted event, @SequenceNumber long sequence) {
        updateIfNewer(event.enclaveId(), sequence, event.at(),
                "status = ?, deprovision_confirmed_by = ?, deprovisioning_started_at = ?",
                EnclaveStatus.DEPROVISIONING.name(), event.confirmedBy().value(), Timestamp.from(event.at()));
    }

    /** The row stays, so the name shows as taken for good; members and tentacles went with the namespace. */
    @EventHandler
    void on(EnclaveDeprovisioned event, @SequenceNumber long sequence) {
        boolean applied = updateIfNewer(event.enclaveId(), sequence, event.at(), "status = ?, deprovisioned_at = ?",
                EnclaveStatus.DEPROVISIONED.name(), Timestamp.from(event.at()));
        if (applied) {
            forgetMembersAndTentacles(event.enclaveId());
        }
    }

    @EventHandler
    void on(MemberRegistered event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(), """
                        insert into enclave_member (enclave, member, registered_at) select ?, ?, ?::timestamptz
                        where exists (select from claimed) on conflict (enclave, member) do nothing""",
                event.enclaveId().value(), event.member().value(), Timestamp.from(event.at()));
    }

    /** The member's tentacles pass to the owner through TentacleOwnershipTransferred events of their own. */
    @EventHandler
    void on(MemberRemoved event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(),
                "delete from enclave_member where enclave = ? and member = ? and exists (select from claimed)",
                event.enclaveId().value(), event.member().value());
    }

    /** The new owner was a member and is the owner now; the previous owner stays on as a member. */
    @EventHandler
    void on(EnclaveOwnershipTransferred event, @SequenceNumber long sequence) {
        if (guard.claim(event.enclaveId(), sequence, event.at())) {
            jdbc.update("update enclave set owner = ? where name = ?", event.newOwner().value(),
                    event.enclaveId().value());
            jdbc.update("delete from enclave_member where enclave = ? and member = ?",
                    event.enclaveId().value(), event.newOwner().value());
            addMember(event.enclaveId(), event.previousOwner().value(), event.at());
        }
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
        updateIfNewer(enclave, sequence, at,
                "services = services || jsonb_build_object(?::text, jsonb_build_object('state', ?::text, "
                        + "'detail', ?::text, 'since', ?::text))",
                service.label(), state, detail, at.toString());
    }

    /** A replay from the start rebuilds the read model from nothing; members and tentacles go by cascade. */
    @ResetHandler
    void reset() {
        jdbc.update("delete from enclave");
    }

    private void addMember(EnclaveId enclave, String member, Instant at) {
        jdbc.update("insert into enclave_member (enclave, member, registered_at) values (?, ?, ?) "
                + "on conflict (enclave, member) do nothing", enclave.value(), member, Timestamp.from(at));
    }

    private void forgetMembersAndTentacles(EnclaveId enclave) {
        jdbc.update("delete from enclave_member where enclave = ?", enclave.value());
        jdbc.update("delete from tentacle where enclave = ?", enclave.value());
    }

    /** One statement: the enclave row's own columns, applied only by a newer event. */
    private boolean updateIfNewer(EnclaveId enclave, long sequence, Instant at, String assignments, Object... values) {
        Object[] arguments = Arrays.copyOf(values, values.length + 4);
        arguments[values.length] = Timestamp.from(at);
        arguments[values.length + 1] = sequence;
        arguments[values.length + 2] = enclave.value();
        arguments[values.length + 3] = sequence;
        return jdbc.update("update enclave set " + assignments + ", updated_at = ?, last_sequence = ? "
                + "where name = ? and last_sequence < ?", arguments) == 1;
    }
}
