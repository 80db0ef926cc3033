package io.enclavesuite.suite;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteSettingsTest {

    @Test
    void defaultsAreTheEmbeddedOnes() {
        SuiteSettings settings = SuiteSettings.from(new String[0], Map.of(), Map.of());

        assertThat(settings.dataDir()).isEqualTo(Path.of(".enclave-data").toAbsolutePath().normalize());
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.apiPort()).isEqualTo(8080);
        assertThat(settings.externalDatasourceUrl()).isEmpty();
        assertThat(settings.externalKafka()).isEmpty();
        assertThat(settings.objectStorePort()).isEqualTo(8083);
        assertThat(settings.externalObjectStore()).isEmpty();
        assertThat(settings.topicPrefix()).isEmpty();
        assertThat(settings.serviceArguments()).isEmpty();
        assertThat(settings.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.managementPorts()).isEqualTo(new SuiteSettings.ManagementPorts(9080, 9081, 9082, 9084, 9086));
    }

    @Test
    void everyServiceListensOnTheBindAddressWithItsActuatorOnAPortOfItsOwn() {
        SuiteSettings loopback = SuiteSettings.from(new String[]{"--enclave.snapshot-threshold=50"}, Map.of(), Map.of());
        assertThat(SuiteApplication.serviceArguments(java.util.List.of("--infrastructure=x"), loopback, 8082, 9082))
                .containsExactly("--infrastructure=x", "--server.port=8082", "--server.address=127.0.0.1",
                        "--management.server.port=9082", "--management.server.address=127.0.0.1",
                        "--enclave.snapshot-threshold=50");

        SuiteSettings everywhere = SuiteSettings.from(new String[]{"--enclave.suite.bind-address=0.0.0.0",
                "--api-management-port=19080"}, Map.of("ENCLAVE_SLACK_MANAGEMENT_PORT", "19084"), Map.of());
        assertThat(everywhere.bindAddress().isAnyLocalAddress()).isTrue();
        assertThat(everywhere.connectHost()).isEqualTo("127.0.0.1");
        assertThat(everywhere.managementPorts()).isEqualTo(new SuiteSettings.ManagementPorts(19080, 9081, 9082, 19084, 9086));
        assertThat(everywhere.serviceArguments()).as("the launcher's own settings").isEmpty();
        assertThat(SuiteSettings.from(new String[0], Map.of("ENCLAVE_SUITE_BIND_ADDRESS", "192.0.2.7"), Map.of())
                .connectHost()).isEqualTo("192.0.2.7");
        assertThat(SuiteSettings.from(new String[]{"--enclave.suite.bind-address=::1"}, Map.of(), Map.of())
                .connectHost()).isEqualTo("[0:0:0:0:0:0:0:1]");
        assertThatThrownBy(() -> SuiteSettings.from(new String[]{"--enclave.suite.bind-address=example.com"},
                Map.of(), Map.of())).hasMessageContaining("not an IP address");
    }

    @Test
    void systemPropertiesComeBetweenArgumentsAndEnvironment() {
        SuiteSettings settings = SuiteSettings.from(new String[]{"--enclave.kafka.topic-prefix=mine."},
                Map.of("SPRING_KAFKA_BOOTSTRAP_SERVERS", "env-kafka:9092", "SPRING_DATASOURCE_URL", "jdbc:postgresql://env/db",
                        "ENCLAVE_KAFKA_TOPIC_PREFIX", "env."),
                Map.of("spring.datasource.url", "jdbc:postgresql://property/db"));

        assertThat(settings.externalDatasourceUrl()).contains("jdbc:postgresql://property/db");
        assertThat(settings.externalKafka()).contains("env-kafka:9092");
        assertThat(settings.topicPrefix()).isEqualTo("mine.");
    }

    @Test
    void argumentsWinOverEnvironmentAndUnknownOnesGoToTheServices() {
        SuiteSettings settings = SuiteSettings.from(new String[]{"--data-dir=/srv/enclaves", "--kafka-port=19092",
                "--spring.kafka.bootstrap-servers=kafka:9092", "--enclave.snapshot-threshold=50"},
                Map.of("ENCLAVE_DATA_DIR", "/elsewhere", "SPRING_DATASOURCE_URL", "jdbc:postgresql://db/enclaves"),
                Map.of());

        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/enclaves"));
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.externalKafka()).contains("kafka:9092");
        assertThat(settings.externalDatasourceUrl()).contains("jdbc:postgresql://db/enclaves");
        assertThat(settings.serviceArguments())
                .containsExactly("--spring.kafka.bootstrap-servers=kafka:9092", "--enclave.snapshot-threshold=50");
    }

    @Test
    void anExternalObjectStoreReplacesTheEmbeddedOneAndReachesTheServices() {
        SuiteSettings settings = SuiteSettings.from(new String[]{"--object-store-port=19000"},
                Map.of("ENCLAVE_OBJECT_STORAGE_ENDPOINT", "http://minio:9000"), Map.of());
        assertThat(settings.objectStorePort()).isEqualTo(19000);
        assertThat(settings.externalObjectStore()).contains("http://minio:9000");
        assertThat(settings.serviceArguments()).isEmpty(); // the port is the launcher's; the services read the variable

        SuiteSettings argument = SuiteSettings.from(new String[]{"--enclave.object-storage.endpoint=http://s3:9000"},
                Map.of(), Map.of());
        assertThat(argument.externalObjectStore()).contains("http://s3:9000");
        assertThat(argument.serviceArguments()).containsExactly("--enclave.object-storage.endpoint=http://s3:9000");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> SuiteSettings.from(new String[]{"verbose"}, Map.of(), Map.of()))
                .hasMessage("arguments are --name=value; got 'verbose'");
        assertThatThrownBy(() -> SuiteSettings.from(new String[]{"--api-port=http"}, Map.of(), Map.of()))
                .hasMessage("'http' is not a port number");
    }
}
