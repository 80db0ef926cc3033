package io.enclavesuite.query.axon;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a batched projection's handlers collect during a processor batch, written once when the batch prepares to
 * commit: one buffer per batch, kept as a resource of the batch's root unit of work, and handed to {@code write} in
 * the prepare-commit phase — inside the batch's transaction, before its tracking token is stored and committed, so
 * rows and token commit together or not at all. A batch that rolls back never reaches prepare-commit, and its
 * buffer is dropped with it. Outside a unit of work (a direct call) each addition gets a buffer of its own, written
 * at once.
 * <p>
 * The Axon behaviour this relies on — root-level resources, the prepare-commit phase inside the transaction, no
 * prepare-commit on rollback — is pinned by {@code AxonInternalsTest}.
 *
 * @param <B> the buffer: a list of rows, or a projection's pending changes
 */
public final class PrepareCommitBuffer<B> {

    private final String resource;
    private final Supplier<B> empty;
    private final Consumer<B> write;

    /**
     * @param owner names the buffer among the batch's resources (with {@code name}): one buffer per owner and name
     * @param empty a new, empty buffer
     * @param write writes a buffer's contents
     */
    public PrepareCommitBuffer(Class<?> owner, String name, Supplier<B> empty, Consumer<B> write) {
        this.resource = owner.getName() + "." + name;
        this.empty = empty;
        this.write = write;
    }

    /** Adds to the running batch's buffer (written at its prepare-commit), or, outside a batch, writes at once. */
    public void add(Consumer<B> addition) {
        if (CurrentUnitOfWork.isStarted()) {
            addition.accept(buffer(CurrentUnitOfWork.get().root()));
        } else {
            B alone = empty.get();
            addition.accept(alone);
            write.accept(alone);
        }
    }

    private B buffer(UnitOfWork<?> batch) {
        return batch.getOrComputeResource(resource, key -> {
            B buffer = empty.get();
            batch.onPrepareCommit(committing -> write.accept(buffer));
            return buffer;
        });
    }
}
