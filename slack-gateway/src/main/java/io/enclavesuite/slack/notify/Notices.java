package io.enclavesuite.slack.notify;

import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.TrustLabel;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.EnclaveAccessOverridden;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.channel.EventRecord;
import io.enclavesuite.slack.interact.RoomSlot;
import io.enclavesuite.slack.readside.RoomProposals;
import com.slack.api.model.block.LayoutBlock;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/**
 * What people are told about an event, and where: an enclave's news goes to its channel, a room's to each person
 * concerned directly. Events nobody needs to hear about give no notice.
 */
public class Notices {

    public static final String APPROVE = "approve_participation";
    public static final String DECLINE = "decline_participation";
    public static final String DEFER = "defer_approval";
    public static final String ACCEPT_SLOT = "accept_slot";
    public static final String COUNTER_SLOT = "counter_slot_open";
    public static final String SHARE_WINDOWS = "share_windows";
    public static final String WHY = "why";
    public static final String PROPOSE_SLOT = "propose_slot_open";
    public static final String ACKNOWLEDGE_WINDOWS = "acknowledge_windows";
    /** On the answer to {@code /meet withdraw}, behind Slack's own confirmation dialog. */
    public static final String WITHDRAW = "withdraw_room";

    private final ChannelDirectory directory;
    private final RoomProposals proposals;
    private final URI receiptsPage;

    /** @param receiptsPage the console's receipts page, where a participant downloads and verifies their receipt */
    public Notices(ChannelDirectory directory, RoomProposals proposals, URI receiptsPage) {
        this.directory = directory;
        this.proposals = proposals;
        this.receiptsPage = receiptsPage;
    }

    public List<Notice> of(EventRecord event) {
        List<Notice> notices = new ArrayList<>();
        event.as(EnclaveActivated.class).ifPresent(e -> toChannel(e.enclaveId().value(), notices, channel ->
                ":white_check_mark: Enclave *" + e.enclaveId() + "* is ready: namespace `" + e.namespace()
                        + "`. `/enclave info` shows its services.", event));
        event.as(EnclaveProvisioningFailed.class).ifPresent(e -> toChannel(e.enclaveId().value(), notices, channel ->
                ":x: Provisioning enclave *" + e.enclaveId() + "* failed: " + e.reason(), event));
        event.as(EnclaveFrozen.class).ifPresent(e -> toChannel(e.enclaveId().value(), notices, channel ->
                ":snowflake: Enclave *" + e.enclaveId() + "* is frozen ("
                        + (e.reason() == FreezeReason.CHANNEL_ARCHIVED ? "the channel was archived" : "by its owner")
                        + "): no deployments, scheduled tentacles paused.", event));
        // one freeze ended, another stands: say which, and what lifts it
        event.as(FreezeReasonLifted.class).ifPresent(e -> toChannel(e.enclaveId().value(), notices, channel ->
                ":snowflake: " + (e.reason() == FreezeReason.CHANNEL_ARCHIVED ? "The channel is unarchived"
                        : "The owner lifted their freeze") + ", but *" + e.enclaveId() + "* stays frozen: "
                        + e.stillFrozenFor().stream().map(Notices::standingFreeze).collect(Collectors.joining("; "))
                        + ".", event));
        event.as(EnclaveUnfrozen.class).ifPresent(e -> toChannel(e.enclaveId().value(), notices, channel ->
                ":sunny: Enclave *" + e.enclaveId() + "* is active again.", event));
        event.as(EnclaveOwnershipTransferred.class).ifPresent(e -> toChannel(e.enclaveId().value(), notices, channel ->
                ":key: <@" + e.newOwner() + "> now owns enclave *" + e.enclaveId() + "* (from <@" + e.previousOwner() + ">).", event));
        event.as(EnclaveDeprovisioned.class).ifPresent(e -> toChannel(e.enclaveId().value(), notices, channel ->
                ":wastebasket: Enclave *" + e.enclaveId() + "* was deprovisioned, confirmed by <@" + e.confirmedBy()
                        + ">; " + e.removed().size() + " resources removed.", event));
        event.as(EnclaveAccessOverridden.class).ifPresent(e -> {
            String line = ":rotating_light: Operator <@" + e.operator() + "> (through " + e.principal()
                    + ") overrode the rules of enclave *" + e.enclaveId() + "* to " + e.command() + ", stating: \""
                    + verbatim(e.reason()) + "\".";
            toChannel(e.enclaveId().value(), notices, channel -> line, event);
            // the owner hears it directly too, whether or not they read the channel
            notices.add(new Notice(e.owner().value(), line, List.of(section(s -> s.text(markdownText(line))),
                    actions(a -> a.elements(List.of(whyButton(event)))))));
        });
        event.as(ParticipationApprovalRequested.class).ifPresent(e -> {
            String room = e.coordinationId().value();
            String text = e.label() == TrustLabel.DRAFTED
                    ? roomLine(room) + ": your agent drafted joining it under `" + e.ruleId() + "` (" + e.reason()
                            + "); approve it" + (e.approveBy() == null ? "" : " by " + e.approveBy()
                            + " or the room is called off for everyone") + "."
                    : roomLine(room) + ": your agent needs your approval to join (" + e.reason() + ").";
            notices.add(new Notice(e.participant().value(), text, List.of(
                    section(s -> s.text(markdownText(text))),
                    actions(a -> a.elements(List.of(
                            button(b -> b.actionId(APPROVE).style("primary").text(plainText("Approve")).value(room)),
                            button(b -> b.actionId(DECLINE).text(plainText("Decline")).value(room)),
                            button(b -> b.actionId(DEFER).text(plainText("Defer")).value(room)),
                            whyButton(event)))))));
        });
        event.as(SlotsProposed.class).ifPresent(e -> offer(e.coordinationId(),
                directory.participantsOf(e.coordinationId().value()), numbers(e.candidates()),
                roomLine(e.coordinationId().value()) + ": the best times for everyone.", notices));
        // A participant's proposal or counter is news to the others. The proposer is offered it too: a room resolves
        // only when everyone accepts one proposal, their own included, and this is the button they accept it with.
        event.as(SlotProposed.class).ifPresent(e -> {
            offer(e.coordinationId(), others(e.coordinationId(), e.participant()), numbers(List.of(e.proposal())),
                    roomLine(e.coordinationId().value()) + ": <@" + e.participant() + "> proposes a time.", notices);
            offerToProposer(e.coordinationId(), e.participant(), numbers(List.of(e.proposal())), notices);
        });
        event.as(SlotCountered.class).ifPresent(e -> {
            offer(e.coordinationId(), others(e.coordinationId(), e.participant()), numbers(List.of(e.alternative())),
                    roomLine(e.coordinationId().value()) + ": <@" + e.participant() + "> cannot make proposal "
                            + e.rejected() + " and proposes another time.", notices);
            offerToProposer(e.coordinationId(), e.participant(), numbers(List.of(e.alternative())), notices);
        });
        event.as(CoordinationOpened.class).ifPresent(e -> {
            String room = e.coordinationId().value();
            String text = roomLine(room) + " is open: share when you are free. Only your windows are shared.";
            // proposing a time is for later, once everyone has shared: coordination-service refuses it before
            List<LayoutBlock> blocks = List.of(section(s -> s.text(markdownText(text))),
                    actions(a -> a.elements(List.of(button(b -> b.actionId(SHARE_WINDOWS).style("primary")
                                    .text(plainText("Share availability")).value(room)),
                            button(b -> b.actionId(PROPOSE_SLOT).text(plainText("Propose a time…")).value(room))))));
            directory.participantsOf(room).forEach(person -> notices.add(new Notice(person, text, blocks)));
        });
        event.as(CoordinationResolved.class).ifPresent(e -> {
            String room = e.coordinationId().value();
            String text = roomLine(room) + " is set for " + when(e.slot()) + ". Your signed receipt: "
                    + receiptsPage + "#" + room;
            directory.participantsOf(room).forEach(person -> notices.add(Notice.text(person, text)));
        });
        event.as(CoordinationExpired.class).ifPresent(e -> {
            String text = roomLine(e.coordinationId().value()) + " expired before a time was agreed.";
            directory.participantsOf(e.coordinationId().value()).forEach(p -> notices.add(Notice.text(p, text)));
        });
        event.as(CoordinationAborted.class).ifPresent(e -> {
            String text = e.reason() == AbortReason.POLICY_REFUSED
                    ? roomLine(e.coordinationId().value()) + " was called off: the agent policy of <@" + e.by()
                            + "> refused it under `" + e.detail() + "`"
                            + (e.explanation() == null ? "" : " (" + e.explanation() + ")") + "."
                    : roomLine(e.coordinationId().value()) + " was called off: " + e.reason().label()
                            + (e.detail() == null ? "" : " (" + e.detail() + ")") + ".";
            directory.participantsOf(e.coordinationId().value()).forEach(p -> notices.add(Notice.text(p, text)));
        });
        return notices;
    }

    /**
     * Each person is shown the proposals among {@code numbers} that are still current, their times as coordination-service
     * opens them for that person, each with Accept, Acknowledge and "Another time…" buttons that carry the room and the
     * number only.
     * A room no longer open (or no longer theirs) gets no notice; coordination-service unreachable fails the event's
     * handling, which is then tried again.
     */
    private void offer(CoordinationId room, List<String> people, Set<Integer> numbers, String text, List<Notice> notices) {
        if (numbers.isEmpty()) {
            return; // proposals recorded before slots were sealed: no number to accept, no time to show
        }
        for (String person : people) {
            List<RoomProposals.Current> shown = proposals.currentFor(person, room).orElse(List.of()).stream()
                    .filter(p -> numbers.contains(p.number())).toList();
            if (shown.isEmpty()) {
                continue;
            }
            List<LayoutBlock> blocks = new ArrayList<>();
            blocks.add(section(s -> s.text(markdownText(text))));
            for (RoomProposals.Current proposal : shown) {
                String line = "*" + proposal.number() + ".* " + when(proposal.slot()) + " ("
                        + proposal.slot().confidence().label() + " confidence)";
                String value = new RoomSlot(room, proposal.number()).value();
                blocks.add(section(s -> s.text(markdownText(line))));
                blocks.add(actions(a -> a.elements(List.of(
                        button(b -> b.actionId(ACCEPT_SLOT).style("primary").text(plainText("Accept")).value(value)),
                        button(b -> b.actionId(ACKNOWLEDGE_WINDOWS).text(plainText("Acknowledge")).value(value)),
                        button(b -> b.actionId(COUNTER_SLOT).text(plainText("Another time…")).value(value))))));
            }
            notices.add(new Notice(person, text, blocks));
        }
    }

    private void offerToProposer(CoordinationId room, UserId proposer, Set<Integer> numbers, List<Notice> notices) {
        if (directory.participantsOf(room.value()).contains(proposer.value())) {
            offer(room, List.of(proposer.value()), numbers, roomLine(room.value()) + ": the time you proposed is "
                    + "offered to the others. Accept it too: the room is set once everyone accepts one time.", notices);
        }
    }

    private static Set<Integer> numbers(List<Proposal> proposals) {
        return proposals.stream().filter(Proposal::sealed).map(Proposal::number).collect(Collectors.toSet());
    }

    private List<String> others(CoordinationId room, UserId participant) {
        return directory.participantsOf(room.value()).stream().filter(p -> !p.equals(participant.value())).toList();
    }

    private static String standingFreeze(FreezeReason reason) {
        return reason == FreezeReason.CHANNEL_ARCHIVED
                ? "the channel is archived (unarchiving it lifts that)"
                : "its owner froze it (`/enclave unfreeze` lifts that)";
    }

    private void toChannel(String enclave, List<Notice> notices, Function<String, String> text, EventRecord event) {
        Optional<ChannelDirectory.Binding> binding = directory.bindingOf(enclave);
        binding.ifPresent(b -> {
            String line = text.apply(b.channelId());
            notices.add(new Notice(b.channelId(), line, List.of(section(s -> s.text(markdownText(line))),
                    actions(a -> a.elements(List.of(whyButton(event)))))));
        });
    }

    private String roomLine(String room) {
        return directory.room(room).map(r -> ":calendar: Meeting sync \"" + r.purpose() + "\" from <@" + r.initiator() + ">")
                .orElse(":calendar: Meeting sync " + room);
    }

    /** The "Why?" of this very event: its aggregate and position, which the read side explains. */
    private static com.slack.api.model.block.element.ButtonElement whyButton(EventRecord event) {
        return button(b -> b.actionId(WHY).text(plainText("Why?"))
                .value(event.aggregateId() + " " + (event.sequence() == null ? 0 : event.sequence())));
    }

    /**
     * Text someone typed, shown as typed: Slack's control characters escaped, so a reason cannot mention
     * {@code <!channel>} or dress up a link.
     */
    static String verbatim(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Slack shows the time in each reader's own time zone; the fallback is UTC. */
    static String when(TimeWindow slot) {
        return "<!date^" + slot.start().getEpochSecond() + "^{date_short_pretty} {time}|" + slot.start() + ">"
                + "–<!date^" + slot.end().getEpochSecond() + "^{time}|" + slot.end() + ">";
    }
}
