package io.enclavesuite.suite;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/enclave-suite} as it starts by default — the real launcher with every embedded server — answers only on
 * this machine's loopback interface: every service's API and actuator port, Kafka, PostgreSQL and the object store
 * refuse a connection made to any other address of the machine. On loopback, Kafka answers only a client that logs
 * in, and the services and enclavectl do, each as itself.
 */
class SuiteListensOnLoopbackTest {

    @TempDir
    static Path dataDir;
    private static final SuiteApplication suite = new SuiteApplication();
    private static final Map<String, Integer> ports = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        for (String setting : List.of("api-port", "command-port", "coordination-port", "slack-port",
                "api-management-port", "command-management-port", "coordination-management-port",
                "slack-management-port", "kafka-port", "kafka-controller-port", "object-store-port", "postgres-port")) {
            ports.put(setting, freePort());
        }
        List<String> args = new ArrayList<>(List.of("--data-dir=" + dataDir));
        ports.forEach((setting, port) -> args.add("--" + setting + "=" + port));
        suite.start(SuiteSettings.from(args.toArray(String[]::new), Map.of(), Map.of()));
    }

    @AfterAll
    static void stop() {
        suite.stop();
    }

    @Test
    void everyPortAnswersOnLoopbackAndNowhereElse() throws Exception {
        List<InetAddress> elsewhere = nonLoopbackAddresses();
        // What the kernel says each port listens on, whatever addresses this machine has to knock on
        java.util.Map<Integer, List<String>> listening = listeningAddresses();
        ports.forEach((setting, port) -> assertThat(listening.get(port)).as("%s %s listens on", setting, port)
                .isNotEmpty().allSatisfy(address -> assertThat(address).isIn("127.0.0.1", "::1")));
        ports.forEach((setting, port) -> {
            assertThat(answers(InetAddress.getLoopbackAddress(), port)).as("%s %s on loopback", setting, port).isTrue();
            for (InetAddress address : elsewhere) {
                assertThat(answers(address, port)).as("%s %s on %s", setting, port, address).isFalse();
            }
        });
    }

    @Test
    void theActuatorIsOnTheManagementPortsAndTheInternalEndpointsWantAToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String service : List.of("api", "command", "coordination", "slack")) {
            HttpResponse<String> health = http.send(request(ports.get(service + "-management-port"),
                    "/actuator/health/liveness"), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(service).isEqualTo(200);
            assertThat(http.send(request(ports.get(service + "-port"), "/actuator/health/liveness"),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(service).isEqualTo(404);
        }
        // the launcher drops Spring Boot's security defaults; the write services' own bearer check stays
        HttpResponse<String> windows = http.send(request(ports.get("coordination-port"),
                "/internal/rooms/room-0/windows?reader=U0BOB"), HttpResponse.BodyHandlers.ofString());
        assertThat(windows.statusCode()).isEqualTo(401);
        assertThat(http.send(request(ports.get("command-port"), "/internal/receipts/growth/events?holder=U0BOB"),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    /**
     * The gateway's Sign in with Slack runs on Spring Security, on this one classpath with every other service: its
     * chain answers the sign-in paths only (here without a Slack app: a page that says so), and nothing else of the
     * gateway gets a login, a session or a generated password — Slack's endpoint still wants Slack's signature.
     */
    @Test
    void theGatewaysSignInGuardsNothingElse() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int gateway = ports.get("slack-port");
        HttpResponse<String> signIn = http.send(request(gateway, "/slack/sign-in?state=x"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(404);
        assertThat(signIn.body()).contains("Sign in with Slack is not set up");
        assertThat(http.send(request(gateway, "/login"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway
                        + "/slack/events")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("command=%2Fenclave")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(signIn.headers().allValues("Set-Cookie")).isEmpty();
    }

    /**
     * The README's first session with the broker authenticating every client: enclavectl logs in with the login the
     * suite left for it, its signed command is taken, and the enclave becomes ACTIVE through every service's login.
     */
    @Test
    void enclavectlsSignedCommandOverTheAuthenticatedBrokerMakesAnActiveEnclave() throws Exception {
        String kafka = "--bootstrap-servers=127.0.0.1:" + ports.get("kafka-port");
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = io.enclavesuite.ctl.EnclaveCtl.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(out, true));
        int exit = cli.execute("provision", "growth", "--channel", "C0GROWTH", "--channel-name", "growth",
                "--owner", "U0ALICE", kafka, "--timeout=60s",
                "--principal-key=" + dataDir.resolve("principals").resolve("enclavectl.key.pem"),
                "--kafka-config=" + dataDir.resolve("kafka-clients").resolve("enclavectl.properties"));
        assertThat(exit).as(out.toString()).isEqualTo(io.enclavesuite.ctl.EnclaveCtl.ACCEPTED);

        java.io.StringWriter token = new java.io.StringWriter();
        picocli.CommandLine tokens = io.enclavesuite.ctl.EnclaveCtl.commandLine();
        tokens.setOut(new java.io.PrintWriter(token, true));
        assertThat(tokens.execute("token", "--user", "U0ALICE",
                "--key-file=" + dataDir.resolve("api").resolve("token-key.pem"))).isZero();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest enclave = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("api-port")
                + "/api/enclaves/growth")).header("Authorization", "Bearer " + token.toString().strip()).GET().build();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() ->
                http.send(enclave, HttpResponse.BodyHandlers.ofString()).body().contains("\"status\":\"ACTIVE\""));

        // the gateway's and the console's own keys, made in the data folder, are trusted with no configuration
        for (String service : List.of("slack-gateway", "console")) {
            String serviceToken = io.enclavesuite.auth.ServiceTokenIssuer.loadOrCreate(service,
                    dataDir.resolve(service).resolve("token-key.pem")).mint("U0ALICE", java.time.Duration.ofMinutes(2));
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(enclave.uri())
                    .header("Authorization", "Bearer " + serviceToken).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as(service + ": " + read.body()).isEqualTo(200);
            HttpResponse<String> internal = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + ports.get("coordination-port") + "/internal/rooms/room-0/windows"))
                    .header("Authorization", "Bearer " + serviceToken).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(internal.statusCode()).as(service + ": " + internal.body()).isNotEqualTo(401);
        }
    }

    @Test
    void withoutALoginTheBrokerTellsNothing() {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", "127.0.0.1:" + ports.get("kafka-port"), "default.api.timeout.ms", 3_000,
                "request.timeout.ms", 2_000))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.listTopics().names().get())
                    .satisfies(EmbeddedKafkaAuthTest.refusedOrUnanswered());
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }

    /** Whether something accepts a TCP connection there. */
    private static boolean answers(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** The local addresses of the sockets in LISTEN state, by port, from /proc/net/tcp and tcp6 (Linux). */
    private static java.util.Map<Integer, List<String>> listeningAddresses() throws IOException {
        java.util.Map<Integer, List<String>> listening = new java.util.HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            java.nio.file.Path file = java.nio.file.Path.of(table);
            if (!java.nio.file.Files.exists(file)) {
                continue;
            }
            for (String line : java.nio.file.Files.readAllLines(file).subList(1, java.nio.file.Files.readAllLines(file).size())) {
                String[] fields = line.trim().split("\\s+");
                if (!fields[3].equals("0A")) {
                    continue; // not listening
                }
                String[] local = fields[1].split(":");
                listening.computeIfAbsent(Integer.parseInt(local[1], 16), p -> new java.util.ArrayList<>())
                        .add(address(local[0]));
            }
        }
        return listening;
    }

    /** A /proc/net address (little-endian 32-bit words of hex) as text; an IPv4-mapped IPv6 address as its IPv4. */
    private static String address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            return address.getHostAddress().replace("0:0:0:0:0:0:0:1", "::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLinkLocalAddress()).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
