package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The enclave is gone for good; {@code removed} lists what the saga deleted, for the receipt. */
@Revision("1")
public record EnclaveDeprovisioned(EnclaveId enclaveId, UserId confirmedBy, List<String> removed, Instant at) {
}
