package io.enclavesuite.command.kubernetes;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedServiceEgressTest {

    private static SharedServiceEgress bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("enclave.network", SharedServiceEgress.class);
    }

    @Test
    void byDefaultTheSuitesNamespaceOnItsServicePorts() {
        assertThat(bind(Map.of()).sharedServices()).containsExactly(
                new SharedServiceEgress.Destination("enclave-suite", Map.of(), null, List.of(5432, 9000, 4222)));
    }

    @Test
    void destinationsBindFromConfiguration() {
        var egress = bind(Map.of(
                "enclave.network.shared-services[0].namespace", "data",
                "enclave.network.shared-services[0].pod-labels.app", "postgres",
                "enclave.network.shared-services[0].ports[0]", "5432",
                "enclave.network.shared-services[1].cidr", "10.20.0.0/16",
                "enclave.network.shared-services[1].ports[0]", "443"));

        assertThat(egress.sharedServices()).containsExactly(
                new SharedServiceEgress.Destination("data", Map.of("app", "postgres"), null, List.of(5432)),
                new SharedServiceEgress.Destination(null, Map.of(), "10.20.0.0/16", List.of(443)));
    }

    @Test
    void aDestinationIsANamespaceOrACidrWithPorts() {
        assertThatThrownBy(() -> bind(Map.of("enclave.network.shared-services[0].ports[0]", "5432")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("either a namespace or a cidr");
        assertThatThrownBy(() -> bind(Map.of("enclave.network.shared-services[0].namespace", "data")))
                .rootCause().hasMessageContaining("lists its TCP ports");
    }
}
