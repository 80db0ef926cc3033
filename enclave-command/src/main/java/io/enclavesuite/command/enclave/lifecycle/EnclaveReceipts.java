package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.enclave.IssueEnclaveReceipt;
import io.enclavesuite.receipts.chain.ExportedEvent;
import io.enclavesuite.receipts.receipt.Receipt;
import io.enclavesuite.write.receipts.ReceiptIssuer;
import io.enclavesuite.write.receipts.StreamExport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Issues the receipt of a deprovisioned team enclave: who confirmed, what was removed, and who belonged to it, signed
 * over the enclave's whole stream as the event store holds it. Every holder gets the same receipt, so what was removed
 * names only what all of them may see: a workload of a tentacle hidden from any holder is counted instead. The enclave records it once, even when the
 * deprovisioning is delivered again.
 */
@Component
@ProcessingGroup(EnclaveReceipts.PROCESSING_GROUP)
class EnclaveReceipts {

    static final String PROCESSING_GROUP = "enclave-receipts";
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    private final StreamExport export;
    private final ReceiptIssuer issuer;
    private final CommandGateway commands;
    private final TentacleExportVisibility visibility;

    EnclaveReceipts(StreamExport export, ReceiptIssuer issuer, CommandGateway commands,
                    TentacleExportVisibility visibility) {
        this.export = export;
        this.issuer = issuer;
        this.commands = commands;
        this.visibility = visibility;
    }

    @EventHandler
    void on(EnclaveDeprovisioned event) {
        String enclave = event.enclaveId().value();
        StreamExport.Stream stream = export.read(enclave);
        if (stream.receipt().isPresent()) {
            return; // issued already: the deprovisioning was delivered again
        }
        List<String> people = people(stream.covered());
        Set<String> hiddenFromSomeone = new HashSet<>();
        for (String holder : people) {
            visibility.hiddenFrom(UserId.of(holder), stream.covered()).ifPresent(hiddenFromSomeone::addAll);
        }
        List<String> removed = event.removed().stream()
                .filter(resource -> !TentacleExportVisibility.namesAny(resource, hiddenFromSomeone)).toList();
        ObjectNode outcome = EnclaveJson.mapper().createObjectNode();
        outcome.put("deprovisioned", true);
        outcome.put("confirmedBy", event.confirmedBy().value());
        outcome.set("removed", EnclaveJson.mapper().valueToTree(removed));
        if (removed.size() < event.removed().size()) {
            // one receipt for every holder: a workload of a tentacle some holder may not see is counted, not named
            outcome.put("removedUnnamed", event.removed().size() - removed.size());
        }
        Receipt receipt = issuer.issue(Enclave.RECEIPT_KIND, enclave, "deprovisioning of team enclave '" + enclave + "'",
                people, outcome, stream.covered());
        commands.sendAndWait(new IssueEnclaveReceipt(event.enclaveId(), receipt.receiptId(),
                ReceiptIssuer.toJson(receipt)), VIA_SAGA);
    }

    /** Its owner and members at the end, as the events left them (the aggregate names the same people as holders). */
    private static List<String> people(List<ExportedEvent> stream) {
        String owner = null;
        Set<String> members = new LinkedHashSet<>();
        for (ExportedEvent event : stream) {
            JsonNode payload = event.payload();
            switch (event.type()) {
                case "EnclaveProvisioningStarted" -> {
                    owner = payload.path("owner").asText();
                    members.clear();
                }
                case "EnclaveOwnershipTransferred" -> {
                    members.add(payload.path("previousOwner").asText());
                    owner = payload.path("newOwner").asText();
                }
                case "MemberRegistered" -> members.add(payload.path("member").asText());
                case "MemberRemoved" -> members.remove(payload.path("member").asText());
                default -> { }
            }
        }
        List<String> people = new ArrayList<>();
        people.add(owner);
        String finalOwner = owner;
        members.stream().filter(member -> !member.equals(finalOwner)).sorted().forEach(people::add);
        return people;
    }
}
