package io.enclavesuite.write.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Axon's JDBC event storage, except that a tailing read ends at a batch that did not reach the end of its range.
 * <p>
 * Axon's {@code EmbeddedEventStore} has one producer thread that reads the head of the store for every tracking
 * processor (it asks with {@code mayBlock = true}). After each commit it reads until a fetch comes back empty, and
 * every empty fetch also runs Axon's extended gap check. Then, because the read found events, it reads again at once,
 * which is one more empty fetch and one more gap check. At 500 commands/s those empty fetches and gap checks were
 * about a tenth of the statements PostgreSQL ran, each fetch in a transaction of its own (docs/benchmarks.md).
 * <p>
 * Axon fetches {@code globalIndex} in {@code (index, index + batchSize]} plus the token's gaps. A batch whose highest
 * index is below the end of that range found no event in the rest of it: the head was reached, or the rest is gaps
 * (transactions still in flight, sequence values rolled back). Neither needs the read to go on, because the producer
 * reads again at once after any read that found events, from the new token and its gaps. A batch that reached the
 * end of its range goes on as before (so does the extended gap check's, which reaches the first event past a wide
 * gap), and an empty fetch keeps Axon's gap check, so a gap wider than a batch is still crossed.
 * <p>
 * Other reads ({@code mayBlock = false}) are Axon's, unchanged: a processor that catches up on a private stream
 * waits on that same stream when it runs out, so that stream must not end.
 * <p>
 * An aggregate that a creation command assumes new ({@link OptimisticCreation}) is answered empty without a query.
 */
public class TailingJdbcEventStorageEngine extends JdbcEventStorageEngine {

    public TailingJdbcEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return OptimisticCreation.assumedNew(aggregateIdentifier) ? Optional.empty()
                : super.readSnapshot(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        if (firstSequenceNumber == 0 && OptimisticCreation.assumedNew(aggregateIdentifier)) {
            OptimisticCreation.readDone();
            return DomainEventStream.empty();
        }
        return super.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (!mayBlock) {
            return super.readEventData(trackingToken, false);
        }
        return StreamSupport.stream(new UntilRangeNotFilled(trackingToken), false);
    }

    private final class UntilRangeNotFilled extends Spliterators.AbstractSpliterator<TrackedEventData<?>> {

        private TrackingToken last;
        private Iterator<? extends TrackedEventData<?>> batch = Collections.emptyIterator();
        private boolean lastBatch;

        private UntilRangeNotFilled(TrackingToken from) {
            super(Long.MAX_VALUE, NONNULL | ORDERED | DISTINCT);
            this.last = from;
        }

        @Override
        public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
            if (!batch.hasNext()) {
                if (lastBatch) {
                    return false;
                }
                // the range Axon fetches, (index, index + batchSize], plus the token's gaps below index
                long rangeEnd = index(last) + batchSize();
                List<? extends TrackedEventData<?>> events = fetchTrackedEvents(last, batchSize());
                if (events.isEmpty()) {
                    return false;
                }
                lastBatch = index(events.get(events.size() - 1).trackingToken()) < rangeEnd;
                batch = events.iterator();
            }
            TrackedEventData<?> next = batch.next();
            last = next.trackingToken();
            action.accept(next);
            return true;
        }
    }

    /** The highest globalIndex a token has passed; before the first event, -1, as Axon's first fetch reads. */
    private static long index(TrackingToken token) {
        return token == null ? -1 : ((GapAwareTrackingToken) token).getIndex();
    }
}
