package io.enclavesuite.command.enclave.tentacle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.enclave.EnclaveLocks;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The workload each tentacle should have, as its saga last handed it to the {@link TentacleWorkloads} port, kept for
 * the reconciler to rebuild what the cluster lost. The saga writes it (through {@link RecordedTentacleWorkloads})
 * rather than a processor folding the tentacle events, because the saga alone knows the workload whole — who
 * deployed it and how, the data generation, the schema grants, a frozen enclave's CronJob suspended — and because
 * the reconciler must never act on a change the saga has not applied yet: it would record the saga's own work as
 * drift, or undo it.
 * <p>
 * A step and its rows happen while the enclave's lock ({@link #holding}, an {@link EnclaveLocks} lock, held across
 * replicas) is held, the lock the reconciler takes for the enclave, so it never sees a workload half-applied — not
 * even by a saga on another replica. The rows are committed in transactions of their
 * own: the saga's unit of work commits after the step, when the lock is released already. A row stays
 * {@code APPLYING} or {@code REMOVING} until the step succeeds: the saga retries it, and the reconciler leaves it
 * alone meanwhile. A removed tentacle keeps a {@code REMOVED} row, so a back-fill reading a saga not yet ended
 * cannot bring it back.
 */
@Component
public class DesiredTentacles {

    /** Where the saga's last step on the tentacle stands. */
    public enum State {
        APPLYING, APPLIED, REMOVING, REMOVED;

        /** The saga's step has not succeeded yet: its objects are the saga's to converge. */
        public boolean inProgress() {
            return this == APPLYING || this == REMOVING;
        }
    }

    /** One tentacle of an enclave; {@code workload} is null only for a removal recorded before any apply. */
    public record DesiredTentacle(TentacleName tentacle, State state, TentacleWorkload workload) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final ObjectMapper json = EnclaveJson.mapper();
    private final EnclaveLocks locks;

    public DesiredTentacles(JdbcTemplate jdbc, PlatformTransactionManager transactions, EnclaveLocks locks) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Runs {@code work} while no saga step nor other pass, on any replica, touches the enclave's tentacles. */
    public <T> T holding(EnclaveId enclave, Supplier<T> work) {
        return locks.holding(enclave, work);
    }

    public void holding(EnclaveId enclave, Runnable work) {
        holding(enclave, () -> {
            work.run();
            return null;
        });
    }

    /** The enclave's tentacles, in name order. */
    public List<DesiredTentacle> of(EnclaveId enclave) {
        return jdbc.query("select tentacle, state, workload from enclave_desired_tentacle where enclave = ? "
                + "order by tentacle", this::row, enclave.value());
    }

    void applying(TentacleWorkload workload) {
        write(workload.enclave(), workload.name(), State.APPLYING, workload);
    }

    void applied(TentacleWorkload workload) {
        write(workload.enclave(), workload.name(), State.APPLIED, workload);
    }

    /** The workload last recorded stays, for the record; only the state moves. */
    void removing(EnclaveId enclave, TentacleName tentacle) {
        state(enclave, tentacle, State.REMOVING);
    }

    void removed(EnclaveId enclave, TentacleName tentacle) {
        state(enclave, tentacle, State.REMOVED);
    }

    /**
     * Tentacles deployed before this table existed: the workload each live tentacle saga keeps (read from the saga
     * store) becomes the tentacle's row where it has none. Runs at start, before the reconciler's first pass; a
     * tentacle its saga has recorded meanwhile keeps the saga's row.
     *
     * @return how many rows were added
     */
    @SuppressWarnings("unchecked")
    public int backfill(SagaStore<?> sagaStore, Collection<EnclaveId> enclaves) {
        SagaStore<Object> sagas = (SagaStore<Object>) sagaStore;
        int added = 0;
        for (EnclaveId enclave : enclaves) {
            added += holding(enclave, () -> {
                int rows = 0;
                for (String id : sagas.findSagas(TentacleSaga.class,
                        new AssociationValue(TentacleSaga.ENCLAVE, enclave.value()))) {
                    SagaStore.Entry<TentacleSaga> entry = sagas.loadSaga(TentacleSaga.class, id);
                    Optional<TentacleWorkload> kept = entry == null ? Optional.empty() : entry.saga().keptWorkload();
                    if (kept.isPresent() && insertIfAbsent(kept.get())) {
                        rows++;
                    }
                }
                return rows;
            });
        }
        return added;
    }

    private boolean insertIfAbsent(TentacleWorkload workload) {
        Integer inserted = ownTransaction.execute(status -> jdbc.update("""
                        insert into enclave_desired_tentacle (enclave, tentacle, state, workload)
                        values (?, ?, ?, ?::jsonb) on conflict (enclave, tentacle) do nothing""",
                workload.enclave().value(), workload.name().value(), State.APPLIED.name(), write(workload)));
        return inserted != null && inserted > 0;
    }

    private void write(EnclaveId enclave, TentacleName tentacle, State state, TentacleWorkload workload) {
        ownTransaction.executeWithoutResult(status -> jdbc.update("""
                        insert into enclave_desired_tentacle (enclave, tentacle, state, workload)
                        values (?, ?, ?, ?::jsonb)
                        on conflict (enclave, tentacle) do update set state = excluded.state,
                            workload = excluded.workload""",
                enclave.value(), tentacle.value(), state.name(), write(workload)));
    }

    private void state(EnclaveId enclave, TentacleName tentacle, State state) {
        ownTransaction.executeWithoutResult(status -> jdbc.update("""
                        insert into enclave_desired_tentacle (enclave, tentacle, state, workload)
                        values (?, ?, ?, null)
                        on conflict (enclave, tentacle) do update set state = excluded.state""",
                enclave.value(), tentacle.value(), state.name()));
    }

    private DesiredTentacle row(ResultSet rs, int row) throws SQLException {
        String workload = rs.getString("workload");
        return new DesiredTentacle(TentacleName.of(rs.getString("tentacle")), State.valueOf(rs.getString("state")),
                workload == null ? null : read(workload));
    }

    private String write(TentacleWorkload workload) {
        try {
            return json.writeValueAsString(workload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the workload of tentacle '" + workload.name() + "' did not write as JSON",
                    e);
        }
    }

    private TentacleWorkload read(String workload) {
        try {
            return json.readValue(workload, TentacleWorkload.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored tentacle workload does not read as JSON", e);
        }
    }
}
