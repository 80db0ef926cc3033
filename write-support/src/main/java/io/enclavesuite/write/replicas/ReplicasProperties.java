package io.enclavesuite.write.replicas;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the replicas of a write service share one database ({@code enclave.replicas.*}; docs/operations.md, "Scaling").
 *
 * @param nodeId             this replica's name in the token table ({@code owner}) and the replica table; unique per
 *                           process: the JVM's name ({@code pid@host}) and a random suffix unless set
 * @param sagaSegments       segments of each saga processor, and threads per replica for them: any one replica can
 *                           carry every segment when the others are gone
 * @param claimTimeout       a segment's claim lapses when its owner has not touched it for this long (a dead
 *                           replica's segments are taken over after it)
 * @param tokenClaimInterval how often a processor with a free thread looks for a segment to claim
 * @param balanceInterval    how often a replica says it is alive and gives up segments above its fair share
 * @param conflictRetries    how many times a command that lost a race on its aggregate's sequence is tried again
 * @param conflictBackoff    the wait before the first such retry; doubled for each next one
 */
@ConfigurationProperties("enclave.replicas")
public record ReplicasProperties(String nodeId,
                                 @DefaultValue("2") int sagaSegments,
                                 @DefaultValue("10s") Duration claimTimeout,
                                 @DefaultValue("2s") Duration tokenClaimInterval,
                                 @DefaultValue("5s") Duration balanceInterval,
                                 @DefaultValue("3") int conflictRetries,
                                 @DefaultValue("20ms") Duration conflictBackoff) {

    public ReplicasProperties {
        if (nodeId == null || nodeId.isBlank()) {
            // Axon's default (the JVM's name) is shared by two contexts in one JVM, and each would take the other's
            // claims as its own.
            nodeId = ManagementFactory.getRuntimeMXBean().getName() + "/"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        }
        if (sagaSegments < 1) {
            throw new IllegalArgumentException("enclave.replicas.saga-segments must be at least 1, not " + sagaSegments);
        }
        requirePositive("claim-timeout", claimTimeout);
        requirePositive("token-claim-interval", tokenClaimInterval);
        requirePositive("balance-interval", balanceInterval);
        if (conflictRetries < 0) {
            throw new IllegalArgumentException(
                    "enclave.replicas.conflict-retries must be 0 or more, not " + conflictRetries);
        }
        requirePositive("conflict-backoff", conflictBackoff);
        if (claimTimeout.compareTo(balanceInterval.multipliedBy(2)) < 0) {
            // a live replica renews its row every balance interval: a shorter expiry would count it dead between two
            throw new IllegalArgumentException("enclave.replicas.claim-timeout (" + claimTimeout
                    + ") must be at least twice enclave.replicas.balance-interval (" + balanceInterval + ")");
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("enclave.replicas." + key + " must be positive, not " + value);
        }
    }

    /** How long a replica that stopped renewing its row still counts as alive: the claim timeout. */
    public Duration replicaExpiry() {
        return claimTimeout;
    }
}
