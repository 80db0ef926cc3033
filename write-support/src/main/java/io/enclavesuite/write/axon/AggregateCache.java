package io.enclavesuite.write.axon;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;

/**
 * A write service's aggregate cache: the most recently used aggregates, up to a number of entries, held on the heap
 * by reference (Ehcache 3, through Axon's adapter). Axon's {@code WeakReferenceCache} kept nothing across a garbage
 * collection, and under load there is one every few hundred milliseconds: nearly every command then re-read its
 * aggregate's events (up to the snapshot threshold) and deserialised them — two fifths of the intake's CPU at 300
 * commands/s on the bench machine (docs/benchmarks.md). One cache manager per cache, closed with the context, so
 * several services or test contexts in one JVM never share or collide on a cache.
 */
public final class AggregateCache implements AutoCloseable {

    private final CacheManager manager;
    private final Cache cache;

    public AggregateCache(String name, long entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("the " + name + " cache must hold at least one aggregate, not " + entries);
        }
        this.manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache(name, CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(entries)))
                .build(true);
        this.cache = new EhCache3Adapter((Ehcache<Object, Object>) manager.getCache(name, Object.class, Object.class));
    }

    /** What the {@code @Aggregate(cache = …)} bean hands to Axon. */
    public Cache axonCache() {
        return cache;
    }

    @Override
    public void close() {
        manager.close();
    }
}
