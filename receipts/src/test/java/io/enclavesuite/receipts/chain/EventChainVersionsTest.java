package io.enclavesuite.receipts.chain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two chain versions: version 1 as receipts issued before exports could withhold events were signed, version 2
 * where a withheld event stands in by its hash. The pinned heads were computed by an independent hasher (Python's
 * json with sorted keys and no whitespace, which is RFC 8785 for this ASCII content, and hashlib's SHA-256) from
 * the rules in docs/receipts.md.
 */
class EventChainVersionsTest {

    private final EventChain chain = new EventChain();

    private static List<ExportedEvent> stream() {
        List<ExportedEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new ExportedEvent("growth", "Step" + i, i, Instant.parse("2026-11-23T09:00:0" + i + "Z"),
                    JsonNodeFactory.instance.objectNode().put("enclaveId", "growth").put("n", i),
                    JsonNodeFactory.instance.objectNode().put("actor", "U0ALICE"),
                    "00000000-0000-4000-8000-00000000000" + i));
        }
        return events;
    }

    @Test
    void aVersion1HeadIsWhatAnIndependentHasherComputesAndIgnoresEventIds() {
        String v1 = "e09affb49ca7bc8f683f71e61eaa8ed3a11a7e38da8398ce3bfe0d174001fc36";

        assertThat(chain.head(stream(), EventChain.V1).head()).contains(v1);
        assertThat(chain.head(stream().stream().map(ExportedEvent::withoutEventId).toList(), EventChain.V1).head())
                .contains(v1);
    }

    @Test
    void aVersion2HeadIsWhatAnIndependentHasherComputes() {
        assertThat(chain.eventHash(stream().get(1)))
                .isEqualTo("37689f0065fca65855882983e0a3d693b60043d03da0cc3bc3f936565e4f99ee");
        assertThat(chain.head(stream(), EventChain.V2).head())
                .contains("b5d17099b3a9e053135ce27609df1f4e0cf996ad8df4058a6e454e533c8886aa");
    }

    /** A receipt signed before its stream grew covers the prefix that chains to its head — in either version. */
    @Test
    void theEventsAHeadCoversAreThePrefixThatChainsToIt() {
        List<ExportedEvent> events = stream();
        for (int version : List.of(EventChain.V1, EventChain.V2)) {
            String headOfTwo = chain.head(events.subList(0, 2), version).head().orElseThrow();
            String headOfAll = chain.head(events, version).head().orElseThrow();

            assertThat(chain.coveredLength(events, version, headOfTwo)).hasValue(2);
            assertThat(chain.coveredLength(events, version, headOfAll)).hasValue(3);
            assertThat(chain.coveredLength(events.subList(0, 1), version, headOfTwo)).isEmpty();
            assertThat(chain.coveredLength(events, version, "0".repeat(64))).isEmpty();
        }
    }

    @Test
    void aWithheldEventStandsInByItsHashAndTheHeadStaysTheSame() {
        List<ExportedEvent> events = stream();
        String head = chain.head(events, EventChain.V2).head().orElseThrow();
        List<ChainEntry> withheld = new ArrayList<>(events);
        withheld.set(1, new WithheldEvent("growth", 1, chain.eventHash(events.get(1))));

        assertThat(chain.head(withheld, EventChain.V2).head()).contains(head);

        withheld.set(1, new WithheldEvent("growth", 1, chain.eventHash(events.get(2))));
        assertThat(chain.head(withheld, EventChain.V2).head()).get().isNotEqualTo(head);
    }

    /** The hash commits to the event's random id, which the export withholds: guessing the contents finds nothing. */
    @Test
    void anEventsHashCommitsToItsIdSoItsContentsCannotBeConfirmedByGuessing() {
        ExportedEvent event = stream().get(1);
        ExportedEvent guess = new ExportedEvent(event.aggregateId(), event.type(), event.sequence(), event.timestamp(),
                event.payload(), event.metadata(), "00000000-0000-4000-8000-000000000099");

        assertThat(chain.eventHash(guess)).isNotEqualTo(chain.eventHash(event));
        assertThatThrownBy(() -> chain.eventHash(event.withoutEventId()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("event 1 has no eventId to commit to");
    }

    @Test
    void aVersion1ChainCannotWithholdAndAVersion2ChainNeedsEveryVisibleEventsId() {
        List<ChainEntry> withheld = new ArrayList<>(stream());
        withheld.set(1, new WithheldEvent("growth", 1, chain.eventHash(stream().get(1))));
        assertThat(chain.head(withheld, EventChain.V1).problem()).contains("event 1 is withheld, but this receipt's "
                + "chain (version 1) hashes every event whole");

        List<ExportedEvent> withoutIds = stream().stream().map(ExportedEvent::withoutEventId).toList();
        assertThat(chain.head(withoutIds, EventChain.V2).problem())
                .contains("event 0 has no eventId, which a version 2 chain commits to");
        assertThat(chain.head(stream(), 3).problem()).contains("chain version 3 is unknown: this verifier knows 1 and 2");
    }

    @Test
    void aWithheldLineIsAHashAndAPlaceAndNothingElse() {
        assertThatThrownBy(() -> new WithheldEvent("growth", 1, "ABC"))
                .hasMessage("eventHash must be a SHA-256 as 64 lower-case hex characters");
        assertThatThrownBy(() -> new WithheldEvent("growth", -1, "0".repeat(64)))
                .hasMessage("sequence must not be negative");
    }
}
