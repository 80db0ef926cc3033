package io.enclavesuite.api.receipt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the stored and published shape of ReceiptIssued: changing it needs a new revision and an upcaster. */
class ReceiptIssuedShapeTest {

    private final ObjectMapper json = EnclaveJson.mapper();

    @Test
    void receiptIssuedHasAStableShapeAndRoundTrips() throws Exception {
        var issued = new ReceiptIssued("coordination", "room-00000000-0000-0000-0000-0000000000aa", "receipt-1",
                List.of("U0ALICE", "U0BOB"), json.createObjectNode().put("signature", "c2ln"),
                Instant.parse("2026-11-23T10:00:00Z"));

        String text = json.writeValueAsString(issued);

        assertThat(text).isEqualTo("{\"enclaveKind\":\"coordination\","
                + "\"enclaveId\":\"room-00000000-0000-0000-0000-0000000000aa\",\"receiptId\":\"receipt-1\","
                + "\"holders\":[\"U0ALICE\",\"U0BOB\"],\"receipt\":{\"signature\":\"c2ln\"},"
                + "\"at\":\"2026-11-23T10:00:00Z\"}");
        assertThat(json.readValue(text, ReceiptIssued.class)).isEqualTo(issued);
        assertThat(ReceiptIssued.class.getAnnotation(Revision.class).value()).isEqualTo("1");
    }
}
