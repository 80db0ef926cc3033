package io.enclavesuite.coordination.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.coordination.CoordinationServiceApplication;
import io.enclavesuite.testsupport.CommandChannel;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * coordination-service as its own Spring context on the test infrastructure (real PostgreSQL and Kafka), with a
 * database and topic prefix of its own, and a Kafka client that sends envelopes and collects the answers. The
 * service can be stopped and started again on the same database, as a restart would.
 */
final class RunningCoordinationService implements AutoCloseable {

    final TestInfrastructure infrastructure = TestInfrastructure.get();
    final String jdbcUrl = infrastructure.newDatabase();
    final TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
    final JdbcTemplate database;
    final CommandChannel channel;
    private final ObjectMapper json = EnclaveJson.mapper();
    private ConfigurableApplicationContext service;
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    RunningCoordinationService() {
        database = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword()));
        channel = new CommandChannel(infrastructure.kafkaBootstrapServers(), topics, "coordination-test");
    }

    /** @param extraArguments {@code --name=value} arguments, added to or replacing the test infrastructure's */
    RunningCoordinationService start(String... extraArguments) {
        service = run(extraArguments);
        return this;
    }

    /**
     * One more replica beside {@link #start}'s (or instead of it): its own Spring context on the same database,
     * topics and intake consumer group, named {@code nodeId} in the token and replica tables. Closed with this.
     */
    ConfigurableApplicationContext startReplica(String nodeId, String... extraArguments) {
        List<String> args = new ArrayList<>(List.of(extraArguments));
        args.add("--enclave.replicas.node-id=" + nodeId);
        ConfigurableApplicationContext replica = run(args.toArray(String[]::new));
        replicas.add(replica);
        return replica;
    }

    private ConfigurableApplicationContext run(String... extraArguments) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, Object> property : infrastructure.springProperties(jdbcUrl, topics.prefix()).entrySet()) {
            String argument = "--" + property.getKey() + "=";
            // an extra argument replaces the infrastructure's value (a repeated argument would be joined with a comma)
            if (Stream.of(extraArguments).noneMatch(extra -> extra.startsWith(argument))) {
                args.add(argument + property.getValue());
            }
        }
        args.add("--server.port=0");
        args.addAll(List.of(extraArguments));
        return CoordinationServiceApplication.application().run(args.toArray(String[]::new));
    }

    void stop() {
        service.close();
        service = null;
    }

    /** The service's own KEKs: what a test needs, beside the database, to open a room as the service does. */
    io.enclavesuite.coordination.sealing.KeyWrapping keyWrapping() {
        return service.getBean(io.enclavesuite.coordination.sealing.KeyWrapping.class);
    }

    ConfigurableApplicationContext context() {
        return service;
    }

    /** Where the actuator answers: the management port, apart from the API's (management.server.port). */
    int managementPort() {
        return service.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    CommandResult execute(String key, Object command, String actor) throws Exception {
        return channel.execute(key, command.getClass().getSimpleName(), json.writeValueAsString(command), actor, null);
    }

    /** A command of {@code type} with its payload as given: what a sender that gets the shape wrong sends. */
    CommandResult execute(String key, String type, String payload, String actor) throws Exception {
        return channel.execute(key, type, payload, actor, null);
    }

    /** The payload types of a room's (or policy's) events, in order, straight from the event store. */
    List<String> eventTypes(String aggregateId) {
        return database.queryForList("""
                        select payloadtype from coordination.domainevententry where aggregateidentifier = ?
                        order by sequencenumber""", String.class, aggregateId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** The payload of the last event of a type, as stored. */
    JsonNode lastEvent(String aggregateId, String simpleType) throws Exception {
        List<byte[]> payloads = database.queryForList("""
                        select payload from coordination.domainevententry
                        where aggregateidentifier = ? and payloadtype like ? order by sequencenumber desc""",
                byte[].class, aggregateId, "%." + simpleType);
        return json.readTree(new String(payloads.get(0), StandardCharsets.UTF_8));
    }

    /**
     * {@code windows} as {@code participant}'s agent sends them: sealed to the public key the room announced when it
     * opened (its {@code CoordinationOpened}), never in clear.
     */
    io.enclavesuite.api.coordination.SubmitWindows sealedWindows(
            io.enclavesuite.api.coordination.CoordinationId room, String participant,
            List<io.enclavesuite.api.coordination.TimeWindow> windows) throws Exception {
        String roomKey = lastEvent(room.value(), "CoordinationOpened").path("roomKey").asText();
        return new io.enclavesuite.api.coordination.SubmitWindows(room, io.enclavesuite.trust.RoomSeals.sealWindows(
                roomKey, room, io.enclavesuite.api.enclave.UserId.of(participant), windows));
    }

    /** A slot sealed by {@code participant}'s agent to the room's key, as ProposeSlot and CounterSlot carry it. */
    io.enclavesuite.api.coordination.SealedSlot sealedSlot(io.enclavesuite.api.coordination.CoordinationId room,
                                                           String participant,
                                                           io.enclavesuite.api.coordination.TimeWindow slot)
            throws Exception {
        String roomKey = lastEvent(room.value(), "CoordinationOpened").path("roomKey").asText();
        return io.enclavesuite.trust.RoomSeals.sealSlot(roomKey, room, io.enclavesuite.api.enclave.UserId.of(participant),
                slot);
    }

    /** The metadata of the first event of a type, as stored. */
    JsonNode firstMetadata(String aggregateId, String simpleType) throws Exception {
        List<byte[]> metadata = database.queryForList("""
                        select metadata from coordination.domainevententry
                        where aggregateidentifier = ? and payloadtype like ? order by sequencenumber""",
                byte[].class, aggregateId, "%." + simpleType);
        return json.readTree(new String(metadata.get(0), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
        replicas.forEach(ConfigurableApplicationContext::close);
        channel.close();
    }
}
