package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The reconciler found an object of the enclave drifted from its history and could not put it back: the API server
 * refused. Recorded once per object until a {@link DriftRepaired} for the same kind and name follows, however many
 * passes meet the refusal again.
 *
 * @param change    what was found, in the words of {@link DriftRepaired#change()}
 * @param changedBy who changed the object, as the API server names its field manager; {@code null} when it does not say
 * @param refusal   the API server's answer to the repair, e.g. {@code 403 Forbidden: ...}
 */
@Revision("1")
public record DriftDetected(EnclaveId enclaveId, String kind, String name, String change, String changedBy,
                            String refusal, Instant at) {
}
