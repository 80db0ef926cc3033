package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The enclave now shows its channel under a new name. */
@Revision("1")
public record ChannelRenamed(EnclaveId enclaveId, ChannelId channelId, String previousName, String name, Instant at) {
}
