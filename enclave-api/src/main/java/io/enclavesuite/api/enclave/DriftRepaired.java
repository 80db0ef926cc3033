package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The cluster had drifted from what the enclave's history says it should hold, and the reconciler put it back: one
 * event per object repaired. Revision 1 had no {@code changedBy} and reads with it {@code null}.
 *
 * @param kind      the object's kind: a Kubernetes kind, e.g. {@code NetworkPolicy}, or a shared service's
 *                  ({@code PostgresDatabase}, {@code PostgresRole}, {@code PostgresSchema}, {@code Bucket},
 *                  {@code BucketPrefix})
 * @param name      the object's name (the namespace's own name for the namespace)
 * @param change    what was found, in words: {@code missing}, {@code changed: spec.hard.pods 99→20} (found → restored),
 *                  or {@code unexpected} (labelled as ours but not desired, and removed)
 * @param changedBy who changed the object, as the API server names its field manager (e.g. {@code kubectl-edit});
 *                  {@code null} when it does not say: always for a deleted object, whose deletion leaves no trace
 *                  in what the API server keeps
 */
@Revision("2")
public record DriftRepaired(EnclaveId enclaveId, String kind, String name, String change, String changedBy,
                            Instant at) {
}
