package io.enclavesuite.write.axon;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A write service's aggregate cache: the most recently used aggregates, up to a number of entries, held on the heap
 * by reference (Ehcache 3, through Axon's adapter). Axon's {@code WeakReferenceCache} kept nothing across a garbage
 * collection, and under load there is one every few hundred milliseconds: nearly every command then re-read its
 * aggregate's events (up to the snapshot threshold) and deserialised them — two fifths of the intake's CPU at 300
 * commands/s on the bench machine (docs/benchmarks.md). One cache manager per cache, closed with the context, so
 * several services or test contexts in one JVM never share or collide on a cache.
 * <p>
 * Never stale: another replica may have appended to an aggregate since this one cached it, and a command decided on
 * the cached state would be refused for a reason that no longer holds, or accepted as a no-op that is not one. So
 * an aggregate is answered from here only while the event store's last sequence number for it is the one it was
 * cached at (one indexed query, in the command's transaction); otherwise the entry is dropped and Axon reads the
 * aggregate from the store. A replica that appends between that check and the command's commit makes the commit
 * collide on the sequence number, which rolls back, evicts, and is retried ({@code ConflictRetries}).
 */
public final class AggregateCache implements AutoCloseable, MeterBinder {

    /** The last sequence number stored for an aggregate; empty when it has no event. */
    @FunctionalInterface
    public interface StoredVersions {
        Optional<Long> lastSequenceNumberFor(String aggregateId);
    }

    private final String name;
    private final CacheManager manager;
    private final FreshEntries cache;

    public AggregateCache(String name, long entries, StoredVersions stored) {
        if (entries < 1) {
            throw new IllegalArgumentException("the " + name + " cache must hold at least one aggregate, not " + entries);
        }
        this.name = name;
        this.manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache(name, CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(entries)))
                .build(true);
        this.cache = new FreshEntries(new EhCache3Adapter((Ehcache<Object, Object>) manager.getCache(name,
                Object.class, Object.class)), Objects.requireNonNull(stored, "stored"));
    }

    /** What the {@code @Aggregate(cache = …)} bean hands to Axon. */
    public Cache axonCache() {
        return cache;
    }

    /** Entries dropped because the store had moved on: each one a decision that would have been made on old state. */
    public long staleEntriesDropped() {
        return cache.stale.get();
    }

    /** {@code enclave_aggregate_cache_stale_total{cache}}: how often another replica had moved an aggregate on. */
    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("enclave.aggregate.cache.stale", this, AggregateCache::staleEntriesDropped)
                .tag("cache", name)
                .description("cached aggregates dropped because the event store held newer events")
                .register(registry);
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * The Ehcache adapter, with {@link #get} checked against the store. Axon's caching repository reads its entries
     * through {@code get} only; the other operations pass through.
     */
    private static final class FreshEntries implements Cache {

        private final Cache delegate;
        private final StoredVersions stored;
        private final AtomicLong stale = new AtomicLong();

        FreshEntries(Cache delegate, StoredVersions stored) {
            this.delegate = delegate;
            this.stored = stored;
        }

        @Override
        public <K, V> V get(K key) {
            V value = delegate.get(key);
            if (value instanceof AggregateCacheEntry<?> entry && !current(key, entry)) {
                delegate.remove(key);
                stale.incrementAndGet();
                return null;
            }
            return value;
        }

        /**
         * The heap tier keeps the entry's aggregate by reference, and Axon hands that instance back without a model
         * when it has one; an entry that has none (it would have been copied) is not trusted.
         */
        private boolean current(Object key, AggregateCacheEntry<?> entry) {
            EventSourcedAggregate<?> aggregate;
            try {
                aggregate = entry.recreateAggregate(null, null, null, null);
            } catch (RuntimeException e) {
                return false;
            }
            return aggregate != null
                    && Objects.equals(aggregate.version(), stored.lastSequenceNumberFor(key.toString()).orElse(null));
        }

        @Override
        public void put(Object key, Object value) {
            delegate.put(key, value);
        }

        @Override
        public boolean putIfAbsent(Object key, Object value) {
            return delegate.putIfAbsent(key, value);
        }

        @Override
        public boolean remove(Object key) {
            return delegate.remove(key);
        }

        @Override
        public void removeAll() {
            delegate.removeAll();
        }

        @Override
        public boolean containsKey(Object key) {
            return delegate.containsKey(key);
        }

        @Override
        public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
            delegate.computeIfPresent(key, update);
        }

        @Override
        public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
            return delegate.registerCacheEntryListener(cacheEntryListener);
        }
    }
}
