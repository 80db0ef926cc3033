package io.enclavesuite.coordination.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.SilentServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * coordination-service started against a Kafka address where no broker answers: it starts (and keeps trying), is
 * alive — a restart would not bring Kafka back — but not ready, so Kubernetes sends it no traffic.
 */
class ReadinessWithoutKafkaTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SilentServer noBroker;
    private static RunningCoordinationService service;

    @BeforeAll
    static void start() {
        noBroker = SilentServer.start(); // held for the whole test: no other process can take the port meanwhile
        service = new RunningCoordinationService().start("--spring.kafka.bootstrap-servers=" + noBroker.address(),
                // creating the topics gives up after this instead of the default 30 s, and the start goes on
                "--spring.kafka.admin.operation-timeout=2s");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        noBroker.close();
    }

    @Test
    void readinessIsDownWithKafkaNamedAsTheReasonWhileLivenessStaysUp() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        HttpResponse<String> liveness = get("/actuator/health/liveness");

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        JsonNode ready = EnclaveJson.mapper().readTree(readiness.body());
        assertThat(ready.path("status").asText()).isEqualTo("DOWN");
        assertThat(ready.at("/components/kafka/status").asText()).isEqualTo("DOWN");
        assertThat(ready.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(liveness.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        int port = service.managementPort(); // the actuator's own port
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
