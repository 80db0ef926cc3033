package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The member is gone; TentacleOwnershipTransferred events follow for each tentacle they owned.
 *
 * @param reason why they are gone; null in events stored before reasons were recorded, or when nobody said
 */
@Revision("1")
public record MemberRemoved(EnclaveId enclaveId, UserId member, Instant at,
                            @JsonInclude(JsonInclude.Include.NON_NULL) MemberRemovalReason reason) {

    /** As recorded before the reason was. */
    public MemberRemoved(EnclaveId enclaveId, UserId member, Instant at) {
        this(enclaveId, member, at, null);
    }
}
