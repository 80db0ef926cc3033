package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The cluster had drifted from what the enclave's history says it should hold, and the reconciler put it back: one
 * event per object repaired.
 *
 * @param kind   the Kubernetes kind of the object, e.g. {@code NetworkPolicy}
 * @param name   the object's name (the namespace's own name for the namespace)
 * @param change what was found, in words: {@code missing}, {@code changed: spec.hard.pods 99→20} (found → restored),
 *               or {@code unexpected} (labelled as ours but not desired, and removed)
 */
@Revision("1")
public record DriftRepaired(EnclaveId enclaveId, String kind, String name, String change, Instant at) {
}
