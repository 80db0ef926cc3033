package io.enclavesuite.command.gitmirror;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.enclavesuite.command.binding.CommandDatabase;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.manifest.EnclaveManifestFold;
import io.enclavesuite.api.manifest.ManifestFiles;
import io.enclavesuite.write.replicas.Leadership;
import io.enclavesuite.write.replicas.ReplicasProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of enclave-command's Git mirror — each its own working copy, token store owner, processor and
 * leadership — on one PostgreSQL and one remote: only the leader commits and pushes; when it stops, the other takes
 * over on the remote's branch (its commits follow the first's, the remote's history stays one line), or, with no
 * remote and a copy with no commit, mirrors every enclave again from the first event.
 */
class GitMirrorLeadershipTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path temp;
    private DataSource dataSource;
    private EventStore store;
    private Serializer serializer;
    private SpringTransactionManager transactions;
    private final List<DomainEventMessage<?>> published = new ArrayList<>();
    private final List<Replica> replicas = new ArrayList<>();

    @BeforeEach
    void eventStoreOnPostgres() {
        dataSource = CommandDatabase.migrated().getDataSource();
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        serializer = JacksonSerializer.builder()
                .objectMapper(JsonMapper.builder().addModule(new JavaTimeModule()).build()).build();
        store = EmbeddedEventStore.builder().storageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource)).transactionManager(transactions)
                .eventSerializer(serializer).snapshotSerializer(serializer).schema(new EventSchema()).build()).build();
    }

    @AfterEach
    void stop() {
        Collections.reverse(replicas);
        replicas.forEach(Replica::stop);
    }

    @Test
    void onlyTheLeaderMirrorsAndAnotherTakesOverOnTheRemotesBranch() throws Exception {
        Path remote = temp.resolve("remote.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        Replica a = replica("a", remote.toUri().toString());
        a.leadership.start();
        await().atMost(WITHIN).until(a.leadership::leading);
        Replica b = replica("b", remote.toUri().toString());
        b.leadership.start();

        decide(provisioningStarted(), "U0OWNER");
        await().atMost(WITHIN).until(() -> filesAtHead(remote).equals(render(published)));
        decide(new EnclaveActivated(GROWTH, "enclave-growth", T.plusSeconds(1)), "U0OWNER");
        await().atMost(WITHIN).until(() -> filesAtHead(remote).equals(render(published)));
        assertThat(b.leadership.leading()).isFalse();
        assertThat(b.repository.isEmpty()).as("b's working copy").isTrue();
        assertThat(b.processor.isRunning()).isFalse();
        List<RevCommit> before = log(remote);
        assertThat(before).hasSize(2);

        a.stop();
        await().atMost(WITHIN).until(b.leadership::leading);
        decide(new EnclaveFrozen(GROWTH, FreezeReason.OWNER_REQUEST, T.plusSeconds(2)), "U0OWNER");
        await().atMost(WITHIN).until(() -> filesAtHead(remote).equals(render(published)));

        List<RevCommit> after = log(remote);
        assertThat(after).hasSize(3);
        assertThat(after.subList(0, 2)).isEqualTo(before); // b's commit follows a's: nothing rewritten
        assertThat(after.get(2).getParentCount()).isEqualTo(1);
        assertThat(after.get(2).getParent(0)).isEqualTo(before.get(1));
        assertThat(head(a.directory)).isEqualTo(before.get(1)); // a wrote nothing once it stopped leading
        assertThat(head(b.directory)).isEqualTo(after.get(2));
    }

    @Test
    void withNoRemoteANewLeaderWithAnEmptyCopyMirrorsEveryEnclaveFromTheFirstEvent() throws Exception {
        Replica a = replica("a", "");
        a.leadership.start();
        await().atMost(WITHIN).until(a.leadership::leading);
        Replica b = replica("b", "");
        b.leadership.start();
        decide(provisioningStarted(), "U0OWNER");
        decide(new EnclaveActivated(GROWTH, "enclave-growth", T.plusSeconds(1)), "U0OWNER");
        await().atMost(WITHIN).until(() -> head(a.directory) != null
                && filesAtHead(a.directory).equals(render(published)));
        assertThat(b.repository.isEmpty()).isTrue();

        a.stop();
        await().atMost(WITHIN).until(b.leadership::leading);
        await().atMost(WITHIN).until(() -> head(b.directory) != null
                && filesAtHead(b.directory).equals(render(published)));
    }

    private Replica replica(String node, String remoteUrl) {
        Replica replica = new Replica(node, remoteUrl);
        replicas.add(replica);
        return replica;
    }

    /** One replica of enclave-command as far as the mirror goes, wired as GitMirrorConfiguration wires it. */
    private final class Replica {

        final Path directory;
        final ManifestRepository repository;
        final TrackingEventProcessor processor;
        final Leadership leadership;
        private boolean stopped;

        Replica(String node, String remoteUrl) {
            directory = temp.resolve("mirror-" + node);
            GitMirrorProperties properties = new GitMirrorProperties(true, directory, remoteUrl, "main",
                    "Enclave Suite", "enclave-suite@localhost", "", null, null);
            repository = new ManifestRepository(directory, "main");
            ConnectionProvider connections = new SpringDataSourceConnectionProvider(dataSource);
            JdbcTokenStore tokens = JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer)
                    .schema(TokenSchema.builder().build()).nodeId(node).claimTimeout(Duration.ofSeconds(2)).build();
            ReplicasProperties replicasProperties = new ReplicasProperties(node, 1, Duration.ofSeconds(2),
                    Duration.ofMillis(200), Duration.ofMillis(200), 0, Duration.ofMillis(20));
            TrackingEventProcessor[] built = new TrackingEventProcessor[1];
            GitMirrorDuty duty = new GitMirrorDuty(repository, properties, tokens, transactions,
                    () -> java.util.Optional.of(built[0]));
            built[0] = TrackingEventProcessor.builder().name(GitMirror.PROCESSING_GROUP)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                            .eventHandlers(new GitMirror(repository, store, properties, duty::leading)).build())
                    .messageSource(store).tokenStore(tokens).transactionManager(transactions)
                    .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                            .forSingleThreadedProcessing().andBatchSize(GitMirrorConfiguration.BATCH_SIZE)
                            .andAutoStart(false).andTokenClaimInterval(200, TimeUnit.MILLISECONDS))
                    .build();
            processor = built[0];
            leadership = new Leadership(dataSource, GitMirrorDuty.LEAD, replicasProperties, duty);
        }

        void stop() {
            if (!stopped) {
                stopped = true;
                leadership.close();
                processor.shutDown();
                repository.close();
            }
        }
    }

    private void decide(Object event, String actor) {
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(GitMirror.ENCLAVE, GROWTH.value(),
                published.size(), event, MetaData.with(MetadataKeys.ACTOR, actor),
                java.util.UUID.randomUUID().toString(), Instant.parse(
                        EnclaveJson.mapper().valueToTree(event).path("at").asText()));
        transactions.executeInTransaction(() -> store.publish(message));
        published.add(message);
    }

    private static EnclaveProvisioningStarted provisioningStarted() {
        return new EnclaveProvisioningStarted(GROWTH, new ChannelRef(new ChannelId("C0GROWTH"), "growth"),
                UserId.of("U0OWNER"), QuotaPreset.SMALL, Mode.DEFAULT, "enclave-growth", T);
    }

    private static SortedMap<String, String> render(List<DomainEventMessage<?>> events) {
        EnclaveManifestFold fold = new EnclaveManifestFold(GROWTH.value());
        events.forEach(event -> fold.apply(event.getPayloadType().getSimpleName(),
                EnclaveJson.mapper().valueToTree(event.getPayload())));
        return ManifestFiles.render(fold.manifest().orElseThrow());
    }

    private static ObjectId head(Path repository) throws Exception {
        try (Git git = Git.open(repository.toFile())) {
            return git.getRepository().resolve("refs/heads/main");
        }
    }

    /** Newest last. */
    private static List<RevCommit> log(Path repository) throws Exception {
        try (Git git = Git.open(repository.toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().call().forEach(commits::add);
            Collections.reverse(commits);
            return commits;
        }
    }

    private static SortedMap<String, String> filesAtHead(Path path) throws Exception {
        SortedMap<String, String> files = new TreeMap<>();
        try (Git git = Git.open(path.toFile())) {
            Repository repository = git.getRepository();
            ObjectId head = repository.resolve("refs/heads/main");
            if (head == null) {
                return files;
            }
            try (TreeWalk walk = new TreeWalk(repository);
                 org.eclipse.jgit.revwalk.RevWalk commits = new org.eclipse.jgit.revwalk.RevWalk(repository)) {
                walk.addTree(commits.parseCommit(head).getTree());
                walk.setRecursive(true);
                while (walk.next()) {
                    files.put(walk.getPathString(), new String(repository.open(walk.getObjectId(0)).getBytes(),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
