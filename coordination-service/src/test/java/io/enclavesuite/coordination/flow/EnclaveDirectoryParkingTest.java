package io.enclavesuite.coordination.flow;

import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.eventtopics.ParkedEvent;
import io.enclavesuite.eventtopics.ParkedEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The enclave directory (who belongs to which team enclave, read from {@code enclave.events}) as an attacker and a
 * failing write meet it: a record naming a class outside the suite's events is parked and never loaded, a record
 * that cannot be read or whose write fails is parked with its enclave's later events, and the directory goes on with
 * the other enclaves; after the fix, a retry puts the parked events through in order.
 */
class EnclaveDirectoryParkingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String GROUP = "enclave-directory";
    private static final String OWNER = "U0ALICE";
    private static final String OPERATOR = "U0OPS";

    private static RunningCoordinationService service;
    private static KafkaProducer<String, byte[]> producer;
    private static final DefaultKafkaMessageConverter writer = DefaultKafkaMessageConverter.builder()
            .serializer(JacksonSerializer.builder().objectMapper(EnclaveJson.mapper()).build()).build();

    @BeforeAll
    static void start() {
        service = new RunningCoordinationService().start("--enclave.api.auth.operators=" + OPERATOR);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                service.infrastructure.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        service.close();
    }

    @Test
    void aRecordNamingAClassOutsideTheSuitesEventsIsParkedNeverLoadedAndTheDirectoryGoesOn() throws Exception {
        send(retyped(record("intruded", 0, provisioning("intruded")), "io.enclavesuite.coordination.flow.Detonator"));
        send(record("after-attack", 0, provisioning("after-attack")));

        await().atMost(PATIENCE).until(() -> members("after-attack").contains(OWNER));
        await().atMost(PATIENCE).until(() -> parked("intruded").size() == 1);
        assertThat(System.getProperty("io.enclavesuite.coordination.flow.Detonator"))
                .as("the gadget's initialiser ran").isNull();
        assertThat(members("intruded")).isEmpty();
        ParkedEvent refused = parked("intruded").get(0);
        assertThat(refused.type()).isEqualTo("\"io.enclavesuite.coordination.flow.Detonator\"");
        assertThat(refused.reason()).endsWith(": event type \"io.enclavesuite.coordination.flow.Detonator\" is not "
                + "one of the suite's events");
        assertThat(get("/actuator/health/parked")).contains("\"enclave-directory\":");
        assertThat(get("/actuator/prometheus"))
                .contains("enclave_read_side_dead_letters{application=\"coordination-service\",processing_group=\""
                        + GROUP + "\"}");

        // the operators' endpoint on the management port: named operators only, whoever else has a token
        assertThat(call("GET", "/actuator/deadletters/" + GROUP, null).statusCode()).isEqualTo(401);
        HttpResponse<String> notAnOperator = call("GET", "/actuator/deadletters/" + GROUP, OWNER);
        assertThat(notAnOperator.statusCode()).isEqualTo(403);
        assertThat(notAnOperator.body()).contains("only the operators named in enclave.api.auth.operators");
        HttpResponse<String> listed = call("GET", "/actuator/deadletters/" + GROUP, OPERATOR);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(refused.eventId()).contains("is not one of the suite's events");
        assertThat(call("DELETE", "/actuator/deadletters/" + GROUP + "/"
                + java.net.URLEncoder.encode(refused.eventId(), StandardCharsets.UTF_8), OWNER).statusCode())
                .isEqualTo(403);
        assertThat(parked("intruded")).hasSize(1);

        HttpResponse<String> dropped = call("DELETE", "/actuator/deadletters/" + GROUP + "/"
                + java.net.URLEncoder.encode(refused.eventId(), StandardCharsets.UTF_8), OPERATOR);
        assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
        assertThat(parked("intruded")).isEmpty();
    }

    private static HttpResponse<String> call(String method, String path, String as) throws Exception {
        String port = service.context().getEnvironment().getProperty("local.management.port");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (as != null) {
            request.header("Authorization", io.enclavesuite.testsupport.ApiTokens.bearer(as));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEventWhoseWriteFailsIsParkedWithItsEnclavesLaterEventsAndGoesThroughWhenRetriedAfterTheFix()
            throws Exception {
        // a fault in the directory's table for one enclave's member, as a bad migration or corrupt index would be
        service.database.execute("""
                create function coordination.refuse_poisoned() returns trigger language plpgsql as $$
                begin
                    if new.enclave = 'poisoned' and new.user_id = 'U0BOB' then
                        raise exception 'the directory refuses U0BOB in poisoned';
                    end if;
                    return new;
                end $$""");
        service.database.execute("""
                create trigger refuse_poisoned before insert on coordination.enclave_directory
                for each row execute function coordination.refuse_poisoned()""");
        send(record("poisoned", 0, provisioning("poisoned")));
        send(record("poisoned", 1, member("poisoned", "U0BOB")));
        send(record("poisoned", 2, member("poisoned", "U0CAROL")));
        send(record("healthy", 0, provisioning("healthy")));
        send(record("healthy", 1, member("healthy", "U0BOB")));

        await().atMost(PATIENCE).until(() -> members("healthy").contains("U0BOB"));
        await().atMost(PATIENCE).until(() -> parked("poisoned").size() == 2);
        List<ParkedEvent> parked = parked("poisoned");
        assertThat(parked.get(0).reason()).contains("the directory refuses U0BOB in poisoned");
        assertThat(parked.get(1).reason()).isEqualTo("waits behind an earlier parked event of the same aggregate");
        assertThat(members("poisoned")).containsExactly(OWNER);

        parkedEvents().retry(GROUP);
        assertThat(parked("poisoned")).hasSize(2);
        assertThat(members("poisoned")).containsExactly(OWNER);

        service.database.execute("drop trigger refuse_poisoned on coordination.enclave_directory");
        ParkedEvents.RetryOutcome retried = parkedEvents().retry(GROUP);

        assertThat(retried.sequencesRetried()).isPositive();
        assertThat(parked("poisoned")).isEmpty();
        assertThat(members("poisoned")).containsExactlyInAnyOrder(OWNER, "U0BOB", "U0CAROL");
    }

    @Test
    void anEventWhosePayloadCannotBeReadIsParkedAndTheDirectoryGoesOn() throws Exception {
        ProducerRecord<String, byte[]> garbled = record("garbled", 0, member("garbled", "U0BOB"));
        send(new ProducerRecord<>(garbled.topic(), null, garbled.key(),
                "{\"enclaveId\":\"garbled\",\"member\":\"not a user".getBytes(StandardCharsets.UTF_8),
                garbled.headers()));
        send(record("after-garble", 0, provisioning("after-garble")));

        await().atMost(PATIENCE).until(() -> members("after-garble").contains(OWNER));
        await().atMost(PATIENCE).until(() -> parked("garbled").size() == 1);
        assertThat(parked("garbled").get(0).type()).isEqualTo(MemberRegistered.class.getName());
    }

    private static ParkedEvents parkedEvents() {
        return service.context().getBean(ParkedEvents.class);
    }

    private static List<ParkedEvent> parked(String enclave) {
        return parkedEvents().list(GROUP, 1000).stream().filter(event -> event.sequence().equals(enclave)).toList();
    }

    private static List<String> members(String enclave) {
        return service.database.queryForList("select user_id from coordination.enclave_directory where enclave = ?",
                String.class, enclave);
    }

    private static String get(String path) throws Exception {
        String port = service.context().getEnvironment().getProperty("local.management.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static EnclaveProvisioningStarted provisioning(String enclave) {
        return new EnclaveProvisioningStarted(EnclaveId.of(enclave),
                new ChannelRef(ChannelId.of("C0" + enclave.toUpperCase().replace("-", "")), enclave), UserId.of(OWNER),
                QuotaPreset.DEFAULT, Mode.DEFAULT, "enclave-" + enclave, Instant.now());
    }

    private static MemberRegistered member(String enclave, String member) {
        return new MemberRegistered(EnclaveId.of(enclave), UserId.of(member), Instant.now());
    }

    /** The event as enclave-command's publisher puts it on the topic. */
    private static ProducerRecord<String, byte[]> record(String aggregate, long sequence, Object event) {
        return writer.createKafkaMessage(new GenericDomainEventMessage<>("Enclave", aggregate, sequence, event,
                MetaData.with("actor", OWNER), UUID.randomUUID().toString(), Instant.now()),
                service.topics.enclaveEvents());
    }

    private static ProducerRecord<String, byte[]> retyped(ProducerRecord<String, byte[]> record, String type) {
        record.headers().remove("axon-message-type");
        record.headers().add("axon-message-type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static void send(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(record).get();
    }
}
