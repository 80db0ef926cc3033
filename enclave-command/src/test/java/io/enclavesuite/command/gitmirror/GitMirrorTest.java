package io.enclavesuite.command.gitmirror;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.enclavesuite.command.binding.CommandDatabase;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.manifest.EnclaveManifestFold;
import io.enclavesuite.api.manifest.ManifestFiles;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Git mirror through Axon's own JDBC event store, token store and tracking processor on the embedded PostgreSQL:
 * one commit per decision with its events' ids and actors, files equal to the as-of fold at each commit, nothing new
 * after a restart or a replay, and every commit pushed to a bare repository standing in as the remote.
 */
class GitMirrorTest {

    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final TentacleName REPORT = TentacleName.of("report");

    @TempDir
    Path temp;
    private EventStore store;
    private TokenStore tokens;
    private SpringTransactionManager transactions;
    private final List<DomainEventMessage<?>> published = new ArrayList<>();
    private final List<Runnable> stops = new ArrayList<>();

    @BeforeEach
    void eventStoreOnPostgres() {
        DataSource dataSource = CommandDatabase.migrated().getDataSource();
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        ConnectionProvider connections = new SpringDataSourceConnectionProvider(dataSource);
        Serializer serializer = JacksonSerializer.builder()
                .objectMapper(JsonMapper.builder().addModule(new JavaTimeModule()).build()).build();
        store = EmbeddedEventStore.builder().storageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(connections).transactionManager(transactions)
                .eventSerializer(serializer).snapshotSerializer(serializer).schema(new EventSchema()).build()).build();
        tokens = JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                .schema(TokenSchema.builder().build()).build();
    }

    @AfterEach
    void stop() {
        Collections.reverse(stops);
        stops.forEach(Runnable::run);
    }

    @Test
    void eachDecisionIsOneCommitWithItsEventsAndActorsAndTheFilesAsOfThen() throws Exception {
        Path work = temp.resolve("mirror");
        TrackingEventProcessor processor = mirror(work, "");

        // each decision once the previous one is mirrored: decisions that arrive together share a batch and a commit
        decide(List.of(provisioningStarted()), "U0OWNER");
        awaitCommits(work, 1);
        decide(List.of(new EnclaveActivated(GROWTH, "enclave-growth", T.plusSeconds(1))), "U0OWNER");
        awaitCommits(work, 2);
        decide(List.of(deployed()), "U0ANN");
        awaitCommits(work, 3);
        decide(List.of(new EnclaveFrozen(GROWTH, FreezeReason.OWNER_REQUEST, T.plusSeconds(3))), "U0OWNER");
        awaitCommits(work, 4);
        decide(List.of(new TentacleRunRequested(GROWTH, REPORT, 1, T.plusSeconds(4))), "U0ANN");
        decide(List.of(new MemberRegistered(GROWTH, UserId.of("U0BOB"), T.plusSeconds(5))), "U0BOB");
        awaitCommits(work, 5);

        List<RevCommit> log = log(work);
        assertThat(log).hasSize(5); // the run changed no file: no commit of its own
        try (Repository repository = Git.open(work.toFile()).getRepository()) {
            int[] eventsAtCommit = {1, 2, 3, 4, 6};
            for (int i = 0; i < log.size(); i++) {
                RevCommit commit = log.get(i);
                SortedMap<String, String> asOf = render(published.subList(0, eventsAtCommit[i]));
                assertThat(filesAt(repository, commit)).as("commit %d", i + 1).isEqualTo(asOf);
            }
        }
        DomainEventMessage<?> frozen = published.get(3);
        assertThat(log.get(3).getFullMessage()).isEqualTo("Mirror 1 event of growth\n\n" + frozen.getIdentifier()
                + " EnclaveFrozen growth#3 by U0OWNER\n");
        assertThat(log.get(2).getFullMessage()).contains(published.get(2).getIdentifier()
                + " TentacleDeployed growth#2 by U0ANN");
        assertThat(log.get(2).getAuthorIdent().getWhenAsInstant()).isEqualTo(T.plusSeconds(2));
        assertThat(log.get(4).getFullMessage()).contains(published.get(5).getIdentifier()
                + " MemberRegistered growth#5 by U0BOB");
        assertThat(Files.readString(work.resolve("enclaves/growth/enclave.yaml"))).contains("status: \"FROZEN\"",
                "- \"owner-request\"", "- \"U0BOB\"");
        assertThat(processor.isRunning()).isTrue();
    }

    @Test
    void aRestartOrAReplayCommitsNothingNewAndAReplayElsewhereGivesTheSameTree() throws Exception {
        Path work = temp.resolve("mirror");
        TrackingEventProcessor first = mirror(work, "");
        // events decided together may still reach the processor in two batches: wait for the files, not a count
        decide(List.of(provisioningStarted(), new EnclaveActivated(GROWTH, "enclave-growth", T)), "U0OWNER");
        awaitMirrored(work);
        decide(List.of(deployed()), "U0ANN");
        awaitMirrored(work);
        decide(List.of(new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T.plusSeconds(3))), "slack");
        awaitMirrored(work);
        ObjectId head = head(work);
        first.shutDown();

        TrackingEventProcessor restarted = mirror(work, ""); // a new instance: nothing kept in memory
        decide(List.of(new TentacleRunRequested(GROWTH, REPORT, 1, T.plusSeconds(4))), "U0ANN");
        await().atMost(Duration.ofSeconds(20)).until(() -> caughtUp(restarted));
        assertThat(head(work)).isEqualTo(head);

        restarted.shutDown();
        restarted.resetTokens(); // every event again, from the first
        restarted.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> caughtUp(restarted));
        assertThat(head(work)).isEqualTo(head);

        Path elsewhere = temp.resolve("replayed");
        TrackingEventProcessor replay = mirror(elsewhere, "", "git-mirror-replay");
        await().atMost(Duration.ofSeconds(20)).until(() -> caughtUp(replay));
        assertThat(tree(elsewhere)).isEqualTo(tree(work));
    }

    @Test
    void everyCommitReachesTheRemoteAndABatchWhosePushFailedIsTriedAgain() throws Exception {
        Path work = temp.resolve("mirror");
        Path remote = temp.resolve("remote.git");
        TrackingEventProcessor processor = mirror(work, remote.toUri().toString());

        decide(List.of(provisioningStarted()), "U0OWNER"); // no remote yet: the push fails, the batch waits
        awaitCommits(work, 1);
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        // tried again without another event: the same files (no second commit), now pushed
        await().atMost(Duration.ofSeconds(20)).until(() -> head(remote) != null && head(remote).equals(head(work)));
        await().atMost(Duration.ofSeconds(20)).until(() -> caughtUp(processor));
        assertThat(log(work)).hasSize(1);

        decide(List.of(new EnclaveActivated(GROWTH, "enclave-growth", T.plusSeconds(1))), "U0OWNER");
        awaitCommits(work, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> head(remote) != null && head(remote).equals(head(work)));
        try (Git pushed = Git.open(remote.toFile())) {
            assertThat(pushed.log().call()).hasSize(2);
        }

        decide(List.of(deployed()), "U0ANN");
        awaitCommits(work, 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> head(work).equals(head(remote)));
    }

    @Test
    void aDeprovisionedEnclaveKeepsItsFolderWithTheStatusAndWithoutTentacles() throws Exception {
        Path work = temp.resolve("mirror");
        mirror(work, "");
        decide(List.of(provisioningStarted(), new EnclaveActivated(GROWTH, "enclave-growth", T)), "U0OWNER");
        decide(List.of(deployed()), "U0ANN");
        awaitMirrored(work);
        assertThat(work.resolve("enclaves/growth/tentacles/report.yaml")).exists();

        decide(List.of(new EnclaveDeprovisioningStarted(GROWTH, UserId.of("U0OWNER"), "enclave-growth", T),
                new EnclaveDeprovisioned(GROWTH, UserId.of("U0OWNER"), List.of("namespace enclave-growth"), T)),
                "U0OWNER");
        awaitMirrored(work);

        try (Repository repository = Git.open(work.toFile()).getRepository()) {
            List<RevCommit> log = log(work);
            assertThat(filesAt(repository, log.get(log.size() - 1))).containsOnlyKeys("enclaves/growth/enclave.yaml");
        }
        assertThat(Files.readString(work.resolve("enclaves/growth/enclave.yaml"))).contains("status: \"DEPROVISIONED\"");
    }

    private static EnclaveProvisioningStarted provisioningStarted() {
        return new EnclaveProvisioningStarted(GROWTH, new ChannelRef(new ChannelId("C0GROWTH"), "growth"),
                UserId.of("U0OWNER"), QuotaPreset.SMALL, Mode.DEFAULT, "enclave-growth", T);
    }

    private static TentacleDeployed deployed() {
        return new TentacleDeployed(GROWTH, REPORT, ContainerImage.of("ghcr.io/acme/report:1.0"),
                CronSchedule.of("0 6 * * *"), Mode.DEFAULT, UserId.of("U0ANN"), List.of(Dependency.POSTGRES),
                T.plusSeconds(2));
    }

    /** Appends one decision's events in one transaction, as the aggregate's command handling does. */
    private void decide(List<Object> events, String actor) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (Object event : events) {
            messages.add(new GenericDomainEventMessage<>(GitMirror.ENCLAVE, GROWTH.value(), published.size() + messages.size(),
                    event, MetaData.with(MetadataKeys.ACTOR, actor), java.util.UUID.randomUUID().toString(),
                    timeOf(event)));
        }
        transactions.executeInTransaction(() -> store.publish(messages));
        published.addAll(messages);
    }

    private static Instant timeOf(Object event) {
        return Instant.parse(EnclaveJson.mapper().valueToTree(event).path("at").asText());
    }

    private TrackingEventProcessor mirror(Path directory, String remoteUrl) {
        return mirror(directory, remoteUrl, GitMirror.PROCESSING_GROUP);
    }

    private TrackingEventProcessor mirror(Path directory, String remoteUrl, String name) {
        GitMirrorProperties properties = new GitMirrorProperties(true, directory, remoteUrl, "main", "Enclave Suite",
                "enclave-suite@localhost", "", null, null);
        ManifestRepository repository = new ManifestRepository(directory, "main");
        TrackingEventProcessor processor = TrackingEventProcessor.builder().name(name)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(new GitMirror(repository, store, properties, () -> true)).build())
                .messageSource(store).tokenStore(tokens).transactionManager(transactions)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(100))
                .build();
        processor.start();
        stops.add(repository::close);
        stops.add(processor::shutDown);
        return processor;
    }

    private boolean caughtUp(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream().anyMatch(status -> status.isCaughtUp()
                && status.getCurrentPosition().orElse(-1) >= published.size() - 1);
    }

    private static SortedMap<String, String> render(List<DomainEventMessage<?>> events) {
        EnclaveManifestFold fold = new EnclaveManifestFold(GROWTH.value());
        events.forEach(event -> fold.apply(event.getPayloadType().getSimpleName(),
                EnclaveJson.mapper().valueToTree(event.getPayload())));
        return ManifestFiles.render(fold.manifest().orElseThrow());
    }

    /** Until the head commit holds the files of every event published so far. */
    private void awaitMirrored(Path work) {
        SortedMap<String, String> expected = render(published);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!Files.isDirectory(work.resolve(".git")) || head(work) == null) {
                return false;
            }
            try (Repository repository = Git.open(work.toFile()).getRepository()) {
                List<RevCommit> log = log(work);
                return filesAt(repository, log.get(log.size() - 1)).equals(expected);
            }
        });
    }

    private static void awaitCommits(Path work, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(work.resolve(".git"))
                && head(work) != null && log(work).size() >= count);
    }

    /** Newest last. */
    private static List<RevCommit> log(Path work) throws Exception {
        try (Git git = Git.open(work.toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().call().forEach(commits::add);
            Collections.reverse(commits);
            return commits;
        }
    }

    private static ObjectId head(Path repository) throws Exception {
        try (Git git = Git.open(repository.toFile())) {
            return git.getRepository().resolve("refs/heads/main");
        }
    }

    private static ObjectId tree(Path work) throws Exception {
        try (Git git = Git.open(work.toFile())) {
            return git.getRepository().resolve(Constants.HEAD + "^{tree}");
        }
    }

    private static SortedMap<String, String> filesAt(Repository repository, RevCommit commit) throws Exception {
        SortedMap<String, String> files = new java.util.TreeMap<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                files.put(walk.getPathString(), new String(repository.open(walk.getObjectId(0)).getBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
