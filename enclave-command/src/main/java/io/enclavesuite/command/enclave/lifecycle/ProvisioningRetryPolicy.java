package io.enclavesuite.command.enclave.lifecycle;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How long the provisioning saga keeps trying a failing Kubernetes step: exponential backoff from
 * {@code initialBackoff}, capped at {@code maxBackoff}, and at most {@code maxAttempts} tries in all.
 */
@ConfigurationProperties("enclave.provisioning.retry")
public record ProvisioningRetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public ProvisioningRetryPolicy {
        maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(2) : initialBackoff;
        multiplier = multiplier < 1 ? 2.0 : multiplier;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(1) : maxBackoff;
    }

    /** The wait before try number {@code failedAttempts + 1}. */
    public Duration backoffAfter(int failedAttempts) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }

    public boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }
}
