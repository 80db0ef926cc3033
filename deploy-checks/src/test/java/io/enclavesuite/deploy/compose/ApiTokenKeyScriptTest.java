package io.enclavesuite.deploy.compose;

import io.enclavesuite.deploy.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/api-token-key.sh, the one-shot that makes the read API's local token key before the write services (which
 * check tokens with it, read-only) start, and the Slack gateway's own token key with its public half: an EC P-256
 * PKCS#8 key, owner-only, made once and then left alone.
 */
class ApiTokenKeyScriptTest {

    private static String run(Path key, String... publicKey) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash",
                Repository.file("docker/api-token-key.sh").toString(), key.toString()));
        command.addAll(List.of(publicKey));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void makesAP256KeyOnceAndKeepsIt(@TempDir Path folder) throws Exception {
        // openssl: .ci/run installs it where the machine lacks it (Debian's package), as the JRE image has it
        Path key = folder.resolve("token-key.pem");

        assertThat(run(key)).contains("made");
        String pem = Files.readString(key);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(key).stream().map(Enum::name))
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        ECPrivateKey parsed = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(parsed.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);

        assertThat(run(key)).contains("exists");
        assertThat(Files.readString(key)).isEqualTo(pem);
    }

    /** The gateway's own key, and its public half for the services that check its tokens, written on every run. */
    @Test
    void writesThePublicHalfWhenAskedAndNeverChangesTheKey(@TempDir Path folder) throws Exception {
        Path key = folder.resolve("token-key.pem");
        Path publicKey = folder.resolve("public/slack-gateway.pem");
        Files.createDirectories(publicKey.getParent());

        assertThat(run(key, publicKey.toString())).contains("made").contains("public half");
        String pem = Files.readString(key);
        String publicPem = Files.readString(publicKey);
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----").doesNotContain("PRIVATE");
        assertThat(Files.getPosixFilePermissions(publicKey).stream().map(Enum::name)).contains("OTHERS_READ");
        ECPublicKey parsed = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(publicPem.replaceAll("-----[A-Z ]+-----", ""))));
        assertThat(parsed.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);

        Files.delete(publicKey);
        assertThat(run(key, publicKey.toString())).contains("exists");
        assertThat(Files.readString(key)).isEqualTo(pem);
        assertThat(Files.readString(publicKey)).isEqualTo(publicPem);
    }

    @SuppressWarnings("unchecked")
    @Test
    void composeMakesTheGatewaysKeyAndHandsOnlyItsPublicHalfToTheCheckers() {
        Map<String, Object> services = ComposeFile.load(Repository.file("docker-compose.yml")).services();
        Map<String, Object> helper = (Map<String, Object>) services.get("slack-gateway-token-key");
        assertThat(helper.get("entrypoint")).isEqualTo(List.of("bash", "/enclave/api-token-key.sh",
                "/var/lib/enclave/key/token-key.pem", "/var/lib/enclave/public/slack-gateway.pem"));
        assertThat(ComposeFile.mounts(helper)).contains(
                new ComposeFile.Mount("slack-gateway-token-key", "/var/lib/enclave/key", false),
                new ComposeFile.Mount("service-issuers", "/var/lib/enclave/public", false));
        assertThat(helper).containsEntry("network_mode", "none").containsEntry("restart", "no");
        for (String service : List.of("enclave-command", "coordination-service", "enclave-query", "slack-gateway")) {
            assertThat((Map<String, Object>) ((Map<String, Object>) services.get(service)).get("depends_on")).as(service)
                    .containsEntry("slack-gateway-token-key", Map.of("condition", "service_completed_successfully"));
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void composeMakesTheConsolesKeyAndHandsOnlyItsPublicHalfToTheCheckers() {
        Map<String, Object> services = ComposeFile.load(Repository.file("docker-compose.yml")).services();
        Map<String, Object> helper = (Map<String, Object>) services.get("console-token-key");
        assertThat(helper.get("entrypoint")).isEqualTo(List.of("bash", "/enclave/api-token-key.sh",
                "/var/lib/enclave/key/token-key.pem", "/var/lib/enclave/public/console.pem"));
        assertThat(ComposeFile.mounts(helper)).contains(
                new ComposeFile.Mount("console-token-key", "/var/lib/enclave/key", false),
                new ComposeFile.Mount("service-issuers", "/var/lib/enclave/public", false));
        assertThat(helper).containsEntry("network_mode", "none").containsEntry("restart", "no");
        for (String service : List.of("enclave-command", "coordination-service", "enclave-query", "console")) {
            assertThat((Map<String, Object>) ((Map<String, Object>) services.get(service)).get("depends_on")).as(service)
                    .containsEntry("console-token-key", Map.of("condition", "service_completed_successfully"));
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void composeRunsItOnQueryDataBeforeEveryServiceThatChecksTokens() {
        Map<String, Object> services = ComposeFile.load(Repository.file("docker-compose.yml")).services();
        Map<String, Object> helper = (Map<String, Object>) services.get("api-token-key");
        assertThat(helper.get("entrypoint"))
                .isEqualTo(List.of("bash", "/enclave/api-token-key.sh", "/var/lib/enclave/data/token-key.pem"));
        assertThat(ComposeFile.mounts(helper)).contains(new ComposeFile.Mount("query-data", "/var/lib/enclave/data", false));
        assertThat(helper).containsEntry("network_mode", "none").containsEntry("restart", "no");
        for (String service : List.of("enclave-command", "coordination-service", "enclave-query")) {
            assertThat((Map<String, Object>) ((Map<String, Object>) services.get(service)).get("depends_on")).as(service)
                    .containsEntry("api-token-key", Map.of("condition", "service_completed_successfully"));
        }
    }
}
