package io.enclavesuite.deploy.kafka;

import io.enclavesuite.deploy.SuiteService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do what on the suite's Kafka, as ACL grants — read from Strimzi {@code KafkaUser} resources or from what
 * the compose setup script asks {@code kafka-acls.sh} for — and the rules every deployment must keep: only the
 * write services publish events and answers, only the Slack gateway, the operators' enclavectl and the web console
 * send commands (the console only coordination commands: a person's answers and policy),
 * each command topic is read by the service that owns it, each consumer group belongs to its principal, only a write
 * service has transactional ids (its intake's, by their prefix), and nobody creates, alters or deletes anything. {@link #violations} names each breach; none means the rules hold.
 */
public final class KafkaAcls {

    /** One allowed operation of one principal (a KafkaUser's name) on one resource. */
    public record Grant(String principal, String resourceType, String name, String patternType, String operation)
            implements Comparable<Grant> {

        @Override
        public int compareTo(Grant other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return principal + " " + operation + " " + resourceType + ":" + name
                    + ("literal".equals(patternType) ? "" : " (" + patternType + ")");
        }
    }

    public static final String SLACK_GATEWAY = "slack-gateway";
    public static final String ENCLAVECTL = "enclavectl";
    public static final String CONSOLE = "console";
    public static final List<String> EVENT_TOPICS = List.of("enclave.events", "coordination.events", "receipts.events");
    /** Each command topic and the one service that takes its commands. */
    public static final Map<String, String> COMMAND_TOPICS =
            Map.of("enclave.commands", "enclave-command", "coordination.commands", "coordination-service");
    public static final String RESULTS = "enclave.command-results";
    public static final String DEAD_LETTERS = "enclave.commands.dlt";
    private static final Set<String> SENDERS = Set.of(SLACK_GATEWAY, ENCLAVECTL, CONSOLE);
    private static final Set<String> OPERATIONS = Set.of("Read", "Write", "Describe", "DescribeConfigs");

    private KafkaAcls() {
    }

    /** The grants of Strimzi KafkaUsers ({@code spec.authorization.acls}, simple authorization). */
    public static Set<Grant> of(List<GenericKubernetesResource> kafkaUsers) {
        Set<Grant> grants = new TreeSet<>();
        for (GenericKubernetesResource user : kafkaUsers) {
            String principal = user.getMetadata().getName();
            List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
            for (Map<String, Object> acl : acls == null ? List.<Map<String, Object>>of() : acls) {
                @SuppressWarnings("unchecked")
                Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
                @SuppressWarnings("unchecked")
                List<String> operations = acl.get("operations") != null ? (List<String>) acl.get("operations")
                        : List.of(String.valueOf(acl.get("operation")));
                // Strimzi's "prefix" is kafka-acls' "prefixed"
                String patternType = String.valueOf(resource.getOrDefault("patternType", "literal"))
                        .replaceFirst("^prefix$", "prefixed");
                for (String operation : operations) {
                    grants.add(new Grant(principal, String.valueOf(resource.get("type")),
                            String.valueOf(resource.get("name")), patternType, operation));
                }
            }
        }
        return grants;
    }

    public static List<String> violations(Collection<Grant> grants) {
        List<String> violations = new ArrayList<>();
        for (Grant grant : grants) {
            String principal = grant.principal();
            boolean transactions = grant.resourceType().equals("transactionalId");
            if (transactions) {
                if (!SuiteService.WRITE_SERVICES.contains(principal)) {
                    violations.add(grant + ": only the write services answer in transactions");
                } else if (!"prefixed".equals(grant.patternType()) || !grant.name().equals(principal + "-intake-")) {
                    violations.add(grant + ": a write service's transactional ids are its intake's: the prefix "
                            + principal + "-intake-");
                }
            } else if (!"literal".equals(grant.patternType()) || grant.name().contains("*")) {
                violations.add(grant + ": only literal resource names may be granted");
            }
            if (!OPERATIONS.contains(grant.operation())) {
                violations.add(grant + ": only Read, Write, Describe and DescribeConfigs may be granted (topics are made "
                        + "by the platform)");
            }
            if (!Set.of("topic", "group", "transactionalId").contains(grant.resourceType())) {
                violations.add(grant + ": only topics, consumer groups and transactional ids may be granted");
            }
            if (grant.resourceType().equals("group") && !grant.name().startsWith(principal + "-")) {
                violations.add(grant + ": a consumer group belongs to the principal it is named after");
            }
            if (!grant.resourceType().equals("topic")) {
                continue;
            }
            boolean write = grant.operation().equals("Write");
            boolean read = grant.operation().equals("Read");
            if (grant.operation().equals("DescribeConfigs") && !EVENT_TOPICS.contains(grant.name())) {
                violations.add(grant + ": only an event topic's settings are read (its retention check)");
            }
            if (write && EVENT_TOPICS.contains(grant.name()) && !SuiteService.WRITE_SERVICES.contains(principal)) {
                violations.add(grant + ": only the write services publish events");
            }
            if (write && COMMAND_TOPICS.containsKey(grant.name()) && !SENDERS.contains(principal)) {
                violations.add(grant + ": only slack-gateway, enclavectl and console send commands");
            }
            if (write && CONSOLE.equals(principal) && !grant.name().equals("coordination.commands")) {
                violations.add(grant + ": the console sends only coordination commands");
            }
            if (read && COMMAND_TOPICS.containsKey(grant.name()) && !COMMAND_TOPICS.get(grant.name()).equals(principal)) {
                violations.add(grant + ": only " + COMMAND_TOPICS.get(grant.name()) + " takes these commands");
            }
            if (write && Set.of(RESULTS, DEAD_LETTERS).contains(grant.name())
                    && !SuiteService.WRITE_SERVICES.contains(principal)) {
                violations.add(grant + ": only the write services answer commands");
            }
            if (read && grant.name().equals(RESULTS) && !SENDERS.contains(principal)) {
                violations.add(grant + ": only the senders of commands read their results");
            }
            if (read && grant.name().equals(DEAD_LETTERS)) {
                violations.add(grant + ": dead letters are read by operators as the Kafka admin, not by a client");
            }
        }
        return violations;
    }
}
