package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * An operator acted on the enclave where its rules refused them (break-glass): who, through which principal, what
 * they did, the rule that was lifted and the reason they stated. Recorded with the command's own events, so nobody
 * acts on an enclave out of its owner's sight.
 *
 * @param operator  the person the operator principal named as the actor
 * @param principal the operator tool that signed the command
 * @param command   the command's type
 * @param lifted    the refusal the enclave's rules gave, which the operator overrode
 * @param owner     the enclave's owner at the time: the person who is told
 */
@Revision("1")
public record EnclaveAccessOverridden(EnclaveId enclaveId, UserId operator, String principal, String command,
                                      String lifted, String reason, UserId owner, Instant at) {
}
