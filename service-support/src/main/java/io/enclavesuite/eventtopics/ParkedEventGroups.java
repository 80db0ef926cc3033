package io.enclavesuite.eventtopics;

import java.util.List;

/** The processing groups of a service that read the event topics: each parks what it cannot handle. */
public record ParkedEventGroups(List<String> names) {

    public ParkedEventGroups {
        names = List.copyOf(names);
    }
}
