package io.enclavesuite.suite;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteSettingsTest {

    @Test
    void defaultsAreTheEmbeddedOnes() {
        SuiteSettings settings = SuiteSettings.from(new String[0], Map.of());

        assertThat(settings.dataDir()).isEqualTo(Path.of(".enclave-data").toAbsolutePath().normalize());
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.apiPort()).isEqualTo(8080);
        assertThat(settings.externalDatasourceUrl()).isEmpty();
        assertThat(settings.externalKafka()).isEmpty();
        assertThat(settings.serviceArguments()).isEmpty();
    }

    @Test
    void argumentsWinOverEnvironmentAndUnknownOnesGoToTheServices() {
        SuiteSettings settings = SuiteSettings.from(new String[]{"--data-dir=/srv/enclaves", "--kafka-port=19092",
                "--spring.kafka.bootstrap-servers=kafka:9092", "--enclave.snapshot-threshold=50"},
                Map.of("ENCLAVE_DATA_DIR", "/elsewhere", "SPRING_DATASOURCE_URL", "jdbc:postgresql://db/enclaves"));

        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/enclaves"));
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.externalKafka()).contains("kafka:9092");
        assertThat(settings.externalDatasourceUrl()).contains("jdbc:postgresql://db/enclaves");
        assertThat(settings.serviceArguments())
                .containsExactly("--spring.kafka.bootstrap-servers=kafka:9092", "--enclave.snapshot-threshold=50");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> SuiteSettings.from(new String[]{"verbose"}, Map.of()))
                .hasMessage("arguments are --name=value; got 'verbose'");
        assertThatThrownBy(() -> SuiteSettings.from(new String[]{"--api-port=http"}, Map.of()))
                .hasMessage("'http' is not a port number");
    }
}
