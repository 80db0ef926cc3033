package io.enclavesuite.command.enclave.lifecycle;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Limits of one enclave, from {@code enclave.limits}; the defaults are the reference system's where it has one.
 *
 * @param maxMembers               members besides the owner (reference: 100)
 * @param maxTentacles             tentacles deployed at once
 * @param deprovisionCodeValidity  how long a deprovision confirmation code stays valid
 * @param maxEnclavesPerOwner      live (not deprovisioned) enclaves one person may own (reference: 10)
 */
@ConfigurationProperties("enclave.limits")
public record EnclaveLimits(Integer maxMembers, Integer maxTentacles, Duration deprovisionCodeValidity,
                            Integer maxEnclavesPerOwner) {

    public static final EnclaveLimits DEFAULTS = new EnclaveLimits(null, null, null, null);

    public EnclaveLimits {
        maxMembers = maxMembers == null ? 100 : maxMembers;
        maxTentacles = maxTentacles == null ? 50 : maxTentacles;
        maxEnclavesPerOwner = maxEnclavesPerOwner == null ? 10 : maxEnclavesPerOwner;
        deprovisionCodeValidity = deprovisionCodeValidity == null ? Duration.ofMinutes(5) : deprovisionCodeValidity;
        if (maxMembers < 1 || maxTentacles < 1 || maxEnclavesPerOwner < 1) {
            throw new IllegalArgumentException(
                    "enclave.limits.max-members, max-tentacles and max-enclaves-per-owner must be at least 1");
        }
        if (deprovisionCodeValidity.isNegative() || deprovisionCodeValidity.isZero()) {
            throw new IllegalArgumentException("enclave.limits.deprovision-code-validity must be positive");
        }
    }
}
