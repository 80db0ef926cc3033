package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;

import java.time.Instant;
import java.util.Map;

/**
 * Names of the labels and annotations the suite puts on what it creates. Labels select (every object of an
 * enclave carries {@link #ENCLAVE}); annotations describe (owner, channel, mode — values labels could not hold).
 */
public final class EnclaveLabels {

    public static final String PREFIX = "enclavesuite.io/";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "enclave-suite";
    public static final String ENCLAVE = PREFIX + "enclave";
    public static final String OWNER = PREFIX + "owner";
    public static final String CHANNEL_ID = PREFIX + "channel-id";
    public static final String CHANNEL_NAME = PREFIX + "channel-name";
    public static final String MODE = PREFIX + "mode";
    public static final String QUOTA = PREFIX + "quota";
    public static final String CREATED_AT = PREFIX + "created-at";
    /** Selects a tentacle's workload, its pods and the Jobs of its runs. */
    public static final String TENTACLE = PREFIX + "tentacle";
    public static final String DEPLOYED_BY = PREFIX + "deployed-by";
    public static final String DEPLOYED_VIA = PREFIX + "deployed-via";
    public static final String DEPENDENCIES = PREFIX + "dependencies";

    /** Labels every object made for an enclave carries, so it can be found (and cleaned up) by selector. */
    public static Map<String, String> ownedBy(String enclave) {
        return Map.of(MANAGED_BY, MANAGED_BY_VALUE, ENCLAVE, enclave);
    }

    /** The enclave namespace as the provisioning saga wants it. Pod Security Admission enforces "restricted". */
    public static NamespaceSpec namespaceFor(EnclaveProvisioningStarted event) {
        return namespaceFor(event.enclaveId(), event.quota(), annotations(event.owner(), event.channel(),
                event.defaultMode(), event.quota(), event.at()));
    }

    /** The enclave namespace with these annotations: what the reconciler keeps once they have changed. */
    public static NamespaceSpec namespaceFor(EnclaveId enclave, QuotaPreset quota, Map<String, String> annotations) {
        return new NamespaceSpec(enclave.namespace(), enclave.value(), quota,
                Map.of(MANAGED_BY, MANAGED_BY_VALUE,
                        ENCLAVE, enclave.value(),
                        "pod-security.kubernetes.io/enforce", "restricted",
                        "pod-security.kubernetes.io/enforce-version", "latest"),
                annotations);
    }

    /** The namespace's annotations for the enclave's current owner, channel and mode. */
    public static Map<String, String> annotations(UserId owner, ChannelRef channel, Mode mode, QuotaPreset quota,
                                                  Instant createdAt) {
        return Map.of(OWNER, owner.value(),
                CHANNEL_ID, channel.id().value(),
                CHANNEL_NAME, channel.name(),
                MODE, mode.bits(),
                QUOTA, quota.label(),
                CREATED_AT, createdAt.toString());
    }

    private EnclaveLabels() {
    }
}
