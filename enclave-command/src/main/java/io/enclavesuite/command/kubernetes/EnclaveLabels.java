package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;

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
        return new NamespaceSpec(event.namespace(), event.enclaveId().value(), event.quota(),
                Map.of(MANAGED_BY, MANAGED_BY_VALUE,
                        ENCLAVE, event.enclaveId().value(),
                        "pod-security.kubernetes.io/enforce", "restricted",
                        "pod-security.kubernetes.io/enforce-version", "latest"),
                Map.of(OWNER, event.owner().value(),
                        CHANNEL_ID, event.channel().id().value(),
                        CHANNEL_NAME, event.channel().name(),
                        MODE, event.defaultMode().bits(),
                        QUOTA, event.quota().label(),
                        CREATED_AT, event.at().toString()));
    }

    private EnclaveLabels() {
    }
}
