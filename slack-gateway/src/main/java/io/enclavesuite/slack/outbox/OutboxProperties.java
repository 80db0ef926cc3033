package io.enclavesuite.slack.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the command outbox is relayed to Kafka ({@code enclave.slack.outbox.*}); docs/configuration.md describes each.
 *
 * @param relayEnabled     false: this gateway stores what it acknowledges but publishes nothing (another replica, or
 *                         this one restarted with true, publishes it) — to hold commands back while the write side is
 *                         under maintenance
 * @param batchSize        rows one relay claims and sends together
 * @param sweepInterval    how often the relay looks for rows nobody woke it for: left by a stopped or crashed
 *                         gateway, or due again after a failed publish; also how fresh the outbox gauges are
 * @param lease            how long a claimed row is the claiming relay's: a relay that dies mid-publish leaves it to
 *                         another after this. At least twice {@code enclave.slack.publish-timeout} plus 2 s, or a
 *                         slow publish would be claimed again while it is still under way
 * @param firstRetryAfter  the wait after the first failed publish; it doubles with each failure
 * @param maxRetryInterval the longest wait between two publishes of one row
 * @param giveUpAfter      a row that still fails to publish this long after it was acknowledged is dropped, and the
 *                         person told it was not sent
 * @param holdFor          how long a request may wait for its check after the acknowledgement (a provisioning, for
 *                         Slack to say who owns the channel); a hold nobody settled by then — Slack did not answer,
 *                         or the gateway stopped meanwhile — is dropped and the person told nothing was sent
 */
@ConfigurationProperties(prefix = "enclave.slack.outbox")
public record OutboxProperties(@DefaultValue("true") boolean relayEnabled,
                               @DefaultValue("100") int batchSize,
                               @DefaultValue("PT5S") Duration sweepInterval,
                               @DefaultValue("PT1M") Duration lease,
                               @DefaultValue("PT1S") Duration firstRetryAfter,
                               @DefaultValue("PT1M") Duration maxRetryInterval,
                               @DefaultValue("PT15M") Duration giveUpAfter,
                               @DefaultValue("PT2M") Duration holdFor) {

    public OutboxProperties {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("enclave.slack.outbox.batch-size must be 1 to 1000, not " + batchSize);
        }
        positive("sweep-interval", sweepInterval);
        positive("lease", lease);
        positive("first-retry-after", firstRetryAfter);
        positive("give-up-after", giveUpAfter);
        positive("hold-for", holdFor);
        if (maxRetryInterval.compareTo(firstRetryAfter) < 0) {
            throw new IllegalArgumentException("enclave.slack.outbox.max-retry-interval (" + maxRetryInterval
                    + ") must not be shorter than first-retry-after (" + firstRetryAfter + ")");
        }
    }

    /**
     * The lease must outlast a pass: Kafka's metadata awaited up to publish-timeout, then the acknowledgements up to
     * publish-timeout and a second more.
     */
    void checkAgainst(Duration publishTimeout) {
        if (lease.compareTo(publishTimeout.multipliedBy(2).plusSeconds(2)) < 0) {
            throw new IllegalArgumentException("enclave.slack.outbox.lease (" + lease + ") must be at least twice "
                    + "enclave.slack.publish-timeout (" + publishTimeout + ") plus 2 s: a row still being published "
                    + "would be claimed again");
        }
    }

    /** The wait after the {@code attempts}-th failed publish: doubling from firstRetryAfter, at most maxRetryInterval. */
    Duration retryAfter(int attempts) {
        Duration wait = firstRetryAfter;
        for (int i = 1; i < attempts && wait.compareTo(maxRetryInterval) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : wait;
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("enclave.slack.outbox." + name + " must be positive, not " + value);
        }
    }
}
