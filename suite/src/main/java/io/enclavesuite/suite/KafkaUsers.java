package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The in-process broker's users, one per client of the suite, and what each may do: the ACLs of
 * docker/kafka-setup.sh and k8s/infrastructure/kafka-users.yaml, under the suite's topic prefix (which the consumer
 * groups carry too). What is not granted here is refused. Producers are idempotent without a cluster ACL (Write on
 * the topic suffices); the write services answer in transactions, under their intake's transactional ids (a
 * prefix). No user may create, alter or delete a topic. The readers of the
 * event topics may read those topics' settings (DescribeConfigs): they check at start that the topics keep everything.
 */
final class KafkaUsers {

    static final String ENCLAVE_COMMAND = "enclave-command";
    static final String COORDINATION_SERVICE = "coordination-service";
    static final String ENCLAVE_QUERY = "enclave-query";
    static final String SLACK_GATEWAY = "slack-gateway";
    static final String ENCLAVECTL = "enclavectl";
    static final String CONSOLE = "console";
    static final List<String> ALL = List.of(ENCLAVE_COMMAND, COORDINATION_SERVICE, ENCLAVE_QUERY, SLACK_GATEWAY,
            ENCLAVECTL, CONSOLE);

    private KafkaUsers() {
    }

    static Set<AclBinding> acls(TopicNames topics) {
        Grants grants = new Grants(topics.prefix());
        // enclave-command: takes enclave.commands, publishes enclave.events, answers on results and dead letters
        grants.topic(ENCLAVE_COMMAND, topics.commands(), AclOperation.READ);
        grants.group(ENCLAVE_COMMAND, ENCLAVE_COMMAND + "-intake");
        grants.topic(ENCLAVE_COMMAND, topics.enclaveEvents(), AclOperation.WRITE);
        grants.topic(ENCLAVE_COMMAND, topics.commandResults(), AclOperation.WRITE);
        grants.topic(ENCLAVE_COMMAND, topics.commandsDeadLetter(), AclOperation.WRITE);
        grants.transactions(ENCLAVE_COMMAND);
        grants.describeAll(ENCLAVE_COMMAND, topics);
        // coordination-service: takes coordination.commands, publishes coordination.events, reads enclave.events
        // (Axon assigns partitions: no group)
        grants.topic(COORDINATION_SERVICE, topics.coordinationCommands(), AclOperation.READ);
        grants.group(COORDINATION_SERVICE, COORDINATION_SERVICE + "-intake");
        grants.topic(COORDINATION_SERVICE, topics.coordinationEvents(), AclOperation.WRITE);
        grants.topic(COORDINATION_SERVICE, topics.enclaveEvents(), AclOperation.READ);
        grants.retentionCheck(COORDINATION_SERVICE, topics.enclaveEvents());
        grants.topic(COORDINATION_SERVICE, topics.commandResults(), AclOperation.WRITE);
        grants.topic(COORDINATION_SERVICE, topics.commandsDeadLetter(), AclOperation.WRITE);
        grants.transactions(COORDINATION_SERVICE);
        grants.describeAll(COORDINATION_SERVICE, topics);
        // enclave-query: reads both event topics (Axon assigns partitions: no group)
        grants.topic(ENCLAVE_QUERY, topics.enclaveEvents(), AclOperation.READ);
        grants.topic(ENCLAVE_QUERY, topics.coordinationEvents(), AclOperation.READ);
        grants.retentionCheck(ENCLAVE_QUERY, topics.enclaveEvents());
        grants.retentionCheck(ENCLAVE_QUERY, topics.coordinationEvents());
        // slack-gateway: sends commands, reads their results and the events it announces
        grants.topic(SLACK_GATEWAY, topics.commands(), AclOperation.WRITE);
        grants.topic(SLACK_GATEWAY, topics.coordinationCommands(), AclOperation.WRITE);
        grants.topic(SLACK_GATEWAY, topics.commandResults(), AclOperation.READ);
        grants.group(SLACK_GATEWAY, SLACK_GATEWAY + "-results");
        grants.topic(SLACK_GATEWAY, topics.enclaveEvents(), AclOperation.READ);
        grants.topic(SLACK_GATEWAY, topics.coordinationEvents(), AclOperation.READ);
        grants.retentionCheck(SLACK_GATEWAY, topics.enclaveEvents());
        grants.retentionCheck(SLACK_GATEWAY, topics.coordinationEvents());
        grants.group(SLACK_GATEWAY, SLACK_GATEWAY + "-events");
        grants.describeAll(SLACK_GATEWAY, topics);
        // enclavectl: sends commands, reads their results (it assigns partitions: no group)
        grants.topic(ENCLAVECTL, topics.commands(), AclOperation.WRITE);
        grants.topic(ENCLAVECTL, topics.coordinationCommands(), AclOperation.WRITE);
        grants.topic(ENCLAVECTL, topics.commandResults(), AclOperation.READ);
        // console: sends a person's answers and policy settings (coordination commands only), reads their results
        // (it assigns partitions: no group)
        grants.topic(CONSOLE, topics.coordinationCommands(), AclOperation.WRITE);
        grants.topic(CONSOLE, topics.commandResults(), AclOperation.READ);
        return grants.bindings;
    }

    private static final class Grants {
        private final String prefix;
        private final Set<AclBinding> bindings = new LinkedHashSet<>();

        Grants(String prefix) {
            this.prefix = prefix;
        }

        /** The operation and Describe, which reading or writing a topic needs as well. */
        void topic(String user, String topic, AclOperation operation) {
            allow(user, ResourceType.TOPIC, topic, operation);
            allow(user, ResourceType.TOPIC, topic, AclOperation.DESCRIBE);
        }

        /** A consumer group, named as the services name it: under the topic prefix. */
        void group(String user, String group) {
            allow(user, ResourceType.GROUP, prefix + group, AclOperation.READ);
        }

        /** The write service's answers are transactional, under ids its intake's name begins (IntakeConfiguration). */
        void transactions(String user) {
            for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
                bindings.add(new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID,
                        prefix + user + "-intake-", PatternType.PREFIXED),
                        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
            }
        }

        /** A service that rebuilds from an event topic checks at start that it keeps every record. */
        void retentionCheck(String user, String topic) {
            allow(user, ResourceType.TOPIC, topic, AclOperation.DESCRIBE_CONFIGS);
        }

        /** Spring's KafkaAdmin in the write services and the gateway checks that every suite topic exists. */
        void describeAll(String user, TopicNames topics) {
            topics.all().forEach(topic -> allow(user, ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
        }

        private void allow(String user, ResourceType type, String name, AclOperation operation) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
