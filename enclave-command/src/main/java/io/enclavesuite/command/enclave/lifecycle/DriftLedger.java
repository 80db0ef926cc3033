package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.enclavesuite.api.enclave.DriftDetected;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.RecordDetectedDrift;
import io.enclavesuite.api.enclave.RecordRepairedDrift;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What the reconciler found in the cluster, an entity of the Enclave aggregate: facts it already acted on, recorded in
 * any state — a namespace that came back after deprovisioning is part of the enclave's history too. None of it
 * changes what the enclave's other decisions need. Fields are read by Jackson for the enclave's snapshots; snapshots
 * from before it read as an empty ledger, which they were.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class DriftLedger {

    /**
     * Objects ({@code Kind/name}) whose drift was detected but not yet repaired, so a refusal met every pass is
     * recorded once.
     */
    private Set<String> unrepaired = new HashSet<>();
    /** Handed over by the enclave before each command; never stored. */
    @JsonIgnore
    private transient Supplier<EnclaveId> enclave;

    void heldBy(Supplier<EnclaveId> enclave) {
        this.enclave = enclave;
    }

    @CommandHandler
    void handle(RecordRepairedDrift command, Clock clock) {
        apply(new DriftRepaired(enclave.get(), command.kind(), command.name(), command.change(), command.changedBy(),
                clock.instant()));
    }

    /**
     * A drift the API server would not let the reconciler repair: recorded the first time only, since every pass
     * meets it again until the object is repaired (or the refusal lifted), and a history of the same refusal each
     * pass would bury the rest.
     */
    @CommandHandler
    void handle(RecordDetectedDrift command, Clock clock) {
        if (unrepaired.contains(key(command.kind(), command.name()))) {
            return;
        }
        apply(new DriftDetected(enclave.get(), command.kind(), command.name(), command.change(), command.changedBy(),
                command.refusal(), clock.instant()));
    }

    @EventSourcingHandler
    void on(DriftDetected event) {
        unrepaired.add(key(event.kind(), event.name()));
    }

    @EventSourcingHandler
    void on(DriftRepaired event) {
        unrepaired.remove(key(event.kind(), event.name()));
    }

    private static String key(String kind, String name) {
        return kind + "/" + name;
    }

    /** The same state: Axon's fixtures compare the state a command left with the state its events rebuild. */
    @Override
    public boolean equals(Object other) {
        return other instanceof DriftLedger that && unrepaired.equals(that.unrepaired);
    }

    @Override
    public int hashCode() {
        return unrepaired.hashCode();
    }
}
