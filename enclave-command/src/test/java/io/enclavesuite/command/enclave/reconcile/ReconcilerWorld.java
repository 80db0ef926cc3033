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
import io.enclavesuite.command.enclave.EnclaveLocks;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.PostgresDatabaseProvisioner;
import io.enclavesuite.command.database.TestDatabases;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningRetryPolicy;
import io.enclavesuite.command.enclave.services.SharedServiceWorkloads;
import io.enclavesuite.command.enclave.tentacle.DesiredTentacles;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.RecordedTentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.TentacleSaga;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkloads;
import io.enclavesuite.command.kubernetes.Fabric8OnDemandServices;
import io.enclavesuite.command.kubernetes.OnDemandServicesTest;
import io.enclavesuite.command.storage.S3ObjectStorage;
import io.enclavesuite.command.storage.TestObjectStorage;
import io.enclavesuite.operability.SagaSteps;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.modelling.saga.repository.SagaStore;
import com.zaxxer.hikari.HikariDataSource;
import io.enclavesuite.write.replicas.ReplicasProperties;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import java.time.Duration;
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
 * bus and an event store, the desired-state table on the test PostgreSQL kept by its subscribing handler, the tentacle
 * saga applying (and recording) tentacles with their shared services (the test PostgreSQL and object store), and a
 * Kubernetes API (fabric8's mock server in CRUD mode). The provisioning saga's one cluster step is taken as it takes
 * it; the other sagas are tested on their own.
 */
final class ReconcilerWorld implements AutoCloseable {

    static final UserId ALICE = UserId.of("U0ALICE");
    static final UserId BOB = UserId.of("U0BOB");
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String CODE = "7K3M-Q9XT";
    private static final AtomicInteger COUNT = new AtomicInteger();

    /** Pooled, as the service's is: the tentacle saga's records each take a connection of their own. */
    private final HikariDataSource pool = pooled(CommandDatabase.migrated());
    final JdbcTemplate jdbc = new JdbcTemplate(pool);
    /** A replica's settings for the leadership of the full passes: turns every 200 ms, a 2 s claim timeout. */
    static final ReplicasProperties REPLICAS = new ReplicasProperties(null, 1, Duration.ofSeconds(2),
            Duration.ofMillis(200), Duration.ofMillis(200), 0, Duration.ofMillis(20));
    final DesiredEnclaves desired = new DesiredEnclaves(jdbc);
    final EnclaveLocks locks = new EnclaveLocks(pool);
    final DesiredTentacles tentacles = new DesiredTentacles(jdbc, new DataSourceTransactionManager(pool), locks);
    final PostgresDatabaseProvisioner databases = TestDatabases.provisioner();
    final S3ObjectStorage storage = TestObjectStorage.storage();
    final Configuration axon;
    final Fabric8KubernetesProvisioner provisioner;
    final KubernetesClient cluster;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ReconcilerWorld(KubernetesClient cluster) {
        this.cluster = cluster;
        this.provisioner = new Fabric8KubernetesProvisioner(cluster, new QuotaPresets(null, null));
        OnDemandServicesTest.installResourceDefinitions(cluster);
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(Enclave.class)
                .registerComponent(Clock.class, c -> Clock.fixed(T0, ZoneOffset.UTC))
                .registerComponent(EnclaveLimits.class, c -> EnclaveLimits.DEFAULTS)
                .registerComponent(ConfirmationCodes.class,
                        c -> new ConfirmationCodes(CredentialKey.of(new byte[32]), () -> CODE))
                .registerComponent(TentacleWorkloads.class, c -> workloads(cluster))
                .registerComponent(ProvisioningRetryPolicy.class,
                        c -> new ProvisioningRetryPolicy(2, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(2)))
                .registerComponent(SagaSteps.class, c -> SagaSteps.unobserved())
                .registerComponent(DeadlineManager.class, c -> SimpleDeadlineManager.builder()
                        .scopeAwareProvider(new ConfigurationScopeAwareProvider(c)).build())
                .eventProcessing(processing -> processing.usingSubscribingEventProcessors()
                        .registerEventHandler(c -> desired)
                        .registerSaga(TentacleSaga.class))
                .start();
    }

    /** The tentacle saga's port on a cluster: its workloads with their shared services, recorded. */
    TentacleWorkloads workloads(KubernetesClient on) {
        return new RecordedTentacleWorkloads(new SharedServiceWorkloads(new Fabric8TentacleWorkloads(on), databases,
                storage, new Fabric8OnDemandServices(on, "nats://nats.test:4222", "test.example"), on), tentacles);
    }

    SagaStore<?> sagas() {
        return axon.eventProcessingConfiguration().sagaConfiguration(TentacleSaga.class).store();
    }

    javax.sql.DataSource dataSource() {
        return pool;
    }

    /** A reconciler over this world, on another cluster (a fresh one) if given. */
    EnclaveReconciler reconciler(KubernetesClient on) {
        return reconciler(on, desired);
    }

    /** A reconciler whose passes list the enclaves from {@code listing} (each enclave's own state is still read). */
    EnclaveReconciler reconciler(KubernetesClient on, DesiredEnclaves listing) {
        return new EnclaveReconciler(listing, on, new Fabric8KubernetesProvisioner(on, new QuotaPresets(null, null)),
                axon.commandGateway(), meters, tentacleReconciler(on), locks);
    }

    TentacleReconciler tentacleReconciler(KubernetesClient on) {
        return new TentacleReconciler(desired, tentacles, sagas(), on, workloads(on), databases, storage);
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
        return freeze(active(prefix));
    }

    EnclaveId freeze(EnclaveId enclave) {
        send(new FreezeEnclave(enclave, FreezeReason.CHANNEL_ARCHIVED), "slack");
        return enclave;
    }

    /** Deployed by the owner as Slack would send it; applied by the tentacle saga before this returns. */
    TentacleName deploy(EnclaveId enclave, String tentacle, String schedule, Dependency... dependencies) {
        send(new DeployTentacle(enclave, TentacleName.of(tentacle), ContainerImage.of("ghcr.io/acme/" + tentacle
                + ":1.0.0"), schedule == null ? null : CronSchedule.of(schedule), null, List.of(dependencies)), ALICE);
        return TentacleName.of(tentacle);
    }

    /** Deprovisioned as the deprovisioning saga leaves it: the namespace gone. */
    EnclaveId deprovisioned(String prefix) {
        return deprovision(active(prefix));
    }

    EnclaveId deprovision(EnclaveId enclave) {
        startDeprovisioning(enclave);
        send(new CompleteDeprovisioning(enclave, List.of("Namespace/" + enclave.namespace())), (String) null);
        return enclave;
    }

    /** Confirmed by its owner, and the saga's step that deletes the namespace taken; not yet recorded as done. */
    EnclaveId startDeprovisioning(EnclaveId enclave) {
        send(new RequestDeprovision(enclave), ALICE);
        send(new ConfirmDeprovision(enclave, CODE), ALICE);
        cluster.namespaces().withName(enclave.namespace()).delete();
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

    private static HikariDataSource pooled(JdbcTemplate migrated) {
        DriverManagerDataSource database = (DriverManagerDataSource) migrated.getDataSource();
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.getUrl());
        pool.setUsername(database.getUsername());
        pool.setPassword(database.getPassword());
        pool.setSchema(database.getSchema());
        pool.setMaximumPoolSize(4);
        return pool;
    }

    @Override
    public void close() {
        axon.shutdown();
        pool.close();
    }
}
