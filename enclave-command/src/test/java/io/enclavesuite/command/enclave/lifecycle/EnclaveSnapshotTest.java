package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots store the aggregate through the same Jackson serializer as events: every field a decision needs must
 * survive the round trip, or a busy enclave would "forget" its members after its hundredth event.
 */
class EnclaveSnapshotTest {

    @Test
    void anEnclaveReadBackFromItsSnapshotHoldsTheSameState() {
        Enclave enclave = new Enclave();
        // as Axon sources it: the root's handlers, then its membership's and its tentacles'
        AggregateModel<Enclave> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Enclave.class);
        for (Object event : List.of(started(), activated(), registered(BOB), registered(DAVE),
                deployedCron(DAVE, Mode.PRIVATE), deployedService(BOB, Mode.MEMBER_EDIT, 0, 2),
                new TentacleRemoved(ID, API, T0, 0, BOB), // kept for Bob: which data is whose survives too
                new TentacleRunRequested(ID, REPORT, 2, T0), new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0),
                new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0),
                new DeprovisionRequested(ID, ALICE, "abc", T0.plusSeconds(300), T0))) {
            model.publish(GenericEventMessage.asEventMessage(event), enclave);
        }

        // configured as Axon's Spring Boot auto-configuration configures it: Spring's ObjectMapper, no default typing
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
                .build();
        SerializedObject<String> snapshot = serializer.serialize(enclave, String.class);
        Enclave restored = serializer.deserialize(snapshot);

        assertThat(snapshot.getData()).contains("\"members\"", "\"tentacles\"", "\"tentacleData\"",
                "\"keeper\":\"U0BOB\"", "\"frozenFor\":[\"channel-archived\",\"owner-request\"]");
        assertThat(restored).usingRecursiveComparison().isEqualTo(enclave);
    }

    /**
     * Snapshots taken before the Enclave moved to its feature package and held its membership and tentacles as
     * entities name a class that no longer exists; Axon would not fail on them but build an empty enclave and
     * apply only the events after the snapshot. The aggregate's revision makes Axon's snapshot filter pass them
     * over, so such an enclave is sourced from all its events and snapshotted again.
     */
    @Test
    void aSnapshotOfAnEarlierRevisionIsPassedOver() {
        SnapshotFilter filter = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine())
                .configureAggregate(Enclave.class)
                .buildConfiguration()
                .snapshotFilter();

        assertThat(filter.allow(snapshot("io.enclavesuite.command.lifecycle.Enclave", null))).isFalse();
        assertThat(filter.allow(snapshot(Enclave.class.getName(), "2"))).isFalse(); // before tentacle data generations
        assertThat(filter.allow(snapshot(Enclave.class.getName(), "3"))).isFalse(); // one freeze reason, not each
        assertThat(filter.allow(snapshot(Enclave.class.getName(), "4"))).isTrue();
    }

    private static DomainEventData<?> snapshot(String payloadType, String revision) {
        return new GenericDomainEventEntry<>("Enclave", ID.value(), 99, "snapshot-1", T0.toString(), payloadType,
                revision, "{}", "{}");
    }
}
