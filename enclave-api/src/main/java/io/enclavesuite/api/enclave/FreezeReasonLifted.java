package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * One cause of a freeze ended while another still stands, so the enclave stays frozen and nothing resumes: the
 * channel was unarchived but its owner had frozen it too, or the owner lifted their freeze of an archived channel's
 * enclave. Only the last cause's end is {@link EnclaveUnfrozen}.
 *
 * @param reason         the freeze that was lifted
 * @param stillFrozenFor the freezes that still stand, never empty
 */
@Revision("1")
public record FreezeReasonLifted(EnclaveId enclaveId, FreezeReason reason, List<FreezeReason> stillFrozenFor,
                                 Instant at) {
}
