package io.enclavesuite.deploy.kafka;

import io.enclavesuite.api.Topics;
import io.enclavesuite.deploy.kafka.KafkaAcls.Grant;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The suite's Kafka principals and exactly what each may do, written from the code: the topics each service
 * publishes on (the write services' event publishers and intake replies, the gateway's and enclavectl's command
 * senders and the console's), those it reads and the consumer groups it reads them in ({@code @KafkaListener} group ids; Axon's
 * streamable sources and enclavectl assign partitions without a group). Describe on every suite topic for the
 * services whose KafkaAdmin checks that the topics exist. Both the Strimzi KafkaUsers and the compose setup
 * script must grant exactly this.
 */
public final class Principals {

    public static final List<String> ALL =
            List.of("enclave-command", "coordination-service", "enclave-query", "slack-gateway", "enclavectl",
                    "console");

    public static Set<Grant> expected() {
        Set<Grant> grants = new TreeSet<>();
        // enclave-command: takes enclave.commands, publishes enclave.events, answers
        topic(grants, "enclave-command", "enclave.commands", "Read");
        group(grants, "enclave-command", "enclave-command-intake");
        topic(grants, "enclave-command", "enclave.events", "Write");
        topic(grants, "enclave-command", "enclave.command-results", "Write");
        topic(grants, "enclave-command", "enclave.commands.dlt", "Write");
        transactions(grants, "enclave-command");
        describeAll(grants, "enclave-command");
        // coordination-service: takes coordination.commands, publishes coordination.events, reads enclave.events
        topic(grants, "coordination-service", "coordination.commands", "Read");
        group(grants, "coordination-service", "coordination-service-intake");
        topic(grants, "coordination-service", "coordination.events", "Write");
        topic(grants, "coordination-service", "enclave.events", "Read");
        retentionCheck(grants, "coordination-service", "enclave.events");
        topic(grants, "coordination-service", "enclave.command-results", "Write");
        topic(grants, "coordination-service", "enclave.commands.dlt", "Write");
        transactions(grants, "coordination-service");
        describeAll(grants, "coordination-service");
        // enclave-query: reads both event topics, in no group
        topic(grants, "enclave-query", "enclave.events", "Read");
        topic(grants, "enclave-query", "coordination.events", "Read");
        retentionCheck(grants, "enclave-query", "enclave.events");
        retentionCheck(grants, "enclave-query", "coordination.events");
        // slack-gateway: sends commands, reads their results and the events it announces
        topic(grants, "slack-gateway", "enclave.commands", "Write");
        topic(grants, "slack-gateway", "coordination.commands", "Write");
        topic(grants, "slack-gateway", "enclave.command-results", "Read");
        group(grants, "slack-gateway", "slack-gateway-results");
        topic(grants, "slack-gateway", "enclave.events", "Read");
        topic(grants, "slack-gateway", "coordination.events", "Read");
        retentionCheck(grants, "slack-gateway", "enclave.events");
        retentionCheck(grants, "slack-gateway", "coordination.events");
        group(grants, "slack-gateway", "slack-gateway-events");
        describeAll(grants, "slack-gateway");
        // enclavectl: sends commands, reads their results, in no group
        topic(grants, "enclavectl", "enclave.commands", "Write");
        topic(grants, "enclavectl", "coordination.commands", "Write");
        topic(grants, "enclavectl", "enclave.command-results", "Read");
        // console: sends a person's answers and policy settings (coordination commands only), reads their results,
        // in no group
        topic(grants, "console", "coordination.commands", "Write");
        topic(grants, "console", "enclave.command-results", "Read");
        return grants;
    }

    /** A write service answers in Kafka transactions, under transactional ids its intake's name begins. */
    private static void transactions(Set<Grant> grants, String principal) {
        grants.add(new Grant(principal, "transactionalId", principal + "-intake-", "prefixed", "Write"));
        grants.add(new Grant(principal, "transactionalId", principal + "-intake-", "prefixed", "Describe"));
    }

    /** Read or Write on a topic comes with Describe (the clients look up its partitions). */
    private static void topic(Set<Grant> grants, String principal, String topic, String operation) {
        grants.add(new Grant(principal, "topic", topic, "literal", operation));
        grants.add(new Grant(principal, "topic", topic, "literal", "Describe"));
    }

    /** A reader of an event topic checks at start that it keeps every record: it reads the topic's settings. */
    private static void retentionCheck(Set<Grant> grants, String principal, String topic) {
        grants.add(new Grant(principal, "topic", topic, "literal", "DescribeConfigs"));
    }

    private static void group(Set<Grant> grants, String principal, String group) {
        grants.add(new Grant(principal, "group", group, "literal", "Read"));
    }

    private static void describeAll(Set<Grant> grants, String principal) {
        Topics.ALL.forEach(topic -> grants.add(new Grant(principal, "topic", topic, "literal", "Describe")));
    }

    private Principals() {
    }
}
