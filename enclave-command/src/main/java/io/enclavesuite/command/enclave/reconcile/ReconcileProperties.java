package io.enclavesuite.command.enclave.reconcile;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code enclave.reconcile.*}: when the reconciler converges the cluster to the enclaves' history.
 *
 * @param enabled   off: no pass at all, not even at start
 * @param interval  between two full passes over every enclave; zero: none after the one at start
 * @param informers watch the objects labelled as the suite's, so an edit or deletion is repaired within seconds
 *                  rather than at the next full pass
 */
@ConfigurationProperties("enclave.reconcile")
public record ReconcileProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5m") Duration interval,
                                  @DefaultValue("true") boolean informers) {

    public ReconcileProperties {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("enclave.reconcile.interval must not be negative (0 turns it off)");
        }
    }
}
