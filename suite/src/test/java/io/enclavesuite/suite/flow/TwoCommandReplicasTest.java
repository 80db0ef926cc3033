package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.TransferOwnership;
import io.enclavesuite.api.enclave.UnfreezeEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.kubernetes.KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.QuotaPresets;
import io.enclavesuite.write.replicas.ReplicasProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of enclave-command — two Spring contexts in this JVM, one database, one intake consumer group —
 * as issue 30's first bullet asks: a replica whose cached enclave is behind decides on the stored state, conflicting
 * commands from both are decided one after the other with nothing lost, a deadline fires once, and the saga
 * segments of a replica that dies without letting go are taken over once its claims lapse.
 */
class TwoCommandReplicasTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String ALICE = "U0ALICE";
    private static final String ENCLAVE_EVENT = "io.enclavesuite.api.enclave.";
    private SuiteUnderTest suite;
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void aReplicaBehindDecidesOnTheStoredStateAndConflictingCommandsAreDecidedOneAfterTheOther() throws Exception {
        suite = new SuiteUnderTest();
        a = suite.startCommand("replica-a");
        b = suite.startCommand("replica-b");
        // the saga segments spread over both replicas: each holds one of each saga processor's two
        for (String processor : List.of("ProvisioningSagaProcessor", "TentacleSagaProcessor")) {
            await().atMost(PATIENCE).until(() -> owners(processor).stream().sorted().toList()
                    .equals(List.of("replica-a", "replica-b")));
        }
        provision("twin", "C0TWIN");
        for (String member : List.of("U0BOB", "U0CAROL")) {
            accepted("twin", "RegisterMember", "{\"enclaveId\":\"twin\",\"member\":\"" + member + "\"}", member,
                    "C0TWIN");
        }
        EnclaveId twin = EnclaveId.of("twin");

        // a caches the enclave frozen; b unfreezes it; a's freeze must not be a no-op on its old copy
        send(a, new FreezeEnclave(twin, FreezeReason.CHANNEL_ARCHIVED), "slack");
        send(b, new UnfreezeEnclave(twin, FreezeReason.CHANNEL_ARCHIVED), "slack");
        send(a, new FreezeEnclave(twin, FreezeReason.CHANNEL_ARCHIVED), "slack");
        assertThat(types("twin").stream().filter(type -> type.endsWith("Frozen") || type.endsWith("Unfrozen")))
                .containsExactly("EnclaveFrozen", "EnclaveUnfrozen", "EnclaveFrozen");
        send(b, new UnfreezeEnclave(twin, FreezeReason.CHANNEL_ARCHIVED), "slack");

        // fault scenario 6: a deploy on one replica against a freeze on the other, at the same moment
        for (int round = 0; round < 3; round++) {
            TentacleName tentacle = TentacleName.of("job-" + round);
            Both both = concurrently(
                    () -> send(a, new DeployTentacle(twin, tentacle, ContainerImage.of("ghcr.io/acme/job:1.0.0"),
                            CronSchedule.of("0 2 * * *"), null, List.of()), ALICE),
                    () -> send(b, new FreezeEnclave(twin, FreezeReason.CHANNEL_ARCHIVED), "slack"));
            assertThat(both.second()).as("the freeze").isEmpty();
            List<String> stream = types("twin");
            int frozen = stream.lastIndexOf("EnclaveFrozen");
            int deployed = stream.lastIndexOf("TentacleDeployed");
            if (both.first().isEmpty()) {
                assertThat(deployed).as("accepted, so deployed before the freeze").isBetween(0, frozen);
            } else {
                assertThat(both.first().get()).as("refused, so the freeze came first").contains("frozen");
                assertThat(deployed).isLessThan(frozen);
                assertThat(stream.subList(frozen, stream.size())).doesNotContain("TentacleDeployed");
            }
            send(b, new UnfreezeEnclave(twin, FreezeReason.CHANNEL_ARCHIVED), "slack");
        }

        // and two transfers of ownership, one on each replica: the first wins, the second is no longer the owner's
        Both transfers = concurrently(
                () -> send(a, new TransferOwnership(twin, UserId.of("U0BOB")), ALICE),
                () -> send(b, new TransferOwnership(twin, UserId.of("U0CAROL")), ALICE));
        assertThat(List.of(transfers.first(), transfers.second())).filteredOn(Optional::isEmpty).hasSize(1);
        assertThat(types("twin").stream().filter("EnclaveOwnershipTransferred"::equals)).hasSize(1);

        List<Long> sequence = suite.database.queryForList("""
                select sequencenumber from enclave_command.domainevententry where aggregateidentifier = 'twin'
                order by sequencenumber""", Long.class);
        assertThat(sequence).as("no gap, no duplicate")
                .containsExactlyElementsOf(LongStream.range(0, sequence.size()).boxed().toList());
    }

    @Test
    void aDeadlineScheduledWhileTwoReplicasRunFiresOnce() throws Exception {
        FirstAttemptFails.calls.clear();
        suite = new SuiteUnderTest();
        a = suite.startCommand("replica-a", FirstAttemptFails.class);
        b = suite.startCommand("replica-b", FirstAttemptFails.class);
        List<String> enclaves = List.of("once-1", "once-2", "once-3", "once-4");
        for (int i = 0; i < enclaves.size(); i++) {
            accepted(enclaves.get(i), "ProvisionEnclave", provisioning(enclaves.get(i), "C0ONCE" + i), ALICE,
                    "C0ONCE" + i);
        }

        for (String enclave : enclaves) {
            await().atMost(PATIENCE).until(() -> types(enclave).contains("EnclaveActivated"));
        }
        // every retry scheduled (one per failed try: the refused namespace, and any database step that met another
        // one's catalog update) fired once, on one of the two replicas — never on both
        await().during(Duration.ofSeconds(5)).atMost(PATIENCE).until(() -> sum("enclave.deadlines", "deadline",
                "provisioning-retry") == sum("enclave.saga.steps", "outcome", "retry_scheduled", "saga", "provisioning"));
        assertThat(sum("enclave.deadlines", "deadline", "provisioning-retry")).isGreaterThanOrEqualTo(enclaves.size());
        assertThat(enclaves).allMatch(enclave -> FirstAttemptFails.calls.get("enclave-" + enclave).get() >= 2);
        assertThat(suite.database.queryForObject("select count(*) from enclave_command.scheduled_tasks "
                + "where task_name = 'AxonDeadline'", Long.class)).isZero();
        for (String enclave : enclaves) {
            assertThat(types(enclave).stream().filter("EnclaveActivated"::equals)).hasSize(1);
        }
    }

    @Test
    void aReplicaThatDiesMidSagaHoldingItsClaimsLeavesThemToTheOtherOnceTheyLapse() throws Exception {
        DiesInsideTheSaga.reached = new CountDownLatch(1);
        suite = new SuiteUnderTest();
        a = suite.startCommand("replica-a", DiesInsideTheSaga.class);
        accepted("orphan", "ProvisionEnclave", provisioning("orphan", "C0ORPHAN"), ALICE, "C0ORPHAN");
        assertThat(DiesInsideTheSaga.reached.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        b = suite.startCommand("replica-b");
        // While a's step hangs, its claim on that segment goes stale but the row stays locked by a's transaction:
        // b's attempt to claim it waits (nothing is handled twice), so b takes no saga segment of a yet.
        assertThat(owners("ProvisioningSagaProcessor")).contains("replica-a");

        a.close(); // as a kill: its token store keeps every claim, and a's saga step never completes
        a = null;

        ReplicasProperties replicas = b.getBean(ReplicasProperties.class);
        Duration bound = replicas.claimTimeout().plus(replicas.tokenClaimInterval());
        SagaStepFaults.afterTheKill(bound.plus(Duration.ofSeconds(20)))
                .until(() -> types("orphan").contains("EnclaveActivated"));
        // and every other claim a left behind lapses to b within the same bound
        SagaStepFaults.afterTheKill(bound.plus(Duration.ofSeconds(20)))
                .until(() -> owners("ProvisioningSagaProcessor").equals(List.of("replica-b", "replica-b")));
        try (KubernetesClient kubernetes = suite.infrastructure.newKubernetesClient()) {
            assertThat(kubernetes.namespaces().withLabel("enclavesuite.io/enclave", "orphan").list().getItems())
                    .hasSize(1);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String provisioning(String enclave, String channel) {
        return "{\"enclaveId\":\"" + enclave + "\",\"channel\":{\"id\":\"" + channel + "\",\"name\":\"" + enclave
                + "\"},\"owner\":\"" + ALICE + "\"}";
    }

    private void provision(String enclave, String channel) throws Exception {
        accepted(enclave, "ProvisionEnclave", provisioning(enclave, channel), ALICE, channel);
        await().atMost(PATIENCE).until(() -> types(enclave).contains("EnclaveActivated"));
    }

    private void accepted(String key, String type, String payload, String actor, String channel) throws Exception {
        CommandResult result = suite.execute(key, type, payload, actor, channel);
        assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
    }

    /** A command as a saga or the reconciler of that replica sends it: on its own command bus. */
    private static void send(ConfigurableApplicationContext replica, Object command, String actor) {
        replica.getBean(CommandGateway.class).sendAndWait(command, MetaData.with(MetadataKeys.ACTOR, actor)
                .and(MetadataKeys.PRINCIPAL, "suite-test").and(MetadataKeys.VIA, MetadataKeys.VIA_SAGA));
    }

    /** Each command's refusal, if refused. */
    private record Both(Optional<String> first, Optional<String> second) {
    }

    private static Both concurrently(Runnable first, Runnable second) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Optional<String>> one = CompletableFuture.supplyAsync(() -> outcome(go, first));
        CompletableFuture<Optional<String>> two = CompletableFuture.supplyAsync(() -> outcome(go, second));
        go.countDown();
        return new Both(one.get(60, TimeUnit.SECONDS), two.get(60, TimeUnit.SECONDS));
    }

    private static Optional<String> outcome(CountDownLatch go, Runnable command) {
        try {
            go.await();
            command.run();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** The simple names of an enclave's stored event types, in sequence order. */
    private List<String> types(String enclave) {
        return suite.storedEventTypes(enclave).stream().map(type -> type.startsWith(ENCLAVE_EVENT)
                ? type.substring(ENCLAVE_EVENT.length()) : type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** A counter's total over both replicas, for the series with the tags given (name, value, …). */
    private double sum(String meter, String... tags) {
        double total = 0;
        for (ConfigurableApplicationContext replica : List.of(a, b)) {
            total += replica.getBean(io.micrometer.core.instrument.MeterRegistry.class).find(meter).tags(tags)
                    .counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        }
        return total;
    }

    private List<String> owners(String processor) {
        return suite.database.queryForList("select coalesce(owner, '') from enclave_command.tokenentry "
                + "where processorname = ?", String.class, processor);
    }

    /** Every namespace's first creation is refused, as a cluster briefly away would: a retry deadline follows. */
    @Configuration(proxyBeanMethods = false)
    static class FirstAttemptFails {

        static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Bean
        @Primary
        KubernetesProvisioner refusesFirst(KubernetesClient client, QuotaPresets quotas) {
            return SagaStepFaults.aroundEachNamespace(client, quotas, spec -> {
                if (calls.computeIfAbsent(spec.name(), name -> new AtomicInteger()).incrementAndGet() == 1) {
                    throw new IllegalStateException("connection refused (simulated)");
                }
            }, spec -> {
            });
        }
    }

    /**
     * A replica that dies inside the provisioning saga, after its Kubernetes call took effect, and never lets go of a
     * claim: its token store ignores releases, as a killed process would never make them.
     */
    @Configuration(proxyBeanMethods = false)
    static class DiesInsideTheSaga {

        static volatile CountDownLatch reached;

        @Bean
        @Primary
        KubernetesProvisioner diesAfterTheNamespace(KubernetesClient client, QuotaPresets quotas) {
            return SagaStepFaults.aroundEachNamespace(client, quotas, spec -> {
            }, spec -> {
                reached.countDown();
                throw SagaStepFaults.hangUntilStopped();
            });
        }

        @Bean
        @Primary
        TokenStore keepsItsClaims(ConnectionProvider connections, Serializer serializer, ReplicasProperties replicas) {
            TokenStore real = JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                    .schema(TokenSchema.builder().build()).nodeId(replicas.nodeId())
                    .claimTimeout(replicas.claimTimeout()).build();
            return new KeepsClaims(real);
        }
    }

    /** A token store whose claims are never released: what a killed replica leaves in the token table. */
    private record KeepsClaims(TokenStore real) implements TokenStore {

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount) {
            real.initializeTokenSegments(processorName, segmentCount);
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
            real.initializeTokenSegments(processorName, segmentCount, initialToken);
        }

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            real.storeToken(token, processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) {
            return real.fetchToken(processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(String processorName, org.axonframework.eventhandling.Segment segment) {
            return real.fetchToken(processorName, segment);
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            real.extendClaim(processorName, segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            // a killed process releases nothing
        }

        @Override
        public void initializeSegment(TrackingToken token, String processorName, int segment) {
            real.initializeSegment(token, processorName, segment);
        }

        @Override
        public void deleteToken(String processorName, int segment) {
            real.deleteToken(processorName, segment);
        }

        @Override
        public boolean requiresExplicitSegmentInitialization() {
            return real.requiresExplicitSegmentInitialization();
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return real.fetchSegments(processorName);
        }

        @Override
        public List<org.axonframework.eventhandling.Segment> fetchAvailableSegments(String processorName) {
            return real.fetchAvailableSegments(processorName);
        }

        @Override
        public Optional<String> retrieveStorageIdentifier() {
            return real.retrieveStorageIdentifier();
        }
    }
}
