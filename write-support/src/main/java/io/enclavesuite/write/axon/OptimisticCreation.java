package io.enclavesuite.write.axon;

import io.enclavesuite.write.replicas.ConflictRetries;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creation commands skip the read of an aggregate that almost never exists. A command whose handler creates its
 * aggregate when it is missing ({@code @CreationPolicy(CREATE_IF_MISSING)}, such as ProvisionEnclave) names an
 * aggregate nearly always new, yet Axon reads its snapshot and its events first — two queries that find nothing, in a
 * command of five or six statements. For the types a service lists here, the first attempt is decided on an empty
 * aggregate without reading: should the aggregate exist after all, its events start at sequence number 0 again and
 * collide with the stored ones on the event store's unique key (Axon's {@link AggregateStreamCreationException}), the
 * whole unit of work rolls back (events, the processed-command row, the cache entry), and the gateway's conflict retry
 * ({@link ConflictRetries}, which asks {@link #guessCollided}) sends the command again — this time read from the
 * store, as before. So the event store's key, not this guess, decides.
 * <p>
 * Only while the gateway retries conflicts: without a retry, a command on an existing aggregate would fail instead of
 * being decided on its state. A command sent from inside another unit of work (a saga's) is never guessed either,
 * because its collision would fail that unit of work, which the retry here does not cover.
 */
public final class OptimisticCreation implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The payload types whose aggregates may be assumed new on a first attempt. */
    public record Commands(Set<Class<?>> types) {
        public Commands {
            types = Set.copyOf(types);
        }
    }

    private static final String ASSUMED_NEW = OptimisticCreation.class.getName() + ".assumedNew";
    /** Bound on the commands remembered as collided, should their retries never come (the sender gave up). */
    private static final int MAX_COLLIDED = 10_000;

    private final Set<Class<?>> types;
    private final boolean retried;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();
    /** Commands whose guess collided: their retry reads the aggregate. */
    private final Map<String, Boolean> collided = new ConcurrentHashMap<>();

    public OptimisticCreation(Commands commands, int conflictRetries) {
        this.types = Objects.requireNonNull(commands, "commands").types();
        this.retried = conflictRetries > 0;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        if (!retried || !types.contains(command.getPayloadType()) || unitOfWork.parent().isPresent()
                || collided.remove(command.getIdentifier()) != null) {
            return chain.proceed();
        }
        unitOfWork.resources().put(ASSUMED_NEW, targets.resolveTarget(command).getIdentifier());
        unitOfWork.onRollback(u -> {
            ExecutionResult result = u.getExecutionResult();
            if (result != null && result.isExceptionResult() && collision(result.getExceptionResult())
                    && collided.size() < MAX_COLLIDED) {
                collided.put(command.getIdentifier(), Boolean.TRUE);
            }
        });
        return chain.proceed();
    }

    /** Whether {@code command}'s guess collided with a stored aggregate, so that its retry will read it. */
    public boolean guessCollided(CommandMessage<?> command) {
        return collided.containsKey(command.getIdentifier());
    }

    private static boolean collision(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return ConflictRetries.isConflict(failure);
    }

    /**
     * Whether the event store is asked, in the current unit of work, for an aggregate assumed new; asked once: a
     * second read of it in the same unit of work (there is none in Axon's load) goes to the store.
     */
    static boolean assumedNew(String aggregateIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            return false;
        }
        Map<String, Object> resources = CurrentUnitOfWork.get().resources();
        return aggregateIdentifier.equals(resources.get(ASSUMED_NEW));
    }

    /** After the snapshot and the events have both been answered empty. */
    static void readDone() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().resources().remove(ASSUMED_NEW);
        }
    }
}
