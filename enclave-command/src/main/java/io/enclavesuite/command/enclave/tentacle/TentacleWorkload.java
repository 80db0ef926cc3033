package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.TentacleName;

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
 * @param schemaAccess other tentacles (by name) that may use this one's schema, and how
 */
public record TentacleWorkload(EnclaveId enclave, TentacleName name, ContainerImage image, CronSchedule schedule,
                               boolean suspended, UserId owner, Mode mode, String deployedBy, String deployedVia,
                               List<Dependency> dependencies, Map<String, SchemaAccess> schemaAccess) {

    /** A workload whose schema is shared with nobody. */
    public TentacleWorkload(EnclaveId enclave, TentacleName name, ContainerImage image, CronSchedule schedule,
                            boolean suspended, UserId owner, Mode mode, String deployedBy, String deployedVia,
                            List<Dependency> dependencies) {
        this(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia, dependencies, Map.of());
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
    }

    public boolean scheduled() {
        return schedule != null;
    }

    public TentacleWorkload withSuspended(boolean suspended) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess);
    }

    /** The spec after an update by {@code deployedBy} through {@code deployedVia}. */
    public TentacleWorkload withSpec(ContainerImage image, CronSchedule schedule, List<Dependency> dependencies,
                                     String deployedBy, String deployedVia) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess);
    }

    public TentacleWorkload withMode(Mode mode) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess);
    }

    /** Shares the schema with {@code grantee} ({@code null}: shares it no more). */
    public TentacleWorkload withSchemaAccess(TentacleName grantee, SchemaAccess access) {
        Map<String, SchemaAccess> grants = new HashMap<>(schemaAccess);
        if (access == null) {
            grants.remove(grantee.value());
        } else {
            grants.put(grantee.value(), access);
        }
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, grants);
    }

    public TentacleWorkload withOwner(UserId owner) {
        return new TentacleWorkload(enclave, name, image, schedule, suspended, owner, mode, deployedBy, deployedVia,
                dependencies, schemaAccess);
    }
}
