package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.CompleteDeprovisioning;
import io.enclavesuite.api.enclave.CompleteProvisioning;
import io.enclavesuite.api.enclave.ConfirmDeprovision;
import io.enclavesuite.api.enclave.DriftDetected;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.RequestDeprovision;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.command.binding.CommandDatabase;
import io.enclavesuite.command.database.CredentialKey;
import io.enclavesuite.command.enclave.lifecycle.ConfirmationCodes;
import io.enclavesuite.command.enclave.lifecycle.Enclave;
import io.enclavesuite.command.enclave.lifecycle.EnclaveLimits;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.QuotaPresets;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The write side as far as the reconciler needs it, real where it can be: the Enclave aggregate behind Axon's command
 * bus and an event store, the desired-state table on the test PostgreSQL kept by its subscribing handler, and a
 * Kubernetes API (fabric8's mock server in CRUD mode). The provisioning saga's one cluster step is taken as it takes
 * it; the sagas themselves are tested on their own.
 */
final class ReconcilerWorld implements AutoCloseable {

    static final UserId ALICE = UserId.of("U0ALICE");
    static final UserId BOB = UserId.of("U0BOB");
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String CODE = "7K3M-Q9XT";
    private static final AtomicInteger COUNT = new AtomicInteger();

    final JdbcTemplate jdbc = CommandDatabase.migrated();
    final DesiredEnclaves desired = new DesiredEnclaves(jdbc);
    final Configuration axon;
    final Fabric8KubernetesProvisioner provisioner;
    final KubernetesClient cluster;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ReconcilerWorld(KubernetesClient cluster) {
        this.cluster = cluster;
        this.provisioner = new Fabric8KubernetesProvisioner(cluster, new QuotaPresets(null, null));
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(Enclave.class)
                .registerComponent(Clock.class, c -> Clock.fixed(T0, ZoneOffset.UTC))
                .registerComponent(EnclaveLimits.class, c -> EnclaveLimits.DEFAULTS)
                .registerComponent(ConfirmationCodes.class,
                        c -> new ConfirmationCodes(CredentialKey.of(new byte[32]), () -> CODE))
                .eventProcessing(processing -> processing.usingSubscribingEventProcessors()
                        .registerEventHandler(c -> desired))
                .start();
    }

    /** A reconciler over this world, on another cluster (a fresh one) if given. */
    EnclaveReconciler reconciler(KubernetesClient on) {
        return new EnclaveReconciler(desired, on, new Fabric8KubernetesProvisioner(on, new QuotaPresets(null, null)),
                axon.commandGateway(), meters);
    }

    EnclaveReconciler reconciler() {
        return reconciler(cluster);
    }

    /** A new enclave named {@code <prefix>-<n>}, provisioned as the saga does it, and active. */
    EnclaveId active(String prefix) {
        EnclaveId enclave = EnclaveId.of(prefix + "-" + COUNT.incrementAndGet());
        send(new ProvisionEnclave(enclave, new ChannelRef(ChannelId.of("C0" + enclave.value().toUpperCase()
                .replace("-", "")), enclave.value()), ALICE, QuotaPreset.SMALL, null), ALICE);
        EnclaveProvisioningStarted started = (EnclaveProvisioningStarted) events(enclave).get(0).getPayload();
        provisioner.ensureNamespace(EnclaveLabels.namespaceFor(started));
        send(new CompleteProvisioning(enclave, enclave.namespace()), (String) null);
        return enclave;
    }

    EnclaveId frozen(String prefix) {
        EnclaveId enclave = active(prefix);
        send(new FreezeEnclave(enclave, FreezeReason.CHANNEL_ARCHIVED), "slack");
        return enclave;
    }

    /** Deprovisioned as the deprovisioning saga leaves it: the namespace gone. */
    EnclaveId deprovisioned(String prefix) {
        EnclaveId enclave = active(prefix);
        send(new RequestDeprovision(enclave), ALICE);
        send(new ConfirmDeprovision(enclave, CODE), ALICE);
        cluster.namespaces().withName(enclave.namespace()).delete();
        send(new CompleteDeprovisioning(enclave, List.of("Namespace/" + enclave.namespace())), (String) null);
        return enclave;
    }

    void send(Object command, UserId actor) {
        send(command, actor == null ? null : actor.value());
    }

    void send(Object command, String actor) {
        axon.commandGateway().sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .withMetaData(actor == null ? Map.of() : Map.of(MetadataKeys.ACTOR, actor)));
    }

    List<? extends DomainEventMessage<?>> events(EnclaveId enclave) {
        return axon.eventStore().readEvents(enclave.value()).asStream().toList();
    }

    /** The drift the enclave's history records as detected and not repaired, in order. */
    List<DriftDetected> detected(EnclaveId enclave) {
        return events(enclave).stream().map(DomainEventMessage::getPayload)
                .filter(DriftDetected.class::isInstance).map(DriftDetected.class::cast).toList();
    }

    /** The drift the enclave's history records, in order. */
    List<DriftRepaired> drift(EnclaveId enclave) {
        return events(enclave).stream().map(DomainEventMessage::getPayload)
                .filter(DriftRepaired.class::isInstance).map(DriftRepaired.class::cast).toList();
    }

    @Override
    public void close() {
        axon.shutdown();
    }
}
