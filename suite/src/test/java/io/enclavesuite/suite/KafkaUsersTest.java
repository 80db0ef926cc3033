package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.SecurityUtils;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process broker grants what compose's broker grants: one ACL matrix for every deployment. */
class KafkaUsersTest {

    @Test
    void theMatrixIsComposesKafkaSetup() throws Exception {
        TopicNames topics = new TopicNames("");
        Set<AclBinding> compose = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("..", "docker", "kafka-setup.sh"))) {
            List<String> words = Arrays.asList(line.strip().split("\\s+"));
            if (words.get(0).equals("allow") && words.size() > 4) {
                for (String operation : words.subList(4, words.size())) {
                    compose.add(allow(words.get(1), words.get(2), words.get(3), operation));
                }
            } else if (words.get(0).equals("describe_all") && words.size() == 2) {
                topics.all().forEach(topic -> compose.add(allow(words.get(1), "topic", topic, "Describe")));
            } else if (words.get(0).equals("transactions") && words.size() == 2) {
                for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
                    compose.add(new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID,
                            words.get(1) + "-intake-", PatternType.PREFIXED), new AccessControlEntry(
                            "User:" + words.get(1), "*", operation, AclPermissionType.ALLOW)));
                }
            }
        }
        assertThat(compose).hasSizeGreaterThan(20);
        assertThat(KafkaUsers.acls(topics)).containsExactlyInAnyOrderElementsOf(compose);
    }

    @Test
    void topicsAndGroupsCarryThePrefix() {
        assertThat(KafkaUsers.acls(new TopicNames("dev.")))
                .allSatisfy(acl -> assertThat(acl.pattern().name()).startsWith("dev."));
    }

    private static AclBinding allow(String user, String type, String name, String operation) {
        return new AclBinding(new ResourcePattern(ResourceType.fromString(type), name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*",
                        SecurityUtils.operation(operation), AclPermissionType.ALLOW)); // DescribeConfigs too
    }
}
