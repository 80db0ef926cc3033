package io.enclavesuite.command.enclave.tentacle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRemoved;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Part of the Enclave aggregate: which data — schema, database role and storage prefix, one "generation" of a
 * tentacle name — each deployment uses, so a removed tentacle's data never passes to whoever deploys the name next.
 * A removed tentacle's generation is kept for its keeper (its owner when removed) and the enclave owner; anyone else
 * deploying the name gets a generation of its own, numbered by the deployment. Every deployment also gets a number
 * of its own that its credentials are derived from, so even the keeper taking its data back gets new ones.
 * <p>
 * A kept generation is forgotten only when it is taken back: after the grace period the data is gone, and its keeper
 * deploying the name again gets the same (now empty) names — never anyone else's.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class TentacleDataGenerations {

    /** The decision for one deployment. */
    public record Decision(int dataGeneration, int deployment) {
    }

    /** A removed tentacle's data and who may take it back besides the enclave owner. */
    record Kept(int generation, UserId keeper) {
    }

    /** Tentacle deployments recorded so far, legacy ones included. */
    private int deployments;
    /** Names that have had data: generation 0 of such a name may still exist, so only its keeper gets it. */
    private Set<TentacleName> used = new HashSet<>();
    /** Per name, the data removed tentacles left, oldest first. */
    private Map<TentacleName, List<Kept>> kept = new HashMap<>();

    public Decision decide(TentacleName name, UserId deployer, UserId enclaveOwner) {
        int deployment = deployments + 1;
        if (!used.contains(name)) {
            return new Decision(0, deployment);
        }
        List<Kept> left = kept.getOrDefault(name, List.of());
        for (int i = left.size() - 1; i >= 0; i--) {
            if (left.get(i).keeper().equals(deployer)) {
                return new Decision(left.get(i).generation(), deployment);
            }
        }
        if (deployer.equals(enclaveOwner) && !left.isEmpty()) {
            return new Decision(left.get(left.size() - 1).generation(), deployment);
        }
        return new Decision(deployment, deployment); // unique: no other deployment has this number
    }

    public void deployed(TentacleDeployed event) {
        int generation = generationOf(event.dataGeneration());
        deployments = Math.max(deployments + 1, event.deployment() == null ? 0 : event.deployment());
        used.add(event.tentacle());
        List<Kept> left = kept.get(event.tentacle());
        if (left != null) {
            left.removeIf(data -> data.generation() == generation);
            if (left.isEmpty()) {
                kept.remove(event.tentacle());
            }
        }
    }

    /** @param owner the tentacle's owner when removed: the keeper of events that do not name one */
    public void removed(TentacleRemoved event, int generation, UserId owner) {
        UserId keeper = event.keeper() == null ? owner : event.keeper();
        kept.computeIfAbsent(event.tentacle(), name -> new ArrayList<>()).add(new Kept(generation, keeper));
    }

    public static int generationOf(Integer recorded) {
        return recorded == null ? 0 : recorded;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TentacleDataGenerations that && deployments == that.deployments
                && used.equals(that.used) && kept.equals(that.kept);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deployments, used, kept);
    }
}
