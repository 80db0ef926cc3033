package io.enclavesuite.operability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The suite's topics ({@code enclave.kafka.*}): their names' prefix, and how a service that starts first creates
 * the missing ones.
 *
 * @param topicPrefix       prefix of every topic name (several suites or tests on one broker); empty for none
 * @param partitions        partitions of a topic the service creates
 * @param replicationFactor its replication factor
 */
@ConfigurationProperties("enclave.kafka")
public record SuiteTopicsProperties(@DefaultValue("") String topicPrefix,
                                    @DefaultValue("3") int partitions,
                                    @DefaultValue("1") short replicationFactor) {

    public SuiteTopicsProperties {
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("enclave.kafka.partitions and replication-factor must be at least 1, "
                    + "not " + partitions + " and " + replicationFactor);
        }
    }
}
