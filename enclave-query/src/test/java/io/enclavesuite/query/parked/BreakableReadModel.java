package io.enclavesuite.query.parked;

import io.enclavesuite.api.enclave.MemberRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A part of the {@code enclaves} read model that fails on the members of some enclaves until it is fixed — as a
 * projection whose code or data is wrong for a few aggregates would, until a fix is deployed. Its failures are real
 * handler failures inside the real processing group.
 */
@ProcessingGroup("enclaves")
public class BreakableReadModel {

    private final Set<String> brokenFor = ConcurrentHashMap.newKeySet();

    public void breakFor(String enclave) {
        brokenFor.add(enclave);
    }

    public void fix() {
        brokenFor.clear();
    }

    @EventHandler
    void on(MemberRegistered event) {
        if (brokenFor.contains(event.enclaveId().value())) {
            throw new IllegalStateException("cannot register " + event.member().value() + " in "
                    + event.enclaveId().value() + ": the member index is corrupt");
        }
    }
}
