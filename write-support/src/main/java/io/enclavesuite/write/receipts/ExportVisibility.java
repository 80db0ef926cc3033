package io.enclavesuite.write.receipts;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.receipts.chain.ExportedEvent;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which events of an ended stream one holder of its receipt may see in the export. What they may not see is exported
 * as its hash alone ({@link io.enclavesuite.receipts.chain.WithheldEvent}), so the export still verifies. A service
 * without a bean of its own exports every event to every holder: a room's participants see all of the room, whose
 * windows are sealed.
 */
@FunctionalInterface
public interface ExportVisibility {

    ExportVisibility EVERYTHING = (holder, stream) -> event -> true;

    /** @param stream the events the receipt covers, in order: what the rule is decided from */
    Predicate<ExportedEvent> visibleTo(UserId holder, List<ExportedEvent> stream);
}
