package io.enclavesuite.command.enclave;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.command.enclave.lifecycle.DeprovisioningSaga;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningSaga;
import io.enclavesuite.command.enclave.services.ObjectStorageSaga;
import io.enclavesuite.command.enclave.tentacle.TentacleSaga;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sagas' retry count moved into the shared retry skeleton: a saga stored before reads its count back, and one
 * stored now keeps it under the same name.
 */
class RetryingSagaStateTest {

    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();

    @Test
    void aStoredRetryCountReadsBackUnderItsName() {
        for (Class<?> sagaType : List.of(ProvisioningSaga.class, DeprovisioningSaga.class, ObjectStorageSaga.class,
                TentacleSaga.class)) {
            SerializedObject<String> stored = new SimpleSerializedObject<>("{\"failedAttempts\":2}", String.class,
                    new SimpleSerializedType(sagaType.getName(), null));
            Object saga = serializer.deserialize(stored);

            assertThat(serializer.serialize(saga, String.class).getData()).as(sagaType.getSimpleName())
                    .contains("\"failedAttempts\":2", "\"retryScheduled\":false");
        }
    }
}
