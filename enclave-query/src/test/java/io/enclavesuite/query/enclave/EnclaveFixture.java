package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Active enclaves with members, made through the real enclave projection, for tests of what lives inside them.
 * It numbers each enclave's events as its stream would, so a test continues with {@link #nextSequence}.
 */
public final class EnclaveFixture {

    public static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final EnclaveProjection projection;
    private final Map<String, Long> sequences = new HashMap<>();

    public EnclaveFixture(JdbcTemplate jdbc) {
        projection = new EnclaveProjection(jdbc, new EnclaveChanges(jdbc));
    }

    public void active(String name, UserId owner, Mode mode, UserId... members) {
        EnclaveId id = EnclaveId.of(name);
        projection.on(new EnclaveProvisioningStarted(id, new ChannelRef(channelOf(name), name), owner,
                QuotaPreset.SMALL, mode, id.namespace(), T0), nextSequence(name));
        projection.on(new EnclaveActivated(id, id.namespace(), T0), nextSequence(name));
        for (UserId member : members) {
            projection.on(new MemberRegistered(id, member, T0), nextSequence(name));
        }
    }

    public void deprovisioned(String name, UserId by) {
        EnclaveId id = EnclaveId.of(name);
        projection.on(new EnclaveDeprovisioningStarted(id, by, id.namespace(), T0), nextSequence(name));
        projection.on(new EnclaveDeprovisioned(id, by, List.of(id.namespace()), T0), nextSequence(name));
    }

    /** The enclave projection's reset handler, as a replay from the start calls it. */
    public void reset() {
        projection.reset();
    }

    /** The sequence number the enclave's next event carries. */
    public long nextSequence(String name) {
        return sequences.merge(name, 1L, Long::sum) - 1;
    }

    private static ChannelId channelOf(String name) {
        return ChannelId.of("C0" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", ""));
    }
}
