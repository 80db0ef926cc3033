package io.enclavesuite.api.coordination;

/**
 * A proposal as the room keeps it: its number in the room — from 1, in the order proposals were made, never given
 * twice, so a number someone accepts always means the slot they saw — and its slot, sealed by the room's service to the
 * room's public key with the number bound in (HPKE, {@code RoomSeals.sealProposal}). Participants read the times of
 * an open room's proposals from coordination-service; accepting or acknowledging names the number only.
 * <p>
 * A proposal recorded before slots were sealed (an event of revision 1) reads as number 0 with no slot: its time is
 * not read back, and it cannot be accepted.
 */
public record Proposal(int number, SealedSlot slot) {

    /** The number a proposal from before slots were sealed reads as. */
    public static final int UNSEALED = 0;

    public Proposal {
        if (number < 0) {
            throw new IllegalArgumentException("a proposal's number is 1 or more");
        }
        if (number > UNSEALED && slot == null) {
            throw new IllegalArgumentException("proposal " + number + " needs its sealed slot");
        }
    }

    /** A proposal recorded in clear, before slots were sealed: its time is dropped on reading. */
    public static Proposal unsealed() {
        return new Proposal(UNSEALED, null);
    }

    public boolean sealed() {
        return number > UNSEALED;
    }
}
