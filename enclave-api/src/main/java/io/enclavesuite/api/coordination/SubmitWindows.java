package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Objects;

/** The caller's availability: windows inside the search range, each at least the meeting duration. A later submission replaces the earlier one. */
public record SubmitWindows(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        List<TimeWindow> windows) {

    public SubmitWindows {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(windows, "windows is required");
        windows = List.copyOf(windows);
    }
}
