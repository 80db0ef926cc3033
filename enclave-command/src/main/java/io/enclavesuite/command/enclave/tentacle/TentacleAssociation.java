package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.modelling.saga.AssociationResolver;

import java.lang.reflect.RecordComponent;

/**
 * Associates tentacle events with the saga of one tentacle: a tentacle is known by its enclave and its name
 * together ({@code growth/report}), which no single event property holds.
 */
public class TentacleAssociation implements AssociationResolver {

    static final String KEY = "tentacleKey";

    static String key(EnclaveId enclave, TentacleName tentacle) {
        return enclave.value() + "/" + tentacle.value();
    }

    @Override
    public <T> void validate(String associationPropertyName, MessageHandlingMember<T> handler) {
        // every tentacle event is a record with enclaveId and tentacle; resolve() fails loudly otherwise
    }

    @Override
    public <T> Object resolve(String associationPropertyName, EventMessage<?> message, MessageHandlingMember<T> handler) {
        Object payload = message.getPayload();
        return key((EnclaveId) component(payload, "enclaveId"), (TentacleName) component(payload, "tentacle"));
    }

    private static Object component(Object record, String name) {
        if (record.getClass().isRecord()) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (component.getName().equals(name)) {
                    try {
                        return component.getAccessor().invoke(record);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + name + " of " + record.getClass(), e);
                    }
                }
            }
        }
        throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no " + name
                + ": it is not a tentacle event");
    }
}
