package io.enclavesuite.write.axon;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateCacheTest {

    private static final AggregateCache.StoredVersions NO_EVENTS = id -> java.util.Optional.empty();

    @Test
    void keepsWhatItHoldsAcrossGarbageCollections() {
        try (AggregateCache store = new AggregateCache("aggregates", 100, NO_EVENTS)) {
            Cache cache = store.axonCache();
            cache.put("enclave-1", new Object());
            for (int i = 0; i < 3; i++) {
                System.gc(); // a weak cache loses the entry here: nothing else refers to the value
            }
            assertThat(cache.containsKey("enclave-1")).isTrue();
            assertThat((Object) cache.get("enclave-1")).isNotNull();
        }
    }

    @Test
    void holdsAtMostItsNumberOfEntries() {
        try (AggregateCache store = new AggregateCache("aggregates", 10, NO_EVENTS)) {
            Cache cache = store.axonCache();
            for (int i = 0; i < 100; i++) {
                cache.put("enclave-" + i, "state " + i);
            }
            long held = java.util.stream.IntStream.range(0, 100).filter(i -> cache.containsKey("enclave-" + i)).count();
            assertThat(held).isBetween(1L, 10L);
        }
    }

    @Test
    void twoCachesOfTheSameNameAreSeparate() {
        try (AggregateCache one = new AggregateCache("aggregates", 10, NO_EVENTS);
             AggregateCache other = new AggregateCache("aggregates", 10, NO_EVENTS)) {
            one.axonCache().put("enclave-1", "one's");
            assertThat(other.axonCache().containsKey("enclave-1")).isFalse();
        }
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new AggregateCache("aggregates", 0, NO_EVENTS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
