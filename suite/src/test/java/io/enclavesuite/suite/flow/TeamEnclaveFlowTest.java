package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.write.axon.SnapshotThread;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A team enclave's whole life through the real path — Kafka intake, Axon, PostgreSQL event store, sagas, the
 * Kubernetes API from test-support — as the Slack gateway would drive it: commands from the channel, as the
 * verified users.
 */
class TeamEnclaveFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0TEAMFLOW";
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final String EVE = "U0EVE";
    private static final int SNAPSHOT_THRESHOLD = 5;
    private static SuiteUnderTest suite;
    private static KubernetesClient kubernetes;

    @BeforeAll
    static void start() {
        suite = new SuiteUnderTest();
        // a snapshot every 5 events: the flow below runs on snapshots taken on the snapshot thread
        suite.command = suite.start(EnclaveCommandApplication.application(),
                List.of("--enclave.snapshot-threshold=" + SNAPSHOT_THRESHOLD));
        suite.query = suite.start(EnclaveQueryApplication.application());
        kubernetes = suite.infrastructure.newKubernetesClient();
    }

    @AfterAll
    static void stop() {
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    private static CommandResult accepted(String enclave, String type, String payload, String actor) throws Exception {
        CommandResult result = suite.execute(enclave, type, payload, actor, CHANNEL);
        assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
        return result;
    }

    private static String rejected(String enclave, String type, String payload, String actor) throws Exception {
        CommandResult result = suite.execute(enclave, type, payload, actor, CHANNEL);
        assertThat(result.status()).as(type).isEqualTo(CommandResult.Status.REJECTED);
        return result.reason();
    }

    private static CronJob cronJob(String namespace) {
        return kubernetes.batch().v1().cronjobs().inNamespace(namespace).withName("report").get();
    }

    @Test
    void aTeamEnclaveFromItsChannelToDeprovisioning() throws Exception {
        // provisioned from the channel by its owner: name from the channel name, owner the caller
        CommandResult provisioned = accepted("team-flow", "ProvisionEnclave",
                "{\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"Team Flow!\"},\"quota\":\"small\"}", ALICE);
        String enclave = provisioned.aggregateId();
        String namespace = "enclave-" + enclave;
        assertThat(enclave).isEqualTo("team-flow");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(suite.get("/api/enclaves/team-flow", ALICE).body()).contains("\"status\":\"ACTIVE\""));
        // its shared services: the database came with activation, the bucket right after; the rest on demand
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.get("/api/enclaves/team-flow", ALICE).body())
                .contains("\"postgres\":{\"state\":\"available\",\"detail\":\"database enclave-team-flow\"",
                        "\"object-storage\":{\"state\":\"available\",\"detail\":\"bucket enclave-team-flow\"",
                        "\"messaging\":{\"state\":\"not requested\"}", "\"identity\":{\"state\":\"not requested\"}"));
        // its audit history, from the event topic, with who asked and how
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.get("/api/enclaves/team-flow/history", ALICE).body()).contains("\"type\":\"EnclaveProvisioningStarted\"", "\"actor\":\"U0ALICE\"",
                "\"via\":\"kafka:suite-test\"", "\"type\":\"EnclaveActivated\""));
        assertThat(suite.get("/api/enclaves/team-flow/history", EVE).statusCode()).isEqualTo(404);
        // the read API describes itself
        assertThat(suite.get("/api/openapi").body()).contains("\"openapi\":\"3.", "/api/enclaves/{name}/history",
                "/api/feed/coordination", "/api/why", "/api/receipts/keys");

        // a second provisioning from the same channel names the existing enclave
        assertThat(rejected("x", "ProvisionEnclave", "{\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"other\"}}",
                ALICE)).contains("'team-flow'");

        accepted(enclave, "RegisterMember", "{\"enclaveId\":\"team-flow\",\"member\":\"U0BOB\"}", BOB);
        accepted(enclave, "DeployTentacle", """
                {"enclaveId":"team-flow","tentacle":"report","image":"ghcr.io/acme/report:1.0.0",
                 "schedule":"0 2 * * *","dependencies":["postgres","object-storage"]}""", BOB);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cronJob(namespace)).isNotNull());
        // it declared postgres and object storage: their credentials are in Secrets of the namespace, which its
        // pods read
        assertThat(kubernetes.secrets().inNamespace(namespace).withName("report-database").get()).isNotNull();
        assertThat(kubernetes.secrets().inNamespace(namespace).withName("report-storage").get()).isNotNull();
        assertThat(cronJob(namespace).getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers()
                .get(0).getEnvFrom()).extracting(source -> source.getSecretRef().getName())
                .containsExactly("report-database", "report-storage");
        assertThat(cronJob(namespace).getMetadata().getAnnotations())
                .containsEntry("enclavesuite.io/owner", BOB)
                .containsEntry("enclavesuite.io/deployed-via", "kafka:suite-test");

        // someone who is not a member: the enclave layer of member-edit gives others nothing
        assertThat(rejected(enclave, "DeployTentacle", """
                {"enclaveId":"team-flow","tentacle":"intruder","image":"ghcr.io/evil/miner:1.0"}""", EVE))
                .isEqualTo("U0EVE may not deploy tentacles in enclave 'team-flow': enclave layer, mode rwxrwx--- "
                        + "gives others no 'w'");

        // the channel is archived: cron pauses, deploys are refused; unarchived: cron resumes
        accepted(enclave, "FreezeEnclave", "{\"enclaveId\":\"team-flow\",\"reason\":\"channel-archived\"}", BOB);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cronJob(namespace).getSpec().getSuspend()).isTrue());
        assertThat(rejected(enclave, "DeployTentacle", """
                {"enclaveId":"team-flow","tentacle":"late","image":"ghcr.io/acme/late:1.0"}""", ALICE))
                .contains("is frozen (channel-archived)");
        accepted(enclave, "UnfreezeEnclave", "{\"enclaveId\":\"team-flow\",\"reason\":\"channel-archived\"}", BOB);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cronJob(namespace).getSpec().getSuspend()).isFalse());

        accepted(enclave, "RunTentacle", "{\"enclaveId\":\"team-flow\",\"tentacle\":\"report\"}", BOB);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(kubernetes.batch().v1().jobs().inNamespace(namespace).withName("report-run-1").get())
                        .isNotNull());

        // past the snapshot threshold by now: a snapshot is stored, taken off the commands' threads
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.database.queryForObject(
                "select max(sequencenumber) from enclave_command.snapshotevententry where aggregateidentifier = ?",
                Long.class, enclave)).isGreaterThanOrEqualTo(SNAPSHOT_THRESHOLD - 1L));
        // the thread starts with the first snapshot given to it
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains(SnapshotThread.NAME);

        // the read side, filtered for each reader: a member sees the tentacle, an outsider not even the enclave
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                suite.get("/api/enclaves/team-flow/tentacles/report", "U0BOB").body())
                .contains("\"owner\":\"U0BOB\"", "\"runs\":1"));
        assertThat(suite.get("/api/enclaves/team-flow", "U0BOB").body()).contains("\"members\":[\"U0BOB\"]");
        assertThat(suite.get("/api/enclaves/team-flow", "U0EVE").statusCode()).isEqualTo(404);
        assertThat(suite.get("/api/enclaves/team-flow/tentacles", "U0EVE").statusCode()).isEqualTo(404);

        // Bob leaves the channel: his tentacle passes to the owner
        accepted(enclave, "RemoveMember", "{\"enclaveId\":\"team-flow\",\"member\":\"U0BOB\"}", BOB);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(cronJob(namespace).getMetadata().getAnnotations())
                .containsEntry("enclavesuite.io/owner", ALICE));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                suite.get("/api/enclaves/team-flow/tentacles/report", "U0ALICE").body())
                .contains("\"owner\":\"U0ALICE\""));

        // deprovisioning: a code for the owner only, then the confirmation
        CommandResult requested = accepted(enclave, "RequestDeprovision", "{\"enclaveId\":\"team-flow\"}", ALICE);
        String code = requested.details().get("confirmationCode");
        assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(requested.details()).containsKey("expiresAt");
        assertThat(rejected(enclave, "ConfirmDeprovision",
                "{\"enclaveId\":\"team-flow\",\"confirmationCode\":\"0000-0000\"}", ALICE))
                .isEqualTo("wrong confirmation code for enclave 'team-flow'");
        accepted(enclave, "ConfirmDeprovision",
                "{\"enclaveId\":\"team-flow\",\"confirmationCode\":\"" + code + "\"}", ALICE);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.storedEventTypes(enclave))
                .endsWith("io.enclavesuite.api.enclave.EnclaveDeprovisioned", "io.enclavesuite.api.receipt.ReceiptIssued"));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(suite.get("/api/enclaves/team-flow", ALICE).body()).contains("\"status\":\"DEPROVISIONED\""));
        assertThat(everythingLabelled(enclave)).isEmpty();
        assertThat(kubernetes.namespaces().withName(namespace).get()).isNull();
        assertThat(bucketExists("enclave-team-flow")).isFalse();
        assertThat(suite.get("/api/enclaves/team-flow", ALICE).body()).contains("\"object-storage\":{\"state\":\"removed\"");

        assertThat(rejected(enclave, "RegisterMember", "{\"enclaveId\":\"team-flow\",\"member\":\"U0EVE\"}", EVE))
                .isEqualTo("enclave 'team-flow' has been deprovisioned; that cannot be undone, and it takes no more "
                        + "commands");

        // the channel is free again; the old name is not reused
        CommandResult again = accepted("team-flow", "ProvisionEnclave",
                "{\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"Team Flow!\"}}", ALICE);
        assertThat(again.aggregateId()).matches("team-flow-[0-9a-f]{4}");
    }

    @Test
    void theSagaProcessorsAreNamedAsTheHeadStartConfigurationExpects() {
        var processing = suite.command.getBean(org.axonframework.config.EventProcessingConfiguration.class);

        for (String group : List.of(io.enclavesuite.command.enclave.lifecycle.ProvisioningSaga.PROCESSING_GROUP,
                io.enclavesuite.command.enclave.tentacle.TentacleSaga.PROCESSING_GROUP,
                io.enclavesuite.command.enclave.lifecycle.DeprovisioningSaga.PROCESSING_GROUP)) {
            assertThat(processing.eventProcessor(group)).as(group).isPresent();
        }
    }

    @Test
    void aServicePrincipalMustNameTheOwner() throws Exception {
        String reason = suite.execute("svc", "ProvisionEnclave", "{\"channel\":{\"id\":\"C0SVC\",\"name\":\"svc\"}}",
                "svc-billing", null).reason();

        assertThat(reason).isEqualTo("invalid ProvisionEnclave: owner is required when the caller ('svc-billing') is "
                + "not a Slack user");
    }

    @Test
    void aSlackUserProvisionsOnlyForThemselves() throws Exception {
        String reason = rejected("mine", "ProvisionEnclave",
                "{\"channel\":{\"id\":\"C0MINE\",\"name\":\"mine\"},\"owner\":\"U0ALICE\"}", BOB);

        assertThat(reason).isEqualTo("invalid ProvisionEnclave: the owner is the person who provisions: U0BOB asked, "
                + "but the command names U0ALICE as owner");
    }

    @Test
    void badTentacleInputIsRefusedBeforeAnyEventOrKubernetesCall() throws Exception {
        assertThat(suite.execute("bad-input", "ProvisionEnclave",
                "{\"channel\":{\"id\":\"" + CHANNEL + "X\",\"name\":\"bad input\"}}", ALICE, CHANNEL + "X")
                .status()).isEqualTo(CommandResult.Status.ACCEPTED);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(suite.get("/api/enclaves/bad-input", ALICE).body()).contains("\"status\":\"ACTIVE\""));
        // settled: the object storage saga records its bucket after activation
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes("bad-input").stream().anyMatch(type ->
                type.endsWith(".SharedServiceReady") || type.endsWith(".SharedServiceFailed")));
        long before = suite.storedEvents("bad-input");

        assertThat(suite.execute("bad-input", "DeployTentacle", """
                {"enclaveId":"bad-input","tentacle":"etl","image":"nginx:latest"}""", ALICE, CHANNEL + "X").reason())
                .isEqualTo("invalid DeployTentacle: image 'nginx:latest' must be pinned to a tag other than 'latest' "
                        + "or to a digest");
        assertThat(suite.execute("bad-input", "DeployTentacle", """
                {"enclaveId":"bad-input","tentacle":"etl","image":"ghcr.io/a/etl:1","schedule":"61 * * * *"}""",
                ALICE, CHANNEL + "X").reason()).startsWith("invalid DeployTentacle: '61 * * * *' is not a valid cron");
        assertThat(suite.execute("bad-input", "SetEnclaveMode", """
                {"enclaveId":"bad-input","mode":"rwxrwxrwz"}""", ALICE, CHANNEL + "X").reason())
                .startsWith("invalid SetEnclaveMode: 'rwxrwxrwz' is not a mode");
        assertThat(suite.execute("bad-input", "DeployTentacle", """
                {"enclaveId":"bad-input","tentacle":"etl","image":"ghcr.io/a/etl:1","dependencies":["redis"]}""",
                ALICE, CHANNEL + "X").reason()).isEqualTo("invalid DeployTentacle: 'redis' is not a dependency: "
                + "postgres, object-storage, messaging or identity");
        assertThat(suite.storedEvents("bad-input")).isEqualTo(before);
        assertThat(kubernetes.apps().deployments().inNamespace("enclave-bad-input").list().getItems()).isEmpty();
    }

    private static boolean bucketExists(String bucket) {
        try (var s3 = io.enclavesuite.testsupport.TestInfrastructure.get().newS3Client()) {
            s3.headBucket(h -> h.bucket(bucket));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
            return false;
        }
    }

    private static List<String> everythingLabelled(String enclave) {
        Map<String, String> selector = Map.of("enclavesuite.io/enclave", enclave);
        String namespace = "enclave-" + enclave;
        return Stream.of(
                        kubernetes.apps().deployments().inNamespace(namespace).withLabels(selector).list().getItems(),
                        kubernetes.batch().v1().cronjobs().inNamespace(namespace).withLabels(selector).list().getItems(),
                        kubernetes.batch().v1().jobs().inNamespace(namespace).withLabels(selector).list().getItems(),
                        kubernetes.resourceQuotas().inNamespace(namespace).withLabels(selector).list().getItems(),
                        kubernetes.limitRanges().inNamespace(namespace).withLabels(selector).list().getItems(),
                        kubernetes.network().v1().networkPolicies().inNamespace(namespace).withLabels(selector).list()
                                .getItems(),
                        kubernetes.serviceAccounts().inNamespace(namespace).withLabels(selector).list().getItems(),
                        kubernetes.rbac().roles().inNamespace(namespace).withLabels(selector).list().getItems(),
                        kubernetes.rbac().roleBindings().inNamespace(namespace).withLabels(selector).list().getItems(),
                        kubernetes.namespaces().withLabels(selector).list().getItems())
                .flatMap(List::stream)
                .map(object -> ((HasMetadata) object).getKind() + "/" + ((HasMetadata) object).getMetadata().getName())
                .toList();
    }
}
