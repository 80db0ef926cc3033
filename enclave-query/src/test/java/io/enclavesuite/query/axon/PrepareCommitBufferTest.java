package io.enclavesuite.query.axon;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch's additions are written once, together, when it prepares to commit; a direct call is written at once. */
class PrepareCommitBufferTest {

    private final List<List<String>> written = new ArrayList<>();
    private final PrepareCommitBuffer<List<String>> buffer =
            new PrepareCommitBuffer<>(PrepareCommitBufferTest.class, "rows", ArrayList::new, written::add);

    @Test
    void aBatchIsWrittenOnceWhenItPreparesToCommit() {
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        buffer.add(rows -> rows.add("first"));
        DefaultUnitOfWork.startAndGet(null).execute(() -> buffer.add(rows -> rows.add("second"))); // one event's
        buffer.add(rows -> rows.add("third"));

        assertThat(written).isEmpty();
        batch.commit();

        assertThat(written).containsExactly(List.of("first", "second", "third"));
    }

    @Test
    void aBatchThatRollsBackWritesNothing() {
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        buffer.add(rows -> rows.add("lost"));

        batch.rollback();

        assertThat(written).isEmpty();
    }

    @Test
    void outsideABatchEachAdditionIsWrittenAtOnce() {
        buffer.add(rows -> rows.add("alone"));
        buffer.add(rows -> rows.add("alone too"));

        assertThat(written).containsExactly(List.of("alone"), List.of("alone too"));
    }

    @Test
    void eachBatchHasItsOwnBuffer() {
        DefaultUnitOfWork<?> first = DefaultUnitOfWork.startAndGet(null);
        buffer.add(rows -> rows.add("one"));
        first.commit();
        DefaultUnitOfWork<?> second = DefaultUnitOfWork.startAndGet(null);
        buffer.add(rows -> rows.add("two"));
        second.commit();

        assertThat(written).containsExactly(List.of("one"), List.of("two"));
    }
}
