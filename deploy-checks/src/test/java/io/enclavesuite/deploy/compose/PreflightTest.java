package io.enclavesuite.deploy.compose;

import io.enclavesuite.deploy.Repository;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/preflight.sh, run with bash as the compose service "preflight" runs it (the same arguments): the suite
 * does not start while .env holds .env.example's placeholders, and starts once every secret is chosen.
 */
class PreflightTest {

    private record Outcome(int status, String output) {
    }

    @SuppressWarnings("unchecked")
    private static List<String> secrets() {
        Map<String, Object> preflight = (Map<String, Object>) ComposeFile.load(Repository.file("docker-compose.yml"))
                .services().get(ComposeFile.PREFLIGHT);
        assertThat(preflight.get("entrypoint")).isEqualTo(List.of("bash", "/preflight/preflight.sh"));
        return (List<String>) preflight.get("command");
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Repository.file(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    private static Outcome preflight(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder process = new ProcessBuilder(new ArrayList<>(List.of("bash", Repository.file("docker/preflight.sh").toString())))
                .redirectErrorStream(true);
        process.command().addAll(secrets());
        process.environment().clear();
        process.environment().putAll(env);
        Process running = process.start();
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(running.waitFor(), output);
    }

    @Test
    void everySecretOfEnvExampleIsChecked() throws IOException {
        List<String> secrets = envExample().keySet().stream()
                .filter(name -> name.contains("PASSWORD") || name.contains("SECRET")).toList();

        assertThat(secrets).hasSizeGreaterThanOrEqualTo(9);
        assertThat(secrets()).containsExactlyInAnyOrderElementsOf(secrets);
    }

    @Test
    void envExampleAsItIsRefusesToStartAndNamesEveryPlaceholder() throws Exception {
        Outcome outcome = preflight(envExample());

        assertThat(outcome.status()).isNotZero();
        for (String secret : secrets()) {
            assertThat(outcome.output()).contains("preflight: " + secret + " still holds the placeholder");
        }
    }

    @Test
    void oneLeftoverPlaceholderOrAnEmptyShortOrQuotedSecretIsEnoughToRefuse() throws Exception {
        Map<String, String> chosen = new LinkedHashMap<>(envExample());
        secrets().forEach(secret -> chosen.put(secret, "s3cret-" + secret.toLowerCase().replace('_', '-')));

        assertThat(preflight(chosen).status()).isZero();
        for (String bad : List.of("CHANGE-ME-postgres", "", "short-pw", "with\"quote-123", "with space-1234", "dollar$123456")) {
            Map<String, String> env = new LinkedHashMap<>(chosen);
            env.put("POSTGRES_PASSWORD", bad);
            Outcome outcome = preflight(env);
            assertThat(outcome.status()).as("POSTGRES_PASSWORD=" + bad).isEqualTo(1);
            assertThat(outcome.output()).as(bad).startsWith("preflight: POSTGRES_PASSWORD ");
        }
    }

    @Test
    void everySecretChosenLetsTheSuiteStart() throws Exception {
        Map<String, String> chosen = new LinkedHashMap<>();
        secrets().forEach(secret -> chosen.put(secret, "Xq7-" + Integer.toHexString(secret.hashCode()) + "-long-enough"));

        Outcome outcome = preflight(chosen);

        assertThat(outcome.status()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("preflight: " + secrets().size() + " secrets set");
    }
}
