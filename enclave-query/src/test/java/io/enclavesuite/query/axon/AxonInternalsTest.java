package io.enclavesuite.query.axon;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviours of Axon and its Kafka extension that this package relies on, beyond their documented API: each test
 * names one. An Axon or extension upgrade that fails here changes what the read side was built on — read the class
 * named in the test's section before adapting it.
 */
class AxonInternalsTest {

    /** {@link PrepareCommitBuffer}: a processor batch's rows are written in its transaction, once, with its token. */
    @Nested
    class UnitOfWorkPhases {

        private final List<String> happened = new ArrayList<>();

        /** Records what a transaction does, as the processor's JDBC transaction would. */
        private final TransactionManager transactions = () -> {
            happened.add("begin");
            return new Transaction() {
                @Override
                public void commit() {
                    happened.add("commit");
                }

                @Override
                public void rollback() {
                    happened.add("rollback");
                }
            };
        };

        @Test
        void aResourceOfTheRootIsSharedByTheEventsOfTheBatch() {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            Object forBatch = CurrentUnitOfWork.get().root().getOrComputeResource("buffer", key -> new Object());
            DefaultUnitOfWork<?> event = DefaultUnitOfWork.startAndGet(null);

            assertThat(event.root()).isSameAs(batch);
            Object forEvent = CurrentUnitOfWork.get().root().getOrComputeResource("buffer", key -> new Object());
            assertThat(forEvent).isSameAs(forBatch);
            event.commit();
            batch.commit();
        }

        @Test
        void prepareCommitRunsInsideTheTransactionBeforeItCommits() {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            batch.attachTransaction(transactions);
            batch.onPrepareCommit(committing -> happened.add("prepare-commit"));

            batch.commit();

            assertThat(happened).containsExactly("begin", "prepare-commit", "commit");
        }

        @Test
        void prepareCommitOfTheRootRunsAfterTheEventsOfTheBatchCommitted() {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            batch.onPrepareCommit(committing -> happened.add("batch prepares to commit"));
            DefaultUnitOfWork.startAndGet(null).execute(() -> happened.add("first event"));
            DefaultUnitOfWork.startAndGet(null).execute(() -> happened.add("second event"));

            batch.commit();

            assertThat(happened).containsExactly("first event", "second event", "batch prepares to commit");
        }

        @Test
        void aBatchThatRollsBackNeverPreparesToCommit() {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            batch.attachTransaction(transactions);
            batch.onPrepareCommit(committing -> happened.add("prepare-commit"));

            batch.rollback();

            assertThat(happened).containsExactly("begin", "rollback");
            assertThat(batch.phase()).isEqualTo(UnitOfWork.Phase.CLOSED);
            assertThat(CurrentUnitOfWork.isStarted()).isFalse();
        }
    }
}
