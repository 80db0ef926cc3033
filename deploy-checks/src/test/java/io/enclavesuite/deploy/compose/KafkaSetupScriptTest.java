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
 * docker/kafka-setup.sh, run with bash against stand-ins for Kafka's kafka-configs.sh, kafka-topics.sh and
 * kafka-acls.sh that record their arguments: compose's Kafka gets each client's SCRAM credential from its .env
 * password, the suite's topics and exactly the ACLs the Strimzi KafkaUsers grant.
 */
class KafkaSetupScriptTest {

    @TempDir
    static Path bin;
    private static List<List<String>> calls;

    /** Each client's password variable in .env, as compose hands them to kafka-setup. */
    private static final java.util.Map<String, String> PASSWORDS = java.util.Map.of(
            "enclave-command", "KAFKA_ENCLAVE_COMMAND_PASSWORD", "coordination-service",
            "KAFKA_COORDINATION_SERVICE_PASSWORD", "enclave-query", "KAFKA_ENCLAVE_QUERY_PASSWORD",
            "slack-gateway", "KAFKA_SLACK_GATEWAY_PASSWORD", "enclavectl", "KAFKA_ENCLAVECTL_PASSWORD",
            "console", "KAFKA_CONSOLE_PASSWORD");

    @BeforeAll
    static void runTheScript() throws IOException, InterruptedException {
        Run run = run(java.util.Map.of());
        assertThat(run.exitCode()).as(run.output()).isZero();
        calls = run.calls();
    }

    private record Run(int exitCode, String output, List<List<String>> calls) {
    }

    private static int runs;

    /** The script with every password set to {@code <user>-password-1}, but for {@code overrides}. */
    private static Run run(java.util.Map<String, String> overrides) throws IOException, InterruptedException {
        for (String tool : List.of("kafka-configs.sh", "kafka-topics.sh", "kafka-acls.sh",
                "kafka-broker-api-versions.sh")) {
            Path stub = bin.resolve(tool);
            Files.writeString(stub, "#!/usr/bin/env bash\nprintf '%s' \"$(basename \"$0\")\" >> \"$CALLS\"\n"
                    + "printf ' %s' \"$@\" >> \"$CALLS\"\necho >> \"$CALLS\"\n");
            stub.toFile().setExecutable(true);
        }
        ProcessBuilder process = new ProcessBuilder("bash", Repository.file("docker/kafka-setup.sh").toString())
                .redirectErrorStream(true);
        process.environment().put("KAFKA_BIN", bin.toString());
        Path callsFile = bin.resolve("calls-" + ++runs);
        Files.writeString(callsFile, "");
        process.environment().put("CALLS", callsFile.toString());
        process.environment().put("KAFKA_ADMIN_PASSWORD", "admin-password-1");
        PASSWORDS.forEach((user, variable) -> process.environment().put(variable, user + "-password-1"));
        process.environment().putAll(overrides);
        Process running = process.start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exitCode = running.waitFor();
        return new Run(exitCode, output, Files.readAllLines(callsFile).stream()
                .map(line -> Arrays.asList(line.split(" "))).toList());
    }

    @Test
    void itSetsEachClientsScramCredentialFromItsOwnPassword() {
        List<List<String>> alters = calls("kafka-configs.sh");

        assertThat(alters).extracting(call -> after(call, "--entity-name"))
                .containsExactlyInAnyOrderElementsOf(PASSWORDS.keySet());
        assertThat(alters).allSatisfy(call -> {
            assertThat(call).contains("--alter", "--command-config").containsSequence("--entity-type", "users");
            assertThat(after(call, "--add-config"))
                    .isEqualTo("SCRAM-SHA-256=[password=" + after(call, "--entity-name") + "-password-1]");
        });
    }

    /** kafka-configs would cut such a password short at the comma: refused before any credential changes. */
    @Test
    void aPasswordKafkaConfigsWouldMisreadOrAMissingOneStopsTheSetup() throws Exception {
        Run comma = run(java.util.Map.of("KAFKA_ENCLAVE_QUERY_PASSWORD", "secret,SCRAM-SHA-512=[iterations=1]"));
        assertThat(comma.exitCode()).isNotZero();
        assertThat(comma.output()).contains("KAFKA_ENCLAVE_QUERY_PASSWORD may not contain ','");
        assertThat(comma.calls()).isEmpty();

        Run missing = run(java.util.Map.of("KAFKA_SLACK_GATEWAY_PASSWORD", ""));
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.output()).contains("KAFKA_SLACK_GATEWAY_PASSWORD is not set");
        assertThat(missing.calls()).isEmpty();
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
            String type = call.contains("--topic") ? "topic" : call.contains("--group") ? "group"
                    : call.contains("--transactional-id") ? "transactionalId" : "other";
            String name = after(call, "--" + type.replace("other", "cluster").replace("transactionalId",
                    "transactional-id"));
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
