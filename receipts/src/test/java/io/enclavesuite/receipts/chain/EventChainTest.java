package io.enclavesuite.receipts.chain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventChainTest {

    private final EventChain chain = new EventChain();

    static List<ExportedEvent> stream(String aggregate, int count) {
        List<ExportedEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new ExportedEvent(aggregate, "io.enclavesuite.api.coordination.Event" + i, i,
                    Instant.parse("2026-11-23T09:00:00Z").plusSeconds(i),
                    JsonNodeFactory.instance.objectNode().put("coordinationId", aggregate).put("n", i),
                    JsonNodeFactory.instance.objectNode().put("actor", "U0ALICE"), null));
        }
        return events;
    }

    @Test
    void theHeadIsTheSameEveryTimeAndCommitsToEveryEvent() {
        List<ExportedEvent> events = stream("room-a", 5);
        String head = chain.head(events, EventChain.V1).head().orElseThrow();

        assertThat(chain.head(stream("room-a", 5), EventChain.V1).head()).contains(head);
        assertThat(head).hasSize(64).isNotEqualTo(EventChain.GENESIS);
        for (int i = 0; i < events.size(); i++) {
            List<ExportedEvent> changed = new ArrayList<>(events);
            ExportedEvent e = events.get(i);
            changed.set(i, new ExportedEvent(e.aggregateId(), e.type(), e.sequence(), e.timestamp(),
                    ((com.fasterxml.jackson.databind.node.ObjectNode) e.payload().deepCopy()).put("n", 99), e.metadata(), null));
            assertThat(chain.head(changed, EventChain.V1).head()).as("event " + i + " changed").isPresent().get().isNotEqualTo(head);
        }
    }

    @Test
    void metadataIsPartOfTheChain() {
        List<ExportedEvent> events = stream("room-a", 2);
        String head = chain.head(events, EventChain.V1).head().orElseThrow();
        ExportedEvent e = events.get(1);
        events.set(1, new ExportedEvent(e.aggregateId(), e.type(), 1, e.timestamp(), e.payload(),
                JsonNodeFactory.instance.objectNode().put("actor", "U0EVE"), null));

        assertThat(chain.head(events, EventChain.V1).head()).get().isNotEqualTo(head);
    }

    @Test
    void aGapAForkOrAForeignEventIsNamed() {
        List<ExportedEvent> gap = new ArrayList<>(stream("room-a", 3));
        gap.remove(1);
        assertThat(chain.head(gap, EventChain.V1).problem()).contains("sequence 1 is missing: the stream has a gap");

        List<ExportedEvent> fork = new ArrayList<>(stream("room-a", 2));
        fork.add(stream("room-a", 2).get(1));
        assertThat(chain.head(fork, EventChain.V1).problem()).contains("sequence 1 appears twice: the stream is forked");

        List<ExportedEvent> mixed = new ArrayList<>(stream("room-a", 1));
        mixed.add(stream("room-b", 2).get(1));
        assertThat(chain.head(mixed, EventChain.V1).problem()).contains("event 1 belongs to 'room-b', not 'room-a'");
        assertThat(chain.head(List.of(), EventChain.V1).problem()).contains("no events: a stream has at least one");
    }
}
