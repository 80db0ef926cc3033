package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.command.database.TentacleData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.modelling.saga.AssociationResolver;

/**
 * Associates a removal and a deployment with the saga that keeps one generation of a tentacle's data: the enclave and
 * the data's name ({@code growth/report}, {@code growth/report_5}). Generation 0's key is the tentacle's
 * ({@link TentacleAssociation}), so sagas stored before generations still meet the deployment that takes their data
 * back.
 */
public class TentacleDataAssociation implements AssociationResolver {

    @Override
    public <T> void validate(String associationPropertyName, MessageHandlingMember<T> handler) {
        // only removals and deployments carry a data generation; resolve() fails loudly on anything else
    }

    @Override
    public <T> Object resolve(String associationPropertyName, EventMessage<?> message, MessageHandlingMember<T> handler) {
        Object payload = message.getPayload();
        if (payload instanceof TentacleRemoved removed) {
            return key(removed.enclaveId().value(), new TentacleData(removed.tentacle(),
                    TentacleDataGenerations.generationOf(removed.dataGeneration())));
        }
        if (payload instanceof TentacleDeployed deployed) {
            return key(deployed.enclaveId().value(), new TentacleData(deployed.tentacle(),
                    TentacleDataGenerations.generationOf(deployed.dataGeneration())));
        }
        throw new IllegalArgumentException(payload.getClass().getSimpleName()
                + " names no generation of a tentacle's data");
    }

    private static String key(String enclave, TentacleData data) {
        return enclave + "/" + data.name();
    }
}
