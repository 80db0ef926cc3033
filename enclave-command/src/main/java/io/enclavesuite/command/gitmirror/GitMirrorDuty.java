package io.enclavesuite.command.gitmirror;

import io.enclavesuite.write.replicas.Leadership;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Git mirror on the one replica that leads it ({@link Leadership} {@value #LEAD}): each replica keeps a working
 * copy of its own, and two mirroring at once would push competing commits. The mirror's processor never starts by
 * itself; the leader starts it once its copy is where the mirror stands:
 * <ol>
 *     <li>with a remote, the copy follows the remote's branch (another replica may have pushed since), and as the
 *     mirror pushes before its token moves, the remote holds every event the token has passed;</li>
 *     <li>a copy with no commit under a processor that has moved on (a new volume, a deleted folder, no remote) would
 *     only ever hold the enclaves that change from now on: the processor starts over from the first event.</li>
 * </ol>
 * A step that fails (the remote unreachable, the last leader's claim on the token not lapsed yet) gives the lead up,
 * and it is tried again at the next turn. A replica that stops leading stops the processor.
 */
final class GitMirrorDuty implements Leadership.Duty {

    static final String LEAD = "enclave-command/git-mirror";
    private static final Logger log = LoggerFactory.getLogger(GitMirrorDuty.class);

    private final ManifestRepository repository;
    private final GitMirrorProperties properties;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final Supplier<Optional<StreamingEventProcessor>> processor;
    private volatile boolean leading;

    GitMirrorDuty(ManifestRepository repository, GitMirrorProperties properties, TokenStore tokens,
                  TransactionManager transactions, Supplier<Optional<StreamingEventProcessor>> processor) {
        this.repository = repository;
        this.properties = properties;
        this.tokens = tokens;
        this.transactions = transactions;
        this.processor = processor;
    }

    /** True while this replica leads the mirror: the mirror writes only then. */
    boolean leading() {
        return leading;
    }

    @Override
    public void take() {
        StreamingEventProcessor mirroring = processor.get().orElseThrow(() ->
                new IllegalStateException("no " + GitMirror.PROCESSING_GROUP + " processor"));
        mirroring.shutDown();
        if (properties.pushes()) {
            log.info("The Git mirror's working copy: {}", repository.follow(properties.remoteUrl(),
                    properties.username(), properties.secret().orElse(null)));
        }
        boolean behind = repository.isEmpty()
                && transactions.fetchInTransaction(() -> tokens.fetchSegments(GitMirror.PROCESSING_GROUP)).length > 0;
        if (behind) {
            log.info("The Git mirror's working copy has no commit: mirroring every enclave from its first event");
            // refused while the last leader's claim on the token holds (it lapses within the claim timeout)
            mirroring.resetTokens();
        }
        leading = true;
        mirroring.start();
    }

    @Override
    public void leave() {
        leading = false;
        processor.get().ifPresent(StreamingEventProcessor::shutDown);
    }
}
