package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.enclave.ConfirmDeprovision;
import io.enclavesuite.api.enclave.DeprovisionCode;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.IssueEnclaveReceipt;
import io.enclavesuite.api.enclave.RequestDeprovision;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.write.caller.Caller;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An enclave's way out, an entity of the {@link Enclave}: the confirmation code its owner asked for, and once it is
 * gone, who receives its receipt and whether they got it. Fields are read by Jackson for the enclave's snapshots.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Deprovisioning {

    private String codeHash;
    private Instant codeExpiresAt;
    /** Owner and members when it was deprovisioned: who receives its receipt. */
    private List<UserId> receiptHolders = new ArrayList<>();
    private boolean receiptIssued;
    /** Handed over by the enclave before each command; never stored. */
    @JsonIgnore
    private transient Enclave enclave;

    void heldBy(Enclave enclave) {
        this.enclave = enclave;
    }

    /** Answers the code only the requesting owner sees; the event keeps its hash. */
    @CommandHandler
    DeprovisionCode handle(RequestDeprovision command, Caller caller,
                           Clock clock, ConfirmationCodes codes, EnclaveLimits limits) {
        EnclaveId id = enclave.id();
        enclave.requireNotGone(); // a failed enclave may be deprovisioned too: it frees the channel
        enclave.require(Operation.DEPROVISION, caller, clock);
        if (enclave.status() == EnclaveStatus.PROVISIONING) {
            throw new EnclaveStateConflict("enclave '" + id + "' is still being provisioned; deprovision it once "
                    + "it is active or provisioning has failed");
        }
        String code = codes.next();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(limits.deprovisionCodeValidity());
        apply(new DeprovisionRequested(id, enclave.owner(), codes.hash(id, code), expiresAt, now));
        return new DeprovisionCode(code, expiresAt);
    }

    @CommandHandler
    void handle(ConfirmDeprovision command, Caller caller, Clock clock, ConfirmationCodes codes) {
        EnclaveId id = enclave.id();
        enclave.requireNotGone();
        enclave.require(Operation.DEPROVISION, caller, clock);
        Instant now = clock.instant();
        if (codeHash == null) {
            throw new ConfirmationRefused("no deprovision was requested for enclave '" + id
                    + "': ask for a confirmation code first");
        }
        if (!now.isBefore(codeExpiresAt)) {
            throw new ConfirmationRefused("the confirmation code for enclave '" + id + "' expired at "
                    + codeExpiresAt + "; ask for a new one");
        }
        if (!codes.matches(id, codeHash, command.confirmationCode())) {
            throw new ConfirmationRefused("wrong confirmation code for enclave '" + id + "'");
        }
        apply(new EnclaveDeprovisioningStarted(id, caller.user().orElseThrow(), id.namespace(), now));
    }

    /**
     * From the receipt issuer, once the enclave is deprovisioned: the signed receipt, recorded once (a second one —
     * the deprovisioning delivered again — changes nothing). The one command a deprovisioned enclave still takes.
     */
    @CommandHandler
    void handle(IssueEnclaveReceipt command, Clock clock) {
        if (receiptIssued) {
            return;
        }
        if (enclave.status() != EnclaveStatus.DEPROVISIONED) {
            throw new EnclaveStateConflict("enclave '" + enclave.id() + "' is " + EnclaveStateConflict.label(enclave.status())
                    + ": only a deprovisioned enclave gets a receipt");
        }
        apply(new ReceiptIssued(Enclave.RECEIPT_KIND, enclave.id().value(), command.receiptId(),
                receiptHolders.stream().map(UserId::value).toList(), command.receipt(), clock.instant()));
    }

    /** From the enclave's own handler, which still knows its members when it is deprovisioned. */
    void receiptGoesTo(List<UserId> holders) {
        receiptHolders = holders;
    }

    @EventSourcingHandler
    void on(DeprovisionRequested event) {
        codeHash = event.codeHash();
        codeExpiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(EnclaveDeprovisioningStarted event) {
        codeHash = null;
        codeExpiresAt = null;
    }

    @EventSourcingHandler
    void on(ReceiptIssued event) {
        receiptIssued = true;
    }

    /** The same state: Axon's fixtures compare the state a command left with the state its events rebuild. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Deprovisioning that && Objects.equals(codeHash, that.codeHash)
                && Objects.equals(codeExpiresAt, that.codeExpiresAt) && receiptHolders.equals(that.receiptHolders)
                && receiptIssued == that.receiptIssued;
    }

    @Override
    public int hashCode() {
        return Objects.hash(codeHash, codeExpiresAt, receiptHolders, receiptIssued);
    }
}
