package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.TentacleData;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The desired state of one tentacle's workload, as the tentacle saga knows it from the events.
 *
 * @param schedule    null for a long-running Deployment, a cron schedule for a CronJob
 * @param suspended   the enclave is frozen: a CronJob is created or kept suspended
 * @param deployedBy  the actor who deployed (or last updated) the tentacle, for the annotation
 * @param deployedVia how the command arrived ({@code slack}, {@code kafka:<service>}), for the annotation
 * @param schemaAccess other tentacles that may use this one's schema, and how, each by the name of the data its
 *                     deployment uses ({@link TentacleData#name()}: the tentacle's name for generation 0)
 * @param dataGeneration which generation of the tentacle's data the deployment uses ({@link TentacleData}); 0 in
 *                       sagas stored before generations
 * @param deployment   the deployment its credentials are derived from; 0 in sagas stored before deployments were
 *                     numbered
 */
public record TentacleWorkload(EnclaveId enclave, TentacleName name, ContainerImage image, CronSchedule schedule,
                               boolean suspended, UserId owner, Mode mode, String deployedBy, String deployedVia,
                               List<Dependency> dependencies, Map<String, SchemaAccess> schemaAccess,
                               Integer dataGeneration, Integer deployment) {

    /** A workload whose schema is shared with nobody, of the tentacle's first data and an unnumbered deployment. */
    public TentacleWorkload(EnclaveId enclave, TentacleName name, ContainerImage image, CronSchedule schedule,
                            boolean suspended, UserId owner, Mode mode, String deployedBy, String deployedVia,
                            List<Dependency> dependencies) {
        this(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia, dependencies, Map.of(),
                0, 0);
    }

    public TentacleWorkload {
        Objects.requireNonNull(enclave, "enclave");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deployedBy, "deployedBy");
        Objects.requireNonNull(deployedVia, "deployedVia");
        dependencies = List.copyOf(dependencies);
        schemaAccess = schemaAccess == null ? Map.of() : Map.copyOf(schemaAccess); // null in sagas stored before it
        dataGeneration = dataGeneration == null ? 0 : dataGeneration;
        deployment = deployment == null ? 0 : deployment;
    }

    /** The schema, role and storage prefix the deployment uses. */
    public TentacleData data() {
        return new TentacleData(name, dataGeneration);
    }

    /** This workload as another deployment, with the data it uses. */
    public TentacleWorkload deployedAs(int dataGeneration, int deployment) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess, dataGeneration, deployment);
    }

    public boolean scheduled() {
        return schedule != null;
    }

    public TentacleWorkload withSuspended(boolean suspended) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess, dataGeneration, deployment);
    }

    /** The spec after an update by {@code deployedBy} through {@code deployedVia}. */
    public TentacleWorkload withSpec(ContainerImage image, CronSchedule schedule, List<Dependency> dependencies,
                                     String deployedBy, String deployedVia) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess, dataGeneration, deployment);
    }

    public TentacleWorkload withMode(Mode mode) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess, dataGeneration, deployment);
    }

    /**
     * Shares the schema with {@code grantee}, the data its deployment uses ({@code null} access: shares it no more,
     * whichever generation had it).
     */
    public TentacleWorkload withSchemaAccess(TentacleData grantee, SchemaAccess access) {
        Map<String, SchemaAccess> grants = new HashMap<>(schemaAccess);
        grants.keySet().removeIf(data -> TentacleData.parse(data).tentacle().equals(grantee.tentacle()));
        if (access != null) {
            grants.put(grantee.name(), access);
        }
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, grants, dataGeneration, deployment);
    }

    public TentacleWorkload withOwner(UserId owner) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess, dataGeneration, deployment);
    }
}
