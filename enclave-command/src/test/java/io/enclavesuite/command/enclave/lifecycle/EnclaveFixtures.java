package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The cast and the past events the Enclave fixture tests share. */
final class EnclaveFixtures {

    static final EnclaveId ID = EnclaveId.of("growth");
    static final ChannelRef CHANNEL = new ChannelRef(ChannelId.of("C0GROWTH"), "growth");
    static final UserId ALICE = UserId.of("U0ALICE");   // the owner
    static final UserId BOB = UserId.of("U0BOB");       // a member
    static final UserId DAVE = UserId.of("U0DAVE");     // a member who deploys
    static final UserId EVE = UserId.of("U0EVE");       // neither
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final TentacleName REPORT = TentacleName.of("report");
    static final TentacleName API = TentacleName.of("api");
    static final ContainerImage IMAGE = ContainerImage.of("ghcr.io/acme/report:1.0.0");
    static final CronSchedule NIGHTLY = CronSchedule.of("0 2 * * *");
    static final String CODE = "7K3M-Q9XT";
    static final ConfirmationCodes CODES = new ConfirmationCodes(
            io.enclavesuite.command.database.CredentialKey.of(new byte[32]), () -> CODE);

    static AggregateTestFixture<Enclave> fixture() {
        return fixture(EnclaveLimits.DEFAULTS);
    }

    static AggregateTestFixture<Enclave> fixture(EnclaveLimits limits) {
        AggregateTestFixture<Enclave> fixture = new AggregateTestFixture<>(Enclave.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(CODES);
        fixture.registerInjectableResource(limits);
        return fixture;
    }

    static Map<String, Object> by(UserId actor) {
        return Map.of(MetadataKeys.ACTOR, actor.value());
    }

    static Map<String, Object> by(String actor) {
        return Map.of(MetadataKeys.ACTOR, actor);
    }

    static EnclaveProvisioningStarted started() {
        return started(Mode.MEMBER_EDIT);
    }

    static EnclaveProvisioningStarted started(Mode mode) {
        return new EnclaveProvisioningStarted(ID, CHANNEL, ALICE, QuotaPreset.MEDIUM, mode, "enclave-growth", T0);
    }

    static EnclaveActivated activated() {
        return new EnclaveActivated(ID, "enclave-growth", T0);
    }

    static MemberRegistered registered(UserId member) {
        return new MemberRegistered(ID, member, T0);
    }

    /** An active member-edit enclave owned by Alice with Bob and Dave as members. */
    static List<Object> activeWithMembers() {
        return List.of(started(), activated(), registered(BOB), registered(DAVE));
    }

    static TentacleDeployed deployedCron(UserId owner, Mode mode) {
        return new TentacleDeployed(ID, REPORT, IMAGE, NIGHTLY, mode, owner, List.of(Dependency.POSTGRES), T0);
    }

    /** As recorded now: with the data generation and the deployment number the aggregate decided. */
    static TentacleDeployed deployedCron(UserId owner, Mode mode, int dataGeneration, int deployment) {
        return new TentacleDeployed(ID, REPORT, IMAGE, NIGHTLY, mode, owner, List.of(Dependency.POSTGRES), T0,
                dataGeneration, deployment);
    }

    static TentacleDeployed deployedService(UserId owner, Mode mode, int dataGeneration, int deployment) {
        return new TentacleDeployed(ID, API, ContainerImage.of("ghcr.io/acme/api:2.1"), null, mode, owner, List.of(), T0,
                dataGeneration, deployment);
    }

    static TentacleDeployed deployedService(UserId owner, Mode mode) {
        return new TentacleDeployed(ID, API, ContainerImage.of("ghcr.io/acme/api:2.1"), null, mode, owner, List.of(), T0);
    }

    static List<Object> with(List<Object> events, Object... more) {
        var all = new java.util.ArrayList<>(events);
        all.addAll(List.of(more));
        return all;
    }

    private EnclaveFixtures() {
    }
}
