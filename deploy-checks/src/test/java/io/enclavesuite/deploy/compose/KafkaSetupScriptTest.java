package io.enclavesuite.deploy.compose;

import io.enclavesuite.api.Topics;
import io.enclavesuite.deploy.Repository;
import io.enclavesuite.deploy.kafka.KafkaAcls;
import io.enclavesuite.deploy.kafka.KafkaAcls.Grant;
import io.enclavesuite.deploy.kafka.Principals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/kafka-setup.sh, run with bash against stand-ins for Kafka's kafka-topics.sh and kafka-acls.sh that record
 * their arguments: compose's Kafka gets the suite's topics and exactly the ACLs the Strimzi KafkaUsers grant.
 */
class KafkaSetupScriptTest {

    @TempDir
    static Path bin;
    private static List<List<String>> calls;

    @BeforeAll
    static void runTheScript() throws IOException, InterruptedException {
        for (String tool : List.of("kafka-topics.sh", "kafka-acls.sh", "kafka-broker-api-versions.sh")) {
            Path stub = bin.resolve(tool);
            Files.writeString(stub, "#!/usr/bin/env bash\nprintf '%s' \"$(basename \"$0\")\" >> \"$CALLS\"\n"
                    + "printf ' %s' \"$@\" >> \"$CALLS\"\necho >> \"$CALLS\"\n");
            stub.toFile().setExecutable(true);
        }
        ProcessBuilder process = new ProcessBuilder("bash", Repository.file("docker/kafka-setup.sh").toString())
                .redirectErrorStream(true);
        process.environment().put("KAFKA_BIN", bin.toString());
        process.environment().put("CALLS", bin.resolve("calls").toString());
        process.environment().put("KAFKA_ADMIN_PASSWORD", "admin-password-1");
        Process running = process.start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(running.waitFor()).as(output).isZero();
        calls = Files.readAllLines(bin.resolve("calls")).stream().map(line -> Arrays.asList(line.split(" "))).toList();
    }

    private static List<List<String>> calls(String tool) {
        return calls.stream().filter(call -> call.get(0).equals(tool)).toList();
    }

    private static String after(List<String> call, String option) {
        return call.get(call.indexOf(option) + 1);
    }

    @Test
    void itMakesEverySuiteTopicAsTheAdminIfMissing() {
        List<List<String>> creates = calls("kafka-topics.sh");

        assertThat(creates).extracting(call -> after(call, "--topic")).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(creates).allSatisfy(call -> assertThat(call).contains("--create", "--if-not-exists", "--command-config"));
    }

    @Test
    void itGrantsExactlyTheAclsOfTheKafkaUsers() {
        Set<Grant> grants = new TreeSet<>();
        for (List<String> call : calls("kafka-acls.sh")) {
            assertThat(call).contains("--add", "--command-config").doesNotContain("--deny-principal");
            String principal = after(call, "--allow-principal").replaceFirst("^User:", "");
            String type = call.contains("--topic") ? "topic" : call.contains("--group") ? "group" : "other";
            String name = after(call, "--" + type.replace("other", "cluster"));
            List<String> operations = new ArrayList<>();
            for (int i = 0; i < call.size(); i++) {
                if (call.get(i).equals("--operation")) {
                    operations.add(call.get(i + 1));
                }
            }
            operations.forEach(operation ->
                    grants.add(new Grant(principal, type, name, after(call, "--resource-pattern-type"), operation)));
        }

        assertThat(grants).containsExactlyElementsOf(Principals.expected());
        assertThat(KafkaAcls.violations(grants)).isEmpty();
    }
}
