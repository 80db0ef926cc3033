package io.enclavesuite.write.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.receipts.ReceiptJson;
import io.enclavesuite.receipts.chain.ChainEntry;
import io.enclavesuite.receipts.chain.EventChain;
import io.enclavesuite.receipts.chain.ExportedEvent;
import io.enclavesuite.receipts.chain.WithheldEvent;
import io.enclavesuite.receipts.receipt.JwkSet;
import io.enclavesuite.receipts.receipt.Receipt;
import io.enclavesuite.receipts.receipt.ReceiptSigner;
import io.enclavesuite.receipts.receipt.ReceiptVerifier;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The events export of {@code GET /internal/receipts/{id}/events}, over a real Axon event store: what a service's
 * visibility rule hides from a holder goes out as its hash, and the export still verifies; a version 1 receipt's
 * events go only to who may see them all.
 */
class ReceiptExportControllerTest {

    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    /** The rule under test's stand-in: tentacle "ledger" is Alice's alone. */
    private static final ExportVisibility LEDGER_IS_ALICES = (holder, stream) -> event ->
            holder.equals(ALICE) || !"ledger".equals(event.payload().path("tentacle").asText());

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final StreamExport export = new StreamExport(store,
            JacksonSerializer.builder().objectMapper(EnclaveJson.mapper()).build());
    private final Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(new SecureRandom());
    private final ReceiptController controller = new ReceiptController();

    /** Package access to the controller, as the HTTP layer calls it. */
    private final class ReceiptController {
        final ReceiptExportController http = new ReceiptExportController(export, LEDGER_IS_ALICES);

        List<ChainEntry> events(UserId holder) throws Exception {
            List<ChainEntry> entries = new ArrayList<>();
            for (String line : http.events(GROWTH.value(), holder).getBody().split("\n")) {
                JsonNode json = ReceiptJson.mapper().readTree(line);
                entries.add(json.has("eventHash") ? ReceiptJson.mapper().treeToValue(json, WithheldEvent.class)
                        : ReceiptJson.mapper().treeToValue(json, ExportedEvent.class));
            }
            return entries;
        }
    }

    private void append(Object... payloads) {
        long next = store.lastSequenceNumberFor(GROWTH.value()).map(last -> last + 1).orElse(0L);
        for (Object payload : payloads) {
            store.publish(new GenericDomainEventMessage<>("Enclave", GROWTH.value(), next++, payload));
        }
    }

    private void aStreamWithAlicesLedger() {
        append(new MemberRegistered(GROWTH, BOB, T0),
                new TentacleRunRequested(GROWTH, TentacleName.of("ledger"), 1, T0),
                new TentacleRunRequested(GROWTH, TentacleName.of("report"), 1, T0),
                new TentacleRemoved(GROWTH, TentacleName.of("ledger"), T0));
    }

    private Receipt issuedOverVersion2() {
        Receipt receipt = new ReceiptIssuer(new ReceiptSigner(key), Clock.fixed(T0, ZoneOffset.UTC),
                new SimpleMeterRegistry()).issue("team", GROWTH.value(), null, List.of(ALICE.value(), BOB.value()),
                EnclaveJson.mapper().createObjectNode(), export.read(GROWTH.value()).covered());
        record(receipt);
        return receipt;
    }

    private void record(Receipt receipt) {
        append(new ReceiptIssued("team", GROWTH.value(), receipt.receiptId(), List.of(ALICE.value(), BOB.value()),
                ReceiptIssuer.toJson(receipt), T0));
    }

    private ReceiptVerifier.Verdict verify(Receipt receipt, List<ChainEntry> events) {
        return new ReceiptVerifier().verify(receipt, new JwkSet(List.of(key.verificationKey())), Optional.of(events));
    }

    /**
     * The stream grew between the receipt's signing and its recording (a room's shredding does not wait for its
     * receipt): the export gives the events the receipt covers, and it verifies.
     */
    @Test
    void anEventAppendedBetweenSigningAndRecordingIsAfterWhatTheReceiptCovers() throws Exception {
        append(new MemberRegistered(GROWTH, BOB, T0), new TentacleRunRequested(GROWTH, TentacleName.of("report"), 1, T0));
        Receipt receipt = new ReceiptIssuer(new ReceiptSigner(key), Clock.fixed(T0, ZoneOffset.UTC),
                new SimpleMeterRegistry()).issue("team", GROWTH.value(), null, List.of(ALICE.value(), BOB.value()),
                EnclaveJson.mapper().createObjectNode(), export.read(GROWTH.value()).covered());
        append(new TentacleRunRequested(GROWTH, TentacleName.of("report"), 2, T0));
        record(receipt);

        assertThat(export.read(GROWTH.value()).covered()).extracting(ExportedEvent::sequence).containsExactly(0L, 1L);
        assertThat(verify(receipt, controller.events(BOB)).valid()).isTrue();
    }

    @Test
    void whatTheRuleHidesFromAHolderIsExportedAsItsHashAndStillVerifies() throws Exception {
        aStreamWithAlicesLedger();
        Receipt receipt = issuedOverVersion2();

        List<ChainEntry> bobs = controller.events(BOB);
        List<ChainEntry> alices = controller.events(ALICE);

        assertThat(bobs).hasSize(4);
        assertThat(bobs.get(1)).isInstanceOf(WithheldEvent.class);
        assertThat(bobs.get(3)).isInstanceOf(WithheldEvent.class);
        assertThat(bobs.get(2)).isInstanceOf(ExportedEvent.class);
        assertThat(controller.http.events(GROWTH.value(), BOB).getBody()).doesNotContain("ledger");
        assertThat(alices).allMatch(ExportedEvent.class::isInstance);
        assertThat(verify(receipt, bobs).valid()).as(verify(receipt, bobs).reason()).isTrue();
        assertThat(verify(receipt, alices).valid()).isTrue();
    }

    @Test
    void aVersion1ReceiptsEventsGoOnlyToAHolderWhoMaySeeThemAll() throws Exception {
        aStreamWithAlicesLedger();
        List<ExportedEvent> covered = export.read(GROWTH.value()).covered();
        Receipt receipt = new ReceiptSigner(key).sign(new Receipt("receipt-v1", "team", GROWTH.value(), null,
                List.of(ALICE.value(), BOB.value()), EnclaveJson.mapper().createObjectNode(), covered.size(), T0, T0,
                new EventChain().head(covered, EventChain.V1).head().orElseThrow(), null, "pending", T0, null));
        record(receipt);

        assertThatThrownBy(() -> controller.events(BOB))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getBody().getDetail()).isEqualTo("receipt receipt-v1 was issued over a version 1 "
                            + "chain, which hashes every event whole, and 2 of its events are hidden from U0BOB: its "
                            + "events are exported only to who may see them all; the receipt itself verifies "
                            + "without them");
                });
        String alices = controller.http.events(GROWTH.value(), ALICE).getBody();
        assertThat(alices).doesNotContain("eventId");
        assertThat(verify(receipt, controller.events(ALICE)).valid()).isTrue();
    }
}
