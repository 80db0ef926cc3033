package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.suite.SuiteApplication;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.CommandChannel;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The command and query services as two Spring contexts in this JVM, wired to the test infrastructure (real
 * PostgreSQL, a real Kafka broker, a Kubernetes API) with a database and topic prefix of their own — plus a
 * Kafka client that sends envelopes and collects what comes back.
 */
final class SuiteUnderTest implements AutoCloseable {

    final TestInfrastructure infrastructure = TestInfrastructure.get();
    final String jdbcUrl = infrastructure.newDatabase();
    final TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
    final JdbcTemplate database;
    private final ObjectMapper json = EnclaveJson.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    final CommandChannel channel;
    ConfigurableApplicationContext command;
    ConfigurableApplicationContext query;
    ConfigurableApplicationContext coordination;
    ConfigurableApplicationContext gateway;
    ConfigurableApplicationContext console;

    SuiteUnderTest() {
        database = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword()));
        channel = new CommandChannel(infrastructure.kafkaBootstrapServers(), topics, "suite-test");
    }

    /**
     * Starts a service with the test's infrastructure, as the suite runs it; command-line arguments win over its own
     * yml.
     */
    ConfigurableApplicationContext start(org.springframework.boot.builder.SpringApplicationBuilder service,
                                         Class<?>... extraConfiguration) {
        return start(service, List.of(), extraConfiguration);
    }

    /** As {@link #start(org.springframework.boot.builder.SpringApplicationBuilder, Class[])}, with more arguments. */
    ConfigurableApplicationContext start(org.springframework.boot.builder.SpringApplicationBuilder service,
                                         List<String> moreArgs, Class<?>... extraConfiguration) {
        List<String> args = new ArrayList<>();
        // an argument given here replaces the infrastructure's value (Spring would join two values of one option)
        java.util.Set<String> overridden = new java.util.HashSet<>();
        moreArgs.forEach(arg -> overridden.add(arg.substring(2, arg.contains("=") ? arg.indexOf('=') : arg.length())));
        for (Map.Entry<String, Object> property : infrastructure.springProperties(jdbcUrl, topics.prefix()).entrySet()) {
            if (!overridden.contains(property.getKey())) {
                args.add("--" + property.getKey() + "=" + property.getValue());
            }
        }
        args.add("--server.port=0");
        args.add("--enclave.api.auth.operators=" + OPERATOR);
        args.addAll(moreArgs);
        return SuiteApplication.withoutDefaultWebSecurity(service).sources(extraConfiguration)
                .run(args.toArray(String[]::new));
    }

    /**
     * An enclave-command context on this suite's database, topics and intake consumer group, with the service's own
     * node id: the first one, or the service started again after a kill. The caller keeps and closes it.
     */
    ConfigurableApplicationContext startCommand(Class<?>... extraConfiguration) {
        return start(EnclaveCommandApplication.application(), extraConfiguration);
    }

    /** As {@link #startCommand(Class[])}, as the replica {@code nodeId} beside any other running here. */
    ConfigurableApplicationContext startCommand(String nodeId, Class<?>... extraConfiguration) {
        return start(EnclaveCommandApplication.application(), List.of("--enclave.replicas.node-id=" + nodeId),
                extraConfiguration);
    }

    SuiteUnderTest startAll() {
        command = start(EnclaveCommandApplication.application());
        query = start(EnclaveQueryApplication.application());
        return this;
    }

    /** All three services, as {@code bin/enclave-suite} runs them. */
    SuiteUnderTest startWithCoordination() {
        command = start(EnclaveCommandApplication.application());
        coordination = start(io.enclavesuite.coordination.CoordinationServiceApplication.application());
        query = start(EnclaveQueryApplication.application());
        return this;
    }

    /**
     * The Slack gateway, as the suite runs it, talking to {@code slack} (a local stand-in for Slack's Web API),
     * reading from this suite's read side and, when it runs, asking its coordination-service for proposals' times;
     * requests to it are signed with {@link io.enclavesuite.testsupport.SlackRequests#SECRET}.
     */
    io.enclavesuite.testsupport.SlackRequests startGateway(io.enclavesuite.testsupport.SlackStandIn slack) {
        int queryPort = ((WebServerApplicationContext) query).getWebServer().getPort();
        List<String> args = new ArrayList<>(List.of(
                "--enclave.slack.signing-secret=" + io.enclavesuite.testsupport.SlackRequests.SECRET,
                "--enclave.slack.bot-token=xoxb-test",
                "--enclave.slack.web-api-url=" + slack.webApiUrl(),
                "--enclave.slack.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("slack-gateway"),
                "--enclave.slack.query-url=http://localhost:" + queryPort));
        if (coordination != null) {
            // the times of a room's proposals, which only coordination-service opens
            args.add("--enclave.slack.coordination-url=http://localhost:"
                    + ((WebServerApplicationContext) coordination).getWebServer().getPort());
        }
        gateway = start(io.enclavesuite.slack.SlackGatewayApplication.application(), args);
        return new io.enclavesuite.testsupport.SlackRequests(((WebServerApplicationContext) gateway).getWebServer().getPort());
    }

    /**
     * The web console, as the suite runs it on a machine without a Slack app: local sign-in with the machine's secret
     * {@link #CONSOLE_SECRET}, each person with their own code ({@link #consoleCode}), reading this suite's read side.
     * Returns its address.
     */
    URI startConsole() throws java.io.IOException {
        int queryPort = ((WebServerApplicationContext) query).getWebServer().getPort();
        java.nio.file.Path codeFile = java.nio.file.Files.createTempDirectory("console").resolve("local-sign-in-code");
        java.nio.file.Files.writeString(codeFile, CONSOLE_SECRET + "\n");
        List<String> args = new ArrayList<>(List.of(
                "--enclave.console.query-url=http://localhost:" + queryPort,
                "--enclave.console.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("console"),
                "--enclave.console.local-sign-in.enabled=true",
                "--enclave.console.local-sign-in.code-file=" + codeFile));
        // the receipts page downloads a receipt's events from the write service that owns its stream
        args.add("--enclave.console.receipts.command-url=http://localhost:" + port(command));
        if (coordination != null) {
            args.add("--enclave.console.receipts.coordination-url=http://localhost:" + port(coordination));
        }
        console = start(io.enclavesuite.console.ConsoleApplication.application(), args);
        return URI.create("http://localhost:" + ((WebServerApplicationContext) console).getWebServer().getPort());
    }

    private static int port(ConfigurableApplicationContext service) {
        return ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    /** The machine's local sign-in secret of {@link #startConsole()}'s console: it signs no one in itself. */
    static final String CONSOLE_SECRET = "test-local-sign-in-secret-0123456789abcdef";

    /**
     * {@code user}'s own code for {@link #startConsole()}'s console, whole ({@code U….<mac>}: the console reads the
     * person from it), as {@code enclavectl console-code} prints it.
     */
    static String consoleCode(String user) {
        return io.enclavesuite.auth.LocalSignInCodes.of(CONSOLE_SECRET).codeFor(user);
    }

    /** An envelope sent from the channel the payload names (as the Slack gateway would), or from none. */
    CommandEnvelope envelope(UUID commandId, String type, String payloadJson) throws Exception {
        var payload = json.readTree(payloadJson);
        String channel = payload.path("channel").path("id").asText(null);
        return envelope(commandId, type, payloadJson, channel);
    }

    CommandEnvelope envelope(UUID commandId, String type, String payloadJson, String fromChannel) throws Exception {
        return envelope(commandId, type, payloadJson, fromChannel, "U0ALICE");
    }

    CommandEnvelope envelope(UUID commandId, String type, String payloadJson, String fromChannel, String actor)
            throws Exception {
        return channel.envelope(commandId, type, payloadJson, fromChannel, actor);
    }

    /** Sends one command as {@code actor} from {@code fromChannel} and waits for its result. */
    CommandResult execute(String key, String type, String payloadJson, String actor, String fromChannel)
            throws Exception {
        return channel.execute(key, type, payloadJson, actor, fromChannel);
    }

    void send(String key, CommandEnvelope envelope) throws Exception {
        channel.send(key, envelope);
    }

    void sendRaw(String key, String value) throws Exception {
        channel.sendRaw(topics.commands(), key, value);
    }

    List<CommandResult> resultsFor(UUID commandId) {
        return channel.resultsFor(commandId);
    }

    List<DeadLetter> deadLetters() {
        return channel.deadLetters();
    }

    long storedEvents(String aggregateId) {
        return database.queryForObject(
                "select count(*) from enclave_command.domainevententry where aggregateidentifier = ?",
                Long.class, aggregateId);
    }

    /** The payload types of an aggregate's events, in order. */
    List<String> storedEventTypes(String aggregateId) {
        return database.queryForList("""
                        select payloadtype from enclave_command.domainevententry where aggregateidentifier = ?
                        order by sequencenumber""", String.class, aggregateId);
    }

    /** The one person who may rebuild the read models here. */
    static final String OPERATOR = "U0OPS";

    /** The events one provisioning stores: started, activated, then (asynchronously) the bucket made. */
    static final List<String> PROVISIONED = List.of("io.enclavesuite.api.enclave.EnclaveProvisioningStarted",
            "io.enclavesuite.api.enclave.EnclaveActivated", "io.enclavesuite.api.service.SharedServiceReady");

    long storedEvents() {
        return database.queryForObject("select count(*) from enclave_command.domainevententry", Long.class);
    }

    /** A read API request as {@code reader}, with a bearer token minted for them as {@code enclavectl token} does. */
    HttpResponse<String> get(String path, String reader) throws Exception {
        return http.send(request(path).header("Authorization", ApiTokens.bearer(reader)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without a body to the read side's operator endpoints, as {@code reader}. */
    HttpResponse<String> post(String path, String reader) throws Exception {
        return http.send(request(path).header("Authorization", ApiTokens.bearer(reader))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request without a token: what the read API answers anyone (the OpenAPI document, the receipt keys). */
    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        int port = ((WebServerApplicationContext) query).getWebServer().getPort();
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    /** The read side's actuator (probes, Prometheus, replay) as {@code reader}, or without a token when null. */
    HttpResponse<String> actuator(String path, String reader) throws Exception {
        return http.send(management(query, path, reader).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without a body to the read side's actuator (a rebuild), as {@code reader}. */
    HttpResponse<String> actuatorPost(String path, String reader) throws Exception {
        return http.send(management(query, path, reader).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder management(ConfigurableApplicationContext service, String path, String reader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort(service)
                + path)).GET();
        return reader == null ? request : request.header("Authorization", ApiTokens.bearer(reader));
    }

    /** Where a service's actuator answers: its management port, apart from the API's (management.server.port). */
    static int managementPort(ConfigurableApplicationContext service) {
        return service.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (query != null) {
            query.close();
        }
        if (coordination != null) {
            coordination.close();
        }
        if (command != null) {
            command.close();
        }
        channel.close();
    }
}
