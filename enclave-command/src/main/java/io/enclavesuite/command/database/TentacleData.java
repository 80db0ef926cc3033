package io.enclavesuite.command.database;

import io.enclavesuite.api.tentacle.TentacleName;

import java.util.Objects;

/**
 * One generation of a tentacle's data — its schema, its database role, its storage prefix and storage user — as the
 * Enclave aggregate assigned it to a deployment ({@code TentacleDeployed.dataGeneration}). Generation 0 is named
 * after the tentacle alone ({@code report}), as all data was before generations; generation {@code n} is
 * {@code report_n}. A tentacle name has no '_', so one generation's names are never another tentacle's.
 */
public record TentacleData(TentacleName tentacle, int generation) {

    public TentacleData {
        Objects.requireNonNull(tentacle, "tentacle is required");
        if (generation < 0) {
            throw new IllegalArgumentException("a data generation is not negative: " + generation);
        }
    }

    /** The data named after the tentacle alone. */
    public static TentacleData first(TentacleName tentacle) {
        return new TentacleData(tentacle, 0);
    }

    /** The inverse of {@link #name()}. */
    public static TentacleData parse(String name) {
        int separator = name.lastIndexOf('_');
        if (separator < 0) {
            return first(TentacleName.of(name));
        }
        return new TentacleData(TentacleName.of(name.substring(0, separator)),
                Integer.parseInt(name.substring(separator + 1)));
    }

    /** The schema's name, and what the role, prefix and storage user are named after. */
    public String name() {
        return generation == 0 ? tentacle.value() : tentacle.value() + "_" + generation;
    }

    @Override
    public String toString() {
        return name();
    }
}
