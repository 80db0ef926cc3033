package io.enclavesuite.deploy.compose;

import io.enclavesuite.deploy.Repository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/preflight.sh, run with bash as the compose service "preflight" runs it (the same arguments): the suite
 * does not start while .env holds .env.example's placeholders, nor without the gateway's principal key pair in
 * docker/principals (here a temporary folder), and starts once every secret is chosen and the keys are made.
 */
class PreflightTest {

    @TempDir
    static Path principals;

    /** The service principals whose key pairs compose mounts: each must be in docker/principals. */
    private static final List<String> SERVICE_PRINCIPALS = List.of("slack-gateway", "console");

    /** docker/principals as the operator leaves it: the gateway's and the console's key pairs (Ed25519, PKCS#8 and SPKI PEM). */
    @BeforeAll
    static void makeTheServicesKeys() throws Exception {
        Files.createDirectories(principals.resolve("public"));
        for (String principal : SERVICE_PRINCIPALS) {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.writeString(principals.resolve(principal + ".key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(principals.resolve("public/" + principal + ".pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

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
        return preflight(env, principals);
    }

    private static Outcome preflight(Map<String, String> env, Path principals) throws IOException, InterruptedException {
        ProcessBuilder process = new ProcessBuilder(new ArrayList<>(List.of("bash", Repository.file("docker/preflight.sh").toString())))
                .redirectErrorStream(true);
        process.command().addAll(secrets());
        String path = System.getenv("PATH"); // bash and openssl (the pair check) from the machine, as in the JRE image
        process.environment().clear();
        process.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
        process.environment().putAll(env);
        process.environment().put("PREFLIGHT_PRINCIPALS", principals.toString());
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
        Outcome outcome = preflight(chosenSecrets());

        assertThat(outcome.status()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("preflight: " + secrets().size() + " secrets set");
    }

    private static Map<String, String> chosenSecrets() {
        Map<String, String> chosen = new LinkedHashMap<>();
        secrets().forEach(secret -> chosen.put(secret, "Xq7-" + Integer.toHexString(secret.hashCode()) + "-long-enough"));
        return chosen;
    }

    /** A copy of the good folder, changed. */
    private static Path principalsWith(Path folder, PathChange change) throws IOException {
        Files.createDirectories(folder.resolve("public"));
        for (String principal : SERVICE_PRINCIPALS) {
            Files.copy(principals.resolve(principal + ".key.pem"), folder.resolve(principal + ".key.pem"));
            Files.copy(principals.resolve("public/" + principal + ".pub.pem"), folder.resolve("public/" + principal + ".pub.pem"));
        }
        change.apply(folder);
        return folder;
    }

    private interface PathChange {
        void apply(Path folder) throws IOException;
    }

    @Test
    void theComposePreflightSeesThePrincipalsFolderReadOnlyWhereTheScriptLooks() {
        @SuppressWarnings("unchecked")
        Map<String, Object> preflight = (Map<String, Object>) ComposeFile.load(Repository.file("docker-compose.yml"))
                .services().get(ComposeFile.PREFLIGHT);
        assertThat((Map<String, Object>) preflight.get("environment")).containsEntry("PREFLIGHT_PRINCIPALS", "/preflight/principals");
        assertThat(ComposeFile.mounts(preflight))
                .contains(new ComposeFile.Mount(ComposeFile.PRINCIPALS, "/preflight/principals", true));
        // as the services' user, so that a key file they could not read is found here
        assertThat(preflight.get("user")).isEqualTo("10001:10001");
    }

    @Test
    void aMissingGatewayKeyRefusesToStartAndSaysHowToMakeIt(@TempDir Path folder) throws Exception {
        Outcome outcome = preflight(chosenSecrets(), principalsWith(folder,
                f -> Files.delete(f.resolve("slack-gateway.key.pem"))));

        assertThat(outcome.status()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output())
                .contains("preflight: docker/principals/slack-gateway.key.pem is missing")
                .contains("openssl genpkey -algorithm ed25519 -out docker/principals/slack-gateway.key.pem")
                .contains("openssl pkey -in docker/principals/slack-gateway.key.pem -pubout -out docker/principals/public/slack-gateway.pub.pem");
    }

    @Test
    void aMissingConsoleKeyPairRefusesToStartAndSaysHowToMakeIt(@TempDir Path folder) throws Exception {
        Outcome outcome = preflight(chosenSecrets(), principalsWith(folder, f -> {
            Files.delete(f.resolve("console.key.pem"));
            Files.delete(f.resolve("public/console.pub.pem"));
        }));

        assertThat(outcome.status()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output())
                .contains("preflight: docker/principals/console.key.pem is missing")
                .contains("preflight: docker/principals/public/console.pub.pem is missing: the write services would "
                        + "refuse every command from the console")
                .contains("openssl genpkey -algorithm ed25519 -out docker/principals/console.key.pem")
                .doesNotContain("slack-gateway.key.pem is missing");
    }

    @Test
    void aMissingPublicHalfRefusesToStart(@TempDir Path folder) throws Exception {
        Outcome outcome = preflight(chosenSecrets(), principalsWith(folder,
                f -> Files.delete(f.resolve("public/slack-gateway.pub.pem"))));

        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.output()).contains("preflight: docker/principals/public/slack-gateway.pub.pem is missing")
                .contains("openssl pkey -in docker/principals/slack-gateway.key.pem -pubout");
    }

    @Test
    void anEmptyFolderRefusesToStart(@TempDir Path folder) throws Exception {
        Outcome outcome = preflight(chosenSecrets(), folder);

        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.output()).contains("slack-gateway.key.pem is missing", "public/slack-gateway.pub.pem is missing",
                "console.key.pem is missing", "public/console.pub.pem is missing");
    }

    @Test
    void aPrivateKeyAmongThePublicKeysRefusesToStart(@TempDir Path folder) throws Exception {
        Outcome outcome = preflight(chosenSecrets(), principalsWith(folder, f -> Files.copy(
                f.resolve("slack-gateway.key.pem"), f.resolve("public/enclavectl.pub.pem"))));

        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.output()).contains("preflight: docker/principals/public/enclavectl.pub.pem holds a private key");
    }

    @Test
    void somethingElseThanAKeyRefusesToStart(@TempDir Path folder) throws Exception {
        Outcome outcome = preflight(chosenSecrets(), principalsWith(folder, f -> Files.writeString(
                f.resolve("slack-gateway.key.pem"), "not a key\n")));

        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.output()).contains("preflight: docker/principals/slack-gateway.key.pem is not a PKCS#8 PEM private key");
    }

    /** With openssl (in the JRE image; here when the machine has it): a public key of another pair is refused. */
    @Test
    void aPublicKeyOfAnotherPairRefusesToStart(@TempDir Path folder) throws Exception {
        assertThat(openssl()).as("openssl on this machine (.ci/run installs Debian's package where it is missing)")
                .isTrue();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Outcome outcome = preflight(chosenSecrets(), principalsWith(folder, f -> Files.writeString(
                f.resolve("public/slack-gateway.pub.pem"), pem("PUBLIC KEY", other.getPublic().getEncoded()))));

        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.output()).contains("preflight: docker/principals/public/slack-gateway.pub.pem is not the public half");
    }

    private static boolean openssl() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
