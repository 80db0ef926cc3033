package io.enclavesuite.command.gitmirror;

import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.manifest.EnclaveManifestFold;
import io.enclavesuite.api.manifest.ManifestFiles;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The Git layer: each batch of this processor's events becomes one commit of the enclaves they concern —
 * {@code enclaves/<name>/enclave.yaml} and one file per tentacle, as {@link EnclaveManifestFold} folds the enclave's
 * stream up to the batch's last event of it — with the events' ids, types and actors in the message. A mirror: the
 * event store stays the source, and the files are a function of the stream, so a replay or a redelivery rewrites the
 * same bytes and commits nothing. The commit is made, and pushed, before the batch's token is stored: a push that
 * fails rolls the batch back, and the processor tries it again (with Axon's backoff). So the remote always holds
 * every event the token has passed, and a replica that takes the mirror over continues from the remote's branch
 * without a gap ({@link GitMirrorDuty}). Only the replica that leads the mirror writes: on any other the handler
 * refuses, and the batch waits. A deprovisioned enclave keeps its folder, its {@code enclave.yaml} saying so.
 */
@ProcessingGroup(GitMirror.PROCESSING_GROUP)
class GitMirror {

    static final String PROCESSING_GROUP = "git-mirror";
    /** Axon's aggregate type of a team enclave's stream (the aggregate's simple class name). */
    static final String ENCLAVE = "Enclave";
    private static final Logger log = LoggerFactory.getLogger(GitMirror.class);
    private static final String BATCH = GitMirror.class.getName() + ".batch";
    private static final int FOLDS_KEPT = 1_000;

    private final ManifestRepository repository;
    private final EventStore events;
    private final GitMirrorProperties properties;
    /** True while this replica leads the mirror. */
    private final BooleanSupplier leading;
    /** Each enclave's fold as of its last mirrored event, so a batch folds only its own events. */
    private final Map<String, Folded> folds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Folded> eldest) {
            return size() > FOLDS_KEPT;
        }
    };
    /** Set after a commit or a failed push, and at start: commits may wait in the working copy. */
    private volatile boolean pushOwed = true;

    private record Folded(long sequence, EnclaveManifestFold fold) {
    }

    GitMirror(ManifestRepository repository, EventStore events, GitMirrorProperties properties,
              BooleanSupplier leading) {
        this.repository = repository;
        this.leading = leading;
        this.events = events;
        this.properties = properties;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> domain) || !ENCLAVE.equals(domain.getType())) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            batch(CurrentUnitOfWork.get().root()).add(domain);
        } else {
            write(List.of(domain));
            pushIfOwed();
        }
    }

    private List<DomainEventMessage<?>> batch(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            List<DomainEventMessage<?>> batch = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> {
                write(batch);
                pushIfOwed();
            });
            return batch;
        });
    }

    /** One commit for the batch, if it changed any file. */
    synchronized void write(List<DomainEventMessage<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        requireLeading();
        Map<String, SortedMap<String, String>> folders = new TreeMap<>();
        for (DomainEventMessage<?> event : batch) {
            String enclave = event.getAggregateIdentifier();
            EnclaveManifestFold fold = foldedTo(enclave, event);
            folders.put(ManifestFiles.folder(enclave), fold.manifest().map(ManifestFiles::render)
                    .orElseGet(TreeMap::new));
        }
        Instant when = batch.get(batch.size() - 1).getTimestamp();
        if (repository.commit(folders, message(batch), properties.authorName(), properties.authorEmail(), when)) {
            pushOwed = true;
        }
    }

    /** The enclave's fold with {@code event} applied: from the kept fold when it is the next event, else re-read. */
    private EnclaveManifestFold foldedTo(String enclave, DomainEventMessage<?> event) {
        Folded kept = folds.get(enclave);
        EnclaveManifestFold fold;
        if (kept != null && kept.sequence() == event.getSequenceNumber() - 1) {
            fold = kept.fold().apply(typeOf(event), EnclaveJson.mapper().valueToTree(event.getPayload()));
        } else { // the first of this enclave since start, a redelivery or a replay: fold its stream up to here
            fold = new EnclaveManifestFold(enclave);
            Iterator<? extends DomainEventMessage<?>> stream = events.readEvents(enclave, 0L).asStream().iterator();
            while (stream.hasNext()) {
                DomainEventMessage<?> stored = stream.next();
                if (stored.getSequenceNumber() > event.getSequenceNumber()) {
                    break;
                }
                fold.apply(typeOf(stored), EnclaveJson.mapper().valueToTree(stored.getPayload()));
            }
        }
        folds.put(enclave, new Folded(event.getSequenceNumber(), fold));
        return fold;
    }

    private static String typeOf(EventMessage<?> event) {
        return event.getPayloadType().getSimpleName();
    }

    /** A subject naming the enclaves, then one line per event: its id, type, enclave and actor. */
    static String message(List<DomainEventMessage<?>> batch) {
        Set<String> enclaves = new LinkedHashSet<>();
        batch.forEach(event -> enclaves.add(event.getAggregateIdentifier()));
        StringBuilder text = new StringBuilder("Mirror ").append(batch.size())
                .append(batch.size() == 1 ? " event of " : " events of ").append(String.join(", ", enclaves))
                .append("\n\n");
        for (DomainEventMessage<?> event : batch) {
            Object actor = event.getMetaData().get(MetadataKeys.ACTOR);
            text.append(event.getIdentifier()).append(' ').append(typeOf(event)).append(' ')
                    .append(event.getAggregateIdentifier()).append('#').append(event.getSequenceNumber())
                    .append(" by ").append(actor == null ? "(no actor)" : actor).append('\n');
        }
        return text.toString();
    }

    /** Pushes what waits in the working copy; a refusal fails the batch, which is then tried again. */
    synchronized void pushIfOwed() {
        if (!properties.pushes() || !pushOwed) {
            return;
        }
        requireLeading();
        ManifestRepository.Push push = repository.push(properties.remoteUrl(), properties.username(),
                properties.secret().orElse(null));
        pushOwed = !push.done();
        if (pushOwed) {
            log.warn("The Git mirror could not push to {} ({}); the batch is tried again", properties.remoteUrl(),
                    push.outcome());
            throw new IllegalStateException("the Git mirror could not push to " + properties.remoteUrl() + ": "
                    + push.outcome());
        }
    }

    private void requireLeading() {
        if (!leading.getAsBoolean()) {
            throw new IllegalStateException("this replica does not lead the Git mirror: the batch waits for the one "
                    + "that does");
        }
    }
}
