package io.enclavesuite.eventtopics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of each processing group's dead letters ({@code enclave.parked-events.*}). A full queue cannot park: the
 * processor then retries the record that would not fit, and stops as it did before there were dead letters — so the
 * bounds are there to make a flood visible, not to be reached.
 *
 * @param maxSequences    aggregates (sequences) with parked events, per processing group
 * @param maxSequenceSize parked events per aggregate: the one that failed and those that wait behind it
 */
@ConfigurationProperties("enclave.parked-events")
public record ParkedEventsProperties(@DefaultValue("1024") int maxSequences,
                                     @DefaultValue("1024") int maxSequenceSize) {

    public ParkedEventsProperties {
        if (maxSequences < 1 || maxSequenceSize < 1) {
            throw new IllegalArgumentException("enclave.parked-events.max-sequences and max-sequence-size must be at "
                    + "least 1");
        }
    }
}
