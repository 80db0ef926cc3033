package io.enclavesuite.command.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static io.enclavesuite.command.lifecycle.EnclaveFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots store the aggregate through the same Jackson serializer as events: every field a decision needs must
 * survive the round trip, or a busy enclave would "forget" its members after its hundredth event.
 */
class EnclaveSnapshotTest {

    @Test
    void anEnclaveReadBackFromItsSnapshotHoldsTheSameState() {
        Enclave enclave = new Enclave();
        enclave.on(started());
        enclave.on(activated());
        enclave.on(registered(BOB));
        enclave.on(registered(DAVE));
        enclave.on(deployedCron(DAVE, Mode.PRIVATE));
        enclave.on(deployedService(BOB, Mode.MEMBER_EDIT));
        enclave.on(new TentacleRunRequested(ID, REPORT, 2, T0));
        enclave.on(new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0));
        enclave.on(new DeprovisionRequested(ID, ALICE, "abc", T0.plusSeconds(300), T0));

        // configured as Axon's Spring Boot auto-configuration configures it: Spring's ObjectMapper, no default typing
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
                .build();
        SerializedObject<String> snapshot = serializer.serialize(enclave, String.class);
        Enclave restored = serializer.deserialize(snapshot);

        assertThat(snapshot.getData()).contains("\"members\"", "\"tentacles\"", "\"frozenFor\"");
        assertThat(restored).usingRecursiveComparison().isEqualTo(enclave);
    }
}
