package io.enclavesuite.command.enclave.services;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.service.RecordSharedServiceFailure;
import io.enclavesuite.api.service.RecordSharedServiceReady;
import io.enclavesuite.api.service.SharedServiceFailed;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Whether each shared service of an enclave was last recorded ready, an entity of the Enclave aggregate: the sagas
 * report often, only a change is an event. Fields are read by Jackson for the enclave's snapshots.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ServiceReadiness {

    /** What readiness asks of the enclave that holds it. */
    public interface Host {

        EnclaveId id();

        /** Reports that arrive after deprovisioning began, or for a failed enclave, describe nothing that runs. */
        boolean takesServiceReports();
    }

    private Map<Dependency, Boolean> ready = new EnumMap<>(Dependency.class);
    /** Handed over by the enclave before each command; never stored. */
    @JsonIgnore
    private transient Host enclave;

    public void heldBy(Host enclave) {
        this.enclave = enclave;
    }

    /** From the sagas; repeated reports of the same state record nothing. */
    @CommandHandler
    void handle(RecordSharedServiceReady command, Clock clock) {
        if (reportsChange(command.service(), true)) {
            apply(new SharedServiceReady(enclave.id(), command.service(), command.detail(), clock.instant()));
        }
    }

    @CommandHandler
    void handle(RecordSharedServiceFailure command, Clock clock) {
        if (reportsChange(command.service(), false)) {
            apply(new SharedServiceFailed(enclave.id(), command.service(), command.reason(), clock.instant()));
        }
    }

    private boolean reportsChange(Dependency service, boolean nowReady) {
        return enclave.takesServiceReports() && !Boolean.valueOf(nowReady).equals(ready.get(service));
    }

    @EventSourcingHandler
    void on(SharedServiceReady event) {
        ready.put(event.service(), true);
    }

    @EventSourcingHandler
    void on(SharedServiceFailed event) {
        ready.put(event.service(), false);
    }

    /** The same state: Axon's fixtures compare the state a command left with the state its events rebuild. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceReadiness that && ready.equals(that.ready);
    }

    @Override
    public int hashCode() {
        return ready.hashCode();
    }
}
