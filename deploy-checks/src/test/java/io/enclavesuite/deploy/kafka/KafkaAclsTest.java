package io.enclavesuite.deploy.kafka;

import io.enclavesuite.deploy.kafka.KafkaAcls.Grant;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaAclsTest {

    private static Set<Grant> with(Grant extra) {
        Set<Grant> grants = new TreeSet<>(Principals.expected());
        grants.add(extra);
        return grants;
    }

    @Test
    void theSuitesGrantsKeepEveryRule() {
        assertThat(KafkaAcls.violations(Principals.expected())).isEmpty();
    }

    @Test
    void aServiceOtherThanTheWriteServicesPublishingEventsIsRefused() {
        assertThat(KafkaAcls.violations(with(new Grant("slack-gateway", "topic", "enclave.events", "literal", "Write"))))
                .containsExactly("slack-gateway Write topic:enclave.events: only the write services publish events");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-query", "topic", "receipts.events", "literal", "Write"))))
                .containsExactly("enclave-query Write topic:receipts.events: only the write services publish events");
    }

    @Test
    void aCommandSenderOtherThanTheGatewayAndEnclavectlIsRefused() {
        assertThat(KafkaAcls.violations(with(new Grant("enclave-query", "topic", "coordination.commands", "literal", "Write"))))
                .containsExactly("enclave-query Write topic:coordination.commands: "
                        + "only slack-gateway, enclavectl and console send commands");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-command", "topic", "enclave.commands", "literal", "Write"))))
                .containsExactly("enclave-command Write topic:enclave.commands: "
                        + "only slack-gateway, enclavectl and console send commands");
    }

    @Test
    void theConsoleSendingTeamEnclaveCommandsIsRefused() {
        assertThat(KafkaAcls.violations(with(new Grant("console", "topic", "enclave.commands", "literal", "Write"))))
                .containsExactly("console Write topic:enclave.commands: the console sends only coordination commands");
        assertThat(KafkaAcls.violations(with(new Grant("console", "topic", "coordination.commands", "literal", "Write"))))
                .isEmpty();
    }

    @Test
    void readingAnotherServicesCommandsOrAnsweringWithoutBeingAWriteServiceIsRefused() {
        assertThat(KafkaAcls.violations(with(new Grant("coordination-service", "topic", "enclave.commands", "literal", "Read"))))
                .containsExactly("coordination-service Read topic:enclave.commands: only enclave-command takes these commands");
        assertThat(KafkaAcls.violations(with(new Grant("enclavectl", "topic", "enclave.command-results", "literal", "Write"))))
                .containsExactly("enclavectl Write topic:enclave.command-results: only the write services answer commands");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-query", "topic", "enclave.command-results", "literal", "Read"))))
                .containsExactly("enclave-query Read topic:enclave.command-results: "
                        + "only the senders of commands read their results");
    }

    @Test
    void readingTheSettingsOfATopicOtherThanAnEventTopicIsRefused() {
        assertThat(KafkaAcls.violations(with(new Grant("enclave-query", "topic", "enclave.commands", "literal",
                "DescribeConfigs")))).containsExactly("enclave-query DescribeConfigs topic:enclave.commands: only an "
                + "event topic's settings are read (its retention check)");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-query", "topic", "receipts.events", "literal",
                "DescribeConfigs")))).isEmpty();
    }

    @Test
    void createPrefixesWildcardsAndForeignGroupsAreRefused() {
        assertThat(KafkaAcls.violations(with(new Grant("enclave-command", "topic", "enclave.events", "literal", "Create"))))
                .containsExactly("enclave-command Create topic:enclave.events: only Read, Write, Describe and "
                        + "DescribeConfigs may be granted (topics are made by the platform)");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-query", "topic", "enclave.", "prefixed", "Read"))))
                .containsExactly("enclave-query Read topic:enclave. (prefixed): only literal resource names may be granted");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-query", "group", "slack-gateway-events", "literal", "Read"))))
                .containsExactly("enclave-query Read group:slack-gateway-events: "
                        + "a consumer group belongs to the principal it is named after");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-query", "cluster", "kafka-cluster", "literal", "Describe"))))
                .containsExactly("enclave-query Describe cluster:kafka-cluster: only topics, consumer groups and "
                        + "transactional ids may be granted");
    }

    @Test
    void transactionalIdsOtherThanAWriteServicesIntakesAreRefused() {
        assertThat(KafkaAcls.violations(with(new Grant("slack-gateway", "transactionalId", "slack-gateway-intake-",
                "prefixed", "Write")))).containsExactly("slack-gateway Write transactionalId:slack-gateway-intake- "
                + "(prefixed): only the write services answer in transactions");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-command", "transactionalId", "", "prefixed",
                "Write")))).containsExactly("enclave-command Write transactionalId: (prefixed): a write service's "
                + "transactional ids are its intake's: the prefix enclave-command-intake-");
        assertThat(KafkaAcls.violations(with(new Grant("enclave-command", "transactionalId",
                "coordination-service-intake-", "prefixed", "Write")))).hasSize(1);
    }
}
