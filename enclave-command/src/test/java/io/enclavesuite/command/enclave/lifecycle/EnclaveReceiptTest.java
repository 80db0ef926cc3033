package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.IssueEnclaveReceipt;
import io.enclavesuite.api.receipt.ReceiptIssued;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.ALICE;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.ID;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.T0;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.activeWithMembers;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.fixture;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.with;

/** A deprovisioned enclave's receipt: recorded once, for the owner and the members it had at the end. */
class EnclaveReceiptTest {

    private static final JsonNode RECEIPT = EnclaveJson.mapper().createObjectNode().put("receiptId", "receipt-1");

    private static List<Object> deprovisioned() {
        return with(activeWithMembers(), new EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0),
                new EnclaveDeprovisioned(ID, ALICE, List.of("Namespace/enclave-growth"), T0));
    }

    @Test
    void theOwnerAndTheMembersHoldTheReceiptOfADeprovisionedEnclave() {
        fixture().given(deprovisioned())
                .when(new IssueEnclaveReceipt(ID, "receipt-1", RECEIPT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ReceiptIssued("team", "growth", "receipt-1", List.of("U0ALICE", "U0BOB", "U0DAVE"),
                        RECEIPT, T0));
    }

    @Test
    void aSecondReceiptChangesNothing() {
        fixture().given(with(deprovisioned(), new ReceiptIssued("team", "growth", "receipt-1", List.of("U0ALICE"),
                        RECEIPT, T0)))
                .when(new IssueEnclaveReceipt(ID, "receipt-1", RECEIPT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aLiveEnclaveGetsNoReceipt() {
        fixture().given(activeWithMembers())
                .when(new IssueEnclaveReceipt(ID, "receipt-1", RECEIPT))
                .expectException(EnclaveStateConflict.class)
                .expectExceptionMessage("enclave 'growth' is active: only a deprovisioned enclave gets a receipt")
                .expectNoEvents();
    }
}
