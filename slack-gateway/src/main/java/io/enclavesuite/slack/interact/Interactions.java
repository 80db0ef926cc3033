package io.enclavesuite.slack.interact;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import io.enclavesuite.slack.outbox.PendingReplies.FollowUp;
import com.slack.api.model.view.View;
import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.AcknowledgeWindows;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.DeclineParticipation;
import io.enclavesuite.api.coordination.DeferApproval;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.Withdraw;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ConfirmDeprovision;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.notify.Notice;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.Dispatcher.Request;
import io.enclavesuite.slack.outbox.Replies;
import io.enclavesuite.slack.readside.ReadAnswers;
import io.enclavesuite.slack.readside.ReadSide;

import io.enclavesuite.slack.verification.SlackRequestIds;
import io.enclavesuite.trust.RoomSeals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewTitle;
import static com.slack.api.model.view.Views.viewClose;

/**
 * Buttons people press: approve, decline or defer joining a room, propose a time (sealed here), accept or acknowledge a
 * proposal (by its number) or counter it with a time of their own (sealed here), withdraw from a room (after Slack's
 * confirmation dialog), confirm a deprovisioning, sign in to the channel's enclave, and "Why?". The clicking user is the actor; a button naming an enclave is honoured
 * only in that enclave's own channel, whatever the button's value says.
 */
public class Interactions {

    /** A button of a proposal that names none: from before proposals were numbered, or not ours. */
    /** A modal's submission that could not be stored: shown on the form, which stays open to submit again. */
    static final String NOT_KEPT = "Your answer could not be stored just now, so nothing was sent. Submit again in a moment.";

    static final String NO_PROPOSAL = "That button names no proposal: use the buttons of the latest message about "
            + "this meeting.";

    private final ChannelDirectory directory;
    private final Dispatcher dispatcher;
    private final ReadSide readSide;
    private final SlackWebApi slack;
    private final Replies replies;

    public Interactions(ChannelDirectory directory, Dispatcher dispatcher, ReadSide readSide, SlackWebApi slack,
                        Replies replies) {
        this.directory = directory;
        this.dispatcher = dispatcher;
        this.readSide = readSide;
        this.slack = slack;
        this.replies = replies;
    }

    public Response approve(BlockActionRequest request, ActionContext context) {
        return roomAction(request, context, room -> new ApproveParticipation(room), "approved joining");
    }

    public Response decline(BlockActionRequest request, ActionContext context) {
        return roomAction(request, context, room -> new DeclineParticipation(room, "declined in Slack"),
                "declined joining");
    }

    /** Not now: the person stays asked, and approves or declines later. */
    public Response defer(BlockActionRequest request, ActionContext context) {
        UserId participant = UserId.of(request.getPayload().getUser().getId());
        return roomAction(request, context, room -> new DeferApproval(room, participant),
                "deferred: approve or decline it later");
    }

    public Response acceptSlot(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        Optional<RoomSlot> slot = RoomSlot.parse(value(p));
        if (slot.isEmpty()) {
            return refuse(context, p, NO_PROPOSAL);
        }
        CoordinationId room = slot.get().room();
        if (!dispatcher.dispatch(Request.of(SlackRequestIds.commandId(request), new AcceptSlot(room, slot.get().proposal()),
                p.getUser().getId(), channelOf(p), room.value(), p.getResponseUrl(),
                "accepted proposal " + slot.get().proposal()))) {
            notKept(p);
        }
        return context.ack();
    }

    public Response acknowledgeWindows(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        Optional<RoomSlot> slot = RoomSlot.parse(value(p));
        if (slot.isEmpty()) {
            return refuse(context, p, NO_PROPOSAL);
        }
        CoordinationId room = slot.get().room();
        if (!dispatcher.dispatch(Request.of(SlackRequestIds.commandId(request),
                new AcknowledgeWindows(room, slot.get().proposal()), p.getUser().getId(), channelOf(p), room.value(),
                p.getResponseUrl(), "acknowledged proposal " + slot.get().proposal()))) {
            notKept(p);
        }
        return context.ack();
    }

    /** The confirmed button of {@code /meet withdraw}: Slack showed its confirmation dialog before sending this. */
    public Response withdraw(BlockActionRequest request, ActionContext context) {
        return roomAction(request, context, room -> new Withdraw(room, "withdrew in Slack"),
                "withdrew: the meeting sync is called off");
    }

    /** Opens the modal for a time of the person's own; the submission comes back to {@link #submitProposal}. */
    public Response openProposal(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        Optional<CoordinationId> room = RoomSlot.room(value(p));
        if (room.isEmpty()) {
            return refuse(context, p, "That button names no room.");
        }
        String purpose = directory.room(room.get().value()).map(ChannelDirectory.Room::purpose).orElse("the meeting");
        String triggerId = p.getTriggerId();
        dispatcher.later(p.getResponseUrl(), () -> slack.openView(triggerId, WindowModals.propose(room.get().value(), purpose)));
        return context.ack();
    }

    /** Opens the availability modal of a room; the submission comes back to {@link #submitWindows}. */
    public Response shareWindows(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        Optional<CoordinationId> room = RoomSlot.room(value(p));
        if (room.isEmpty()) {
            return refuse(context, p, "That button names no room.");
        }
        String purpose = directory.room(room.get().value()).map(ChannelDirectory.Room::purpose).orElse("the meeting");
        String triggerId = p.getTriggerId();
        dispatcher.later(p.getResponseUrl(), () -> slack.openView(triggerId, WindowModals.windows(room.get().value(), purpose)));
        return context.ack();
    }

    public Response openCounter(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        Optional<RoomSlot> slot = RoomSlot.parse(value(p));
        if (slot.isEmpty()) {
            return refuse(context, p, NO_PROPOSAL);
        }
        String triggerId = p.getTriggerId();
        dispatcher.later(p.getResponseUrl(), () -> slack.openView(triggerId, WindowModals.counter(slot.get())));
        return context.ack();
    }

    /** The availability modal was submitted: mistakes are shown next to the fields, in the modal, at once. */
    public Response submitWindows(ViewSubmissionRequest request, ViewSubmissionContext context) {
        ViewSubmissionPayload p = request.getPayload();
        WindowModals.Parsed<List<TimeWindow>> parsed = WindowModals.windows(p.getView().getState());
        if (!parsed.valid()) {
            return context.ackWithErrors(parsed.errors());
        }
        Optional<CoordinationId> room = RoomSlot.room(p.getView().getPrivateMetadata());
        if (room.isEmpty()) {
            return context.ackWithErrors(Map.of(WindowModals.start(1), "This form belongs to no room."));
        }
        Optional<String> roomKey = directory.room(room.get().value()).map(ChannelDirectory.Room::roomKey);
        if (roomKey.isEmpty()) {
            return context.ackWithErrors(Map.of(WindowModals.start(1),
                    "This room has no key to seal your windows to (it is unknown here, or older than sealing)."));
        }
        String user = p.getUser().getId();
        // sealed here, right after Slack handed the values over: from now on they travel as ciphertext only
        SealedWindows sealed = RoomSeals.sealWindows(roomKey.get(), room.get(), new UserId(user), parsed.value());
        if (!dispatcher.dispatch(Request.of(SlackRequestIds.commandId(request), new SubmitWindows(room.get(), sealed),
                user, null, room.get().value(), null, "your " + parsed.value().size() + " window(s) are shared, sealed")
                .following(FollowUp.DIRECT_MESSAGE))) {
            return context.ackWithErrors(Map.of(WindowModals.start(1), NOT_KEPT));
        }
        return context.ack();
    }

    public Response submitCounter(ViewSubmissionRequest request, ViewSubmissionContext context) {
        ViewSubmissionPayload p = request.getPayload();
        Optional<RoomSlot> rejected = RoomSlot.parse(p.getView().getPrivateMetadata());
        return submitSlot(request, context, rejected.map(RoomSlot::room), "This form belongs to no proposal.",
                (room, sealed) -> new CounterSlot(room, rejected.get().proposal(), sealed),
                "your other time is proposed, sealed");
    }

    public Response submitProposal(ViewSubmissionRequest request, ViewSubmissionContext context) {
        ViewSubmissionPayload p = request.getPayload();
        return submitSlot(request, context, RoomSlot.room(p.getView().getPrivateMetadata()),
                "This form belongs to no room.", ProposeSlot::new, "your time is proposed, sealed");
    }

    /**
     * A time picked in a modal, sealed to the room's key as windows are: it leaves the gateway as ciphertext only. A
     * mistake is shown next to its field and nothing is sent.
     */
    private Response submitSlot(ViewSubmissionRequest request, ViewSubmissionContext context,
                                Optional<CoordinationId> room, String noRoom,
                                BiFunction<CoordinationId, SealedSlot, Object> command, String subject) {
        ViewSubmissionPayload p = request.getPayload();
        WindowModals.Parsed<TimeWindow> parsed = WindowModals.alternative(p.getView().getState());
        if (!parsed.valid()) {
            return context.ackWithErrors(parsed.errors());
        }
        if (room.isEmpty()) {
            return context.ackWithErrors(Map.of(WindowModals.start(1), noRoom));
        }
        Optional<String> roomKey = directory.room(room.get().value()).map(ChannelDirectory.Room::roomKey);
        if (roomKey.isEmpty()) {
            return context.ackWithErrors(Map.of(WindowModals.start(1),
                    "This room has no key to seal your time to (it is unknown here, or older than sealing)."));
        }
        String user = p.getUser().getId();
        SealedSlot sealed = RoomSeals.sealSlot(roomKey.get(), room.get(), new UserId(user), parsed.value());
        if (!dispatcher.dispatch(Request.of(SlackRequestIds.commandId(request), command.apply(room.get(), sealed), user,
                null, room.get().value(), null, subject).following(FollowUp.DIRECT_MESSAGE))) {
            return context.ackWithErrors(Map.of(WindowModals.start(1), NOT_KEPT));
        }
        return context.ack();
    }

    public Response confirmDeprovision(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        String[] parts = value(p).split(" ");
        if (parts.length != 2) {
            return refuse(context, p, "That button carries no confirmation code.");
        }
        Optional<EnclaveId> enclave = ownEnclave(p, parts[0]);
        if (enclave.isEmpty()) {
            return refuse(context, p, "Enclave *" + parts[0] + "* is not this channel's enclave: nothing was done.");
        }
        if (!dispatcher.dispatch(Request.of(SlackRequestIds.commandId(request), new ConfirmDeprovision(enclave.get(), parts[1]),
                p.getUser().getId(), channelOf(p), enclave.get().value(), p.getResponseUrl(),
                "deprovisioning of " + enclave.get() + " started"))) {
            notKept(p);
        }
        return context.ack();
    }

    public Response join(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        Optional<EnclaveId> enclave = ownEnclave(p, value(p));
        if (enclave.isEmpty()) {
            return refuse(context, p, "Enclave *" + value(p) + "* is not this channel's enclave: nothing was done.");
        }
        String user = p.getUser().getId();
        if (!dispatcher.dispatch(Request.of(SlackRequestIds.commandId(request), new RegisterMember(enclave.get(), UserId.of(user)), user,
                channelOf(p), enclave.get().value(), p.getResponseUrl(), "you are a member of " + enclave.get()))) {
            notKept(p);
        }
        return context.ack();
    }

    /** Opens a modal with the chain behind the item the button belongs to, as the read side lets this user see it. */
    public Response why(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        String[] parts = value(p).split(" ");
        if (parts.length != 2 || !parts[1].matches("\\d{1,9}")) {
            return refuse(context, p, "That button names no item.");
        }
        String user = p.getUser().getId();
        String triggerId = p.getTriggerId();
        dispatcher.later(p.getResponseUrl(), () -> {
            String text = readSide.why(user, parts[0], Long.parseLong(parts[1])).map(ReadAnswers::why)
                    .orElse("Nothing to explain that you may see.");
            View modal = view(v -> v.type("modal").title(viewTitle(t -> t.type("plain_text").text("Why?")))
                    .close(viewClose(c -> c.type("plain_text").text("Close")))
                    .blocks(List.of(section(s -> s.text(markdownText(trim(text)))))));
            slack.openView(triggerId, modal);
        });
        return context.ack();
    }

    private Response roomAction(BlockActionRequest request, ActionContext context,
                                java.util.function.Function<CoordinationId, Object> command, String subject) {
        BlockActionPayload p = request.getPayload();
        Optional<CoordinationId> room = RoomSlot.room(value(p));
        if (room.isEmpty()) {
            return refuse(context, p, "That button names no room.");
        }
        if (!dispatcher.dispatch(Request.of(SlackRequestIds.commandId(request), command.apply(room.get()), p.getUser().getId(), channelOf(p),
                room.get().value(), p.getResponseUrl(), subject))) {
            notKept(p);
        }
        return context.ack();
    }

    /** The enclave a button names, only when it is the one bound to the channel the click came from. */
    private Optional<EnclaveId> ownEnclave(BlockActionPayload p, String named) {
        String channel = channelOf(p);
        return channel == null ? Optional.empty()
                : directory.enclaveOf(channel).filter(named::equals).map(EnclaveId::of);
    }

    private static String channelOf(BlockActionPayload p) {
        String id = p.getChannel() == null ? null : p.getChannel().getId();
        return ChannelId.isChannel(id) ? id : null;
    }

    private static String value(BlockActionPayload p) {
        return p.getActions() == null || p.getActions().isEmpty() || p.getActions().get(0).getValue() == null ? ""
                : p.getActions().get(0).getValue();
    }

    /**
     * The person hears that their click was not stored, so nothing was sent: through the response_url, or as a direct
     * message from the App Home (whose buttons have none).
     */
    private void notKept(BlockActionPayload p) {
        if (p.getResponseUrl() != null) {
            dispatcher.notKept(p.getResponseUrl());
        } else {
            String user = p.getUser().getId();
            dispatcher.later(null, () -> slack.post(Notice.text(user, Dispatcher.NOT_KEPT)));
        }
    }

    private Response refuse(ActionContext context, BlockActionPayload p, String why) {
        if (p.getResponseUrl() != null) {
            dispatcher.later(p.getResponseUrl(), () -> replies.ephemeral(p.getResponseUrl(), ":x: " + why, List.of()));
        }
        return context.ack();
    }

    /** A section's text is at most 3,000 characters. */
    private static String trim(String text) {
        return text.length() <= 2900 ? text : text.substring(0, 2900) + "…";
    }
}
