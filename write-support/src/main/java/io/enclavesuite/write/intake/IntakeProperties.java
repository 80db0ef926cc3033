package io.enclavesuite.write.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The command intake ({@code enclave.intake.*}).
 *
 * @param transactionTimeout how long the broker keeps an answer transaction open before aborting it: how long readers
 *                           of the results wait at the transaction of a replica that died and did not come back under
 *                           its name. Longer than one poll's publishing takes; at most the broker's
 *                           {@code transaction.max.timeout.ms}
 */
@ConfigurationProperties("enclave.intake")
public record IntakeProperties(@DefaultValue("15s") Duration transactionTimeout) {

    public IntakeProperties {
        if (transactionTimeout.toMillis() < 1_000 || transactionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("enclave.intake.transaction-timeout must be at least 1s, not "
                    + transactionTimeout);
        }
    }
}
