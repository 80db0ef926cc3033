package io.enclavesuite.slack.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.MemberRemovalReason;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.UnfreezeEnclave;
import io.enclavesuite.api.enclave.RequestDeprovision;
import io.enclavesuite.api.enclave.SetEnclaveMode;
import io.enclavesuite.api.enclave.TransferOwnership;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RunTentacle;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.notify.Notices;
import io.enclavesuite.slack.channel.SignInPrompt;
import io.enclavesuite.slack.notify.Notice;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.Dispatcher.Request;
import io.enclavesuite.slack.outbox.PendingReplies.FollowUp;
import io.enclavesuite.slack.outbox.Replies;
import io.enclavesuite.slack.readside.ReadAnswers;
import io.enclavesuite.slack.readside.ReadSide;
import io.enclavesuite.slack.verification.SlackRequestIds;
import io.enclavesuite.trust.RoomSeals;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/**
 * The slash commands. Each is acknowledged at once with an ephemeral line, a command once it is stored in the outbox
 * (from which it goes to Kafka); reads go to the read side after the acknowledgement, and the answer follows through
 * the response_url. The enclave is always
 * the one bound to the channel the command was typed in, and the actor the user Slack verified.
 */
public class SlashCommands {

    /** The button that confirms {@code /enclave remove <tentacle>}; its value is "enclave tentacle". */
    public static final String CONFIRM_REMOVE_TENTACLE = "confirm_remove_tentacle";

    private final SlashCommandParser parser;
    private final HelpPages help;
    private final ChannelDirectory directory;
    private final Dispatcher dispatcher;
    private final ReadSide readSide;
    private final Replies replies;
    private final SlackWebApi slack;
    private final SignInPrompt prompt;

    public SlashCommands(SlashCommandParser parser, HelpPages help, ChannelDirectory directory, Dispatcher dispatcher,
                         ReadSide readSide, Replies replies, SlackWebApi slack, SignInPrompt prompt) {
        this.slack = slack;
        this.prompt = prompt;
        this.parser = parser;
        this.help = help;
        this.directory = directory;
        this.dispatcher = dispatcher;
        this.readSide = readSide;
        this.replies = replies;
    }

    public Response enclave(SlashCommandRequest request, SlashCommandContext context) {
        SlashCommandPayload p = request.getPayload();
        Intent intent = parser.enclave(p.getText());
        if (intent instanceof Intent.Help h) {
            return context.ack(help.render(h));
        }
        String user = p.getUserId();
        String channel = p.getChannelId();
        String url = p.getResponseUrl();
        if (intent instanceof Intent.Provision provision) {
            return provision(request, context, provision);
        }
        Optional<String> bound = directory.enclaveOf(channel);
        if (bound.isEmpty()) {
            return context.ack("This channel has no enclave yet. `/enclave provision` creates one.");
        }
        EnclaveId enclave = EnclaveId.of(bound.get());
        if (intent instanceof Intent.Join) {
            return join(context, user, channel, enclave);
        }
        if (intent instanceof Intent.Info) {
            return read(context, url, () -> readSide.enclave(user, enclave.value())
                    .map(ReadAnswers::info).orElse(notVisible(enclave)));
        }
        if (intent instanceof Intent.Members) {
            return read(context, url, () -> readSide.enclave(user, enclave.value())
                    .map(ReadAnswers::members).orElse(notVisible(enclave)));
        }
        if (intent instanceof Intent.Tentacles) {
            return read(context, url, () -> readSide.tentacles(user, enclave.value())
                    .map(t -> ReadAnswers.tentacles(enclave.value(), t)).orElse(notVisible(enclave)));
        }
        if (intent instanceof Intent.SetMode mode) {
            return send(context, Request.of(SlackRequestIds.commandId(request), new SetEnclaveMode(enclave, mode.mode()), user, channel,
                    enclave.value(), url, "mode of " + enclave + " set to " + mode.mode()),
                    "Setting the mode of *" + enclave + "*…");
        }
        if (intent instanceof Intent.Transfer transfer) {
            return send(context, Request.of(SlackRequestIds.commandId(request), new TransferOwnership(enclave, transfer.newOwner()),
                    user, channel, enclave.value(), url,
                    "ownership of " + enclave + " handed to <@" + transfer.newOwner() + ">"),
                    "Handing *" + enclave + "* to <@" + transfer.newOwner() + ">…");
        }
        if (intent instanceof Intent.Deprovision) {
            return send(context, Request.of(SlackRequestIds.commandId(request), new RequestDeprovision(enclave), user, channel,
                    enclave.value(), url, enclave.value()).following(FollowUp.CONFIRM_DEPROVISION),
                    "Asking to deprovision *" + enclave + "*…");
        }
        if (intent instanceof Intent.Run run) {
            return send(context, Request.of(SlackRequestIds.commandId(request), new RunTentacle(enclave, run.tentacle()), user, channel,
                    enclave.value(), url, "tentacle " + run.tentacle() + " started"),
                    "Starting *" + run.tentacle() + "*…");
        }
        return teamActions(intent, request, context, enclave)
                .orElseGet(() -> context.ack(help.render(Intent.Help.of(Intent.Topic.ENCLAVE))));
    }

    /** The owner's membership changes, freeze and unfreeze, and a tentacle's removal (asked to confirm first). */
    private Optional<Response> teamActions(Intent intent, SlashCommandRequest request, SlashCommandContext context,
                                           EnclaveId enclave) {
        SlashCommandPayload p = request.getPayload();
        String user = p.getUserId();
        String channel = p.getChannelId();
        String url = p.getResponseUrl();
        if (intent instanceof Intent.AddMember add) {
            return Optional.of(send(context, Request.of(SlackRequestIds.commandId(request),
                            new RegisterMember(enclave, add.member()), user, channel, enclave.value(), url,
                            "<@" + add.member() + "> is a member of " + enclave),
                    "Adding <@" + add.member() + "> to *" + enclave + "*…"));
        }
        if (intent instanceof Intent.RemoveMember remove) {
            return Optional.of(send(context, Request.of(SlackRequestIds.commandId(request),
                            // someone else removed: the owner's act, as the history will say (the service checks)
                            new RemoveMember(enclave, remove.member(), remove.member().value().equals(user) ? null
                                    : MemberRemovalReason.REMOVED_BY_OWNER), user, channel, enclave.value(), url,
                            "<@" + remove.member() + "> is no longer a member of " + enclave),
                    "Removing <@" + remove.member() + "> from *" + enclave + "*…"));
        }
        if (intent instanceof Intent.Freeze) {
            return Optional.of(send(context, Request.of(SlackRequestIds.commandId(request),
                            new FreezeEnclave(enclave, FreezeReason.OWNER_REQUEST), user, channel, enclave.value(), url,
                            enclave + " frozen"),
                    "Freezing *" + enclave + "*…"));
        }
        if (intent instanceof Intent.Unfreeze) {
            return Optional.of(send(context, Request.of(SlackRequestIds.commandId(request),
                            new UnfreezeEnclave(enclave, FreezeReason.OWNER_REQUEST), user, channel, enclave.value(), url,
                            enclave + " unfrozen"),
                    "Lifting your freeze of *" + enclave + "*…"));
        }
        if (intent instanceof Intent.RemoveTentacle remove) {
            String text = "Removing tentacle *" + remove.tentacle() + "* takes its workload out of *" + enclave
                    + "* for good. Confirm to remove it.";
            return Optional.of(context.ack(SlashCommandResponse.builder().responseType("ephemeral").text(text)
                    .blocks(List.of(section(s -> s.text(markdownText(text))),
                            actions(a -> a.elements(List.of(button(b -> b.actionId(CONFIRM_REMOVE_TENTACLE)
                                    .style("danger").text(plainText("Remove " + remove.tentacle()))
                                    .value(enclave.value() + " " + remove.tentacle().value())))))))
                    .build()));
        }
        return Optional.empty();
    }

    /**
     * The confirmation of {@code /enclave remove}: sends {@code RemoveTentacle} as the clicking person, only when the
     * enclave the button names is the one bound to the channel the click came from.
     */
    public Response confirmRemoveTentacle(BlockActionRequest request, ActionContext context) {
        BlockActionPayload p = request.getPayload();
        String value = p.getActions() == null || p.getActions().isEmpty() || p.getActions().get(0).getValue() == null
                ? "" : p.getActions().get(0).getValue();
        String channel = p.getChannel() == null ? null : p.getChannel().getId();
        String[] parts = value.split(" ");
        Optional<TentacleName> tentacle = parts.length == 2 ? parse(parts[1]) : Optional.empty();
        Optional<EnclaveId> enclave = parts.length == 2 && ChannelId.isChannel(channel)
                ? directory.enclaveOf(channel).filter(parts[0]::equals).map(EnclaveId::of) : Optional.empty();
        String url = p.getResponseUrl();
        if (tentacle.isEmpty() || enclave.isEmpty()) {
            if (url != null) {
                dispatcher.later(url, () -> replies.ephemeral(url, ":x: That button names no tentacle of this "
                        + "channel's enclave: nothing was removed.", List.of()));
            }
            return context.ack();
        }
        if (!dispatcher.dispatch(Request.of(SlackRequestIds.commandId(request), new RemoveTentacle(enclave.get(),
                        tentacle.get()), p.getUser().getId(), channel, enclave.get().value(), url,
                "tentacle " + tentacle.get() + " removed from " + enclave.get()))) {
            dispatcher.notKept(url);
        }
        return context.ack();
    }

    private static Optional<TentacleName> parse(String tentacle) {
        try {
            return Optional.of(TentacleName.of(tentacle));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The channel's owner in Slack owns its enclave: Slack is asked who that is after the acknowledgement (its answer
     * may take longer than Slack waits for ours), the command held in the outbox meanwhile, and anyone else is told
     * who may provision and why. Without a bot
     * token there is no Slack to ask: the caller is taken as the owner, and told so.
     */
    private Response provision(SlashCommandRequest request, SlashCommandContext context, Intent.Provision provision) {
        SlashCommandPayload p = request.getPayload();
        String user = p.getUserId();
        String channel = p.getChannelId();
        String url = p.getResponseUrl();
        Optional<String> existing = directory.enclaveOf(channel);
        if (existing.isPresent()) {
            return context.ack("This channel already has enclave *" + existing.get() + "*: `/enclave info` shows it.");
        }
        if (!ChannelId.isChannel(channel)) {
            return context.ack("An enclave belongs to a channel: run this in the team's channel, not a direct message.");
        }
        ObjectNode payload = EnclaveJson.mapper().createObjectNode();
        payload.putObject("channel").put("id", channel).put("name", p.getChannelName());
        if (provision.quota() != null) {
            payload.put("quota", provision.quota().label());
        }
        if (provision.mode() != null) {
            payload.put("defaultMode", provision.mode().toString());
        }
        Request command = new Request(SlackRequestIds.commandId(request), "ProvisionEnclave", payload, user, channel,
                channel, url, "provisioning the enclave of #" + p.getChannelName(), FollowUp.NONE);
        if (!slack.connected()) {
            if (!dispatcher.dispatch(command)) {
                return context.ack(Dispatcher.NOT_KEPT);
            }
            return context.ack(":hourglass_flowing_sand: Provisioning an enclave for #" + p.getChannelName()
                    + ", with you as its owner: no Slack workspace is connected, so I cannot ask Slack who owns the "
                    + "channel. I'll post in the channel when it is ready.");
        }
        // stored before the acknowledgement, held until Slack has said who owns the channel
        if (!dispatcher.dispatchChecked(command, () -> ownerRefusal(user, channel, p.getChannelName()))) {
            return context.ack(Dispatcher.NOT_KEPT);
        }
        return context.ack(":hourglass_flowing_sand: Provisioning an enclave for #" + p.getChannelName()
                + " once Slack confirms you own the channel. I'll post in the channel when it is ready.");
    }

    /** Why {@code user} may not provision {@code channel}'s enclave, asking Slack; empty when they own it. */
    private Optional<String> ownerRefusal(String user, String channel, String channelName) {
        SlackWebApi.Channel info;
        try {
            info = slack.channel(channel);
        } catch (SlackWebApi.RateLimited limited) {
            return Optional.of(":hourglass: Slack asks me to wait before asking who owns #" + channelName
                    + "; nothing was sent. Try again in " + limited.retryAfter().toSeconds() + " s.");
        } catch (SlackWebApi.Refused | java.io.UncheckedIOException e) {
            return Optional.of(":x: I could not ask Slack who owns #" + channelName + " (" + e.getMessage()
                    + "); nothing was sent. Try again shortly.");
        }
        if (info.creator() == null || info.creator().isBlank()) {
            return Optional.of(":x: Slack names no owner of #" + channelName + ", so nobody may provision its enclave "
                    + "from Slack; nothing was sent.");
        }
        if (!info.creator().equals(user)) {
            return Optional.of(":no_entry: Only <@" + info.creator() + ">, who owns #" + channelName
                    + " in Slack, can provision its enclave. Nothing was sent.");
        }
        return Optional.empty();
    }

    /** The sign-in prompt again, for someone who missed or lost it; a member is told they are one. */
    private Response join(SlashCommandContext context, String user, String channel, EnclaveId enclave) {
        if (directory.belongsTo(enclave.value(), user)) {
            return context.ack("You are a member of *" + enclave + "* already.");
        }
        Notice notice = prompt.to(user, channel, enclave.value(), "Here is your sign-in.");
        return context.ack(r -> r.responseType("ephemeral").text(notice.text()).blocks(notice.blocks()));
    }

    public Response meet(SlashCommandRequest request, SlashCommandContext context) {
        SlashCommandPayload p = request.getPayload();
        UserId caller = UserId.of(p.getUserId());
        Intent intent = parser.meet(p.getText(), caller);
        if (intent instanceof Intent.Help h) {
            return context.ack(help.render(h));
        }
        if (intent instanceof Intent.MeetStatus) {
            return read(context, p.getResponseUrl(), () -> readSide.rooms(caller.value()).map(ReadAnswers::rooms)
                    .orElse("You take part in no meeting syncs."));
        }
        if (intent instanceof Intent.ProposeTime propose) {
            return proposeTime(request, context, caller, propose);
        }
        if (intent instanceof Intent.WithdrawFrom withdraw) {
            return context.ack(withdrawConfirmation(withdraw.room()));
        }
        if (intent instanceof Intent.PolicyShow) {
            // the read side answers each person their own policy, whatever they have set (defaults included)
            return read(context, p.getResponseUrl(), () -> readSide.policy(caller.value()).map(ReadAnswers::policy)
                    .orElse("Your agent policy could not be read."));
        }
        if (intent instanceof Intent.PolicyChange change) {
            // the caller's own policy, whatever channel this was typed in: the aggregate is the person
            return send(context, Request.of(SlackRequestIds.commandId(request), change.command(caller), caller.value(),
                    null, caller.value(), p.getResponseUrl(), change.said()), "Changing your agent policy…");
        }
        Intent.Meet meet = (Intent.Meet) intent;
        List<UserId> participants = new ArrayList<>();
        participants.add(caller);
        participants.addAll(meet.others());
        // the same on a replay of this request, like its command id
        CoordinationId room = CoordinationId.of("room-" + SlackRequestIds.derived(request, "room"));
        ChannelId origin = ChannelId.isChannel(p.getChannelId()) ? ChannelId.of(p.getChannelId()) : null;
        CreateCoordination create = new CreateCoordination(room, CoordinationType.MEETING_SYNC, meet.purpose(),
                participants, meet.duration(), meet.range(), null, origin);
        return send(context, Request.of(SlackRequestIds.commandId(request), create, caller.value(),
                        origin == null ? null : origin.value(), room.value(), p.getResponseUrl(),
                        "meeting sync \"" + meet.purpose() + "\" opened (" + room + ")"),
                ":calendar: Opening a meeting sync \"" + meet.purpose() + "\" with " + meet.others().size()
                        + " others. Each of you will be asked for availability windows only.");
    }

    /** The typed time is sealed to the room's key here, as a modal's is: it leaves the gateway as ciphertext only. */
    private Response proposeTime(SlashCommandRequest request, SlashCommandContext context, UserId caller,
                                 Intent.ProposeTime propose) {
        CoordinationId room = propose.room();
        Optional<String> roomKey = directory.room(room.value()).map(ChannelDirectory.Room::roomKey);
        if (roomKey.isEmpty()) {
            return context.ack(":x: I know no key for room `" + room + "` to seal your time to (no such room, or one "
                    + "older than sealing): nothing was sent. `/meet status` lists your rooms.");
        }
        SealedSlot sealed = RoomSeals.sealSlot(roomKey.get(), room, caller, propose.slot());
        SlashCommandPayload p = request.getPayload();
        return send(context, Request.of(SlackRequestIds.commandId(request), new ProposeSlot(room, sealed),
                        caller.value(), ChannelId.isChannel(p.getChannelId()) ? p.getChannelId() : null, room.value(),
                        p.getResponseUrl(), "your time for " + roomName(room) + " is proposed, sealed"),
                ":calendar: Proposing your time for " + roomName(room) + ", sealed to the room…");
    }

    /**
     * Nothing is sent yet: the answer carries a Withdraw button behind Slack's confirmation dialog, whose click sends
     * {@code Withdraw} as the clicking person.
     */
    private SlashCommandResponse withdrawConfirmation(CoordinationId room) {
        String text = "Withdraw from " + roomName(room) + "? The meeting sync is called off for everyone.";
        ConfirmationDialogObject confirm = ConfirmationDialogObject.builder()
                .title(plainText("Withdraw?")).text(plainText("This calls the meeting sync off for everyone."))
                .confirm(plainText("Withdraw")).deny(plainText("Keep it")).style("danger").build();
        List<LayoutBlock> blocks = List.of(section(s -> s.text(markdownText(text))),
                actions(a -> a.elements(List.of(button(b -> b.actionId(Notices.WITHDRAW).style("danger")
                        .text(plainText("Withdraw")).value(room.value()).confirm(confirm))))));
        return SlashCommandResponse.builder().responseType("ephemeral").text(text).blocks(blocks).build();
    }

    private String roomName(CoordinationId room) {
        return directory.room(room.value()).map(r -> "\"" + r.purpose() + "\" (`" + room + "`)")
                .orElse("`" + room + "`");
    }

    public Response why(SlashCommandRequest request, SlashCommandContext context) {
        SlashCommandPayload p = request.getPayload();
        Intent intent = parser.why(p.getText());
        if (intent instanceof Intent.Help h) {
            return context.ack(help.render(h));
        }
        Intent.Why why = (Intent.Why) intent;
        return read(context, p.getResponseUrl(), () -> readSide.why(p.getUserId(), why.aggregate(), why.sequence())
                .map(ReadAnswers::why).orElse("Nothing to explain: no item " + why.sequence() + " of '"
                        + why.aggregate() + "' that you may see."));
    }

    /** Acknowledged with {@code ack} once the command is stored; if it could not be, the ack says nothing was sent. */
    private Response send(SlashCommandContext context, Request request, String ack) {
        return context.ack(dispatcher.dispatch(request) ? ack : Dispatcher.NOT_KEPT);
    }

    private Response read(SlashCommandContext context, String responseUrl, java.util.function.Supplier<String> answer) {
        dispatcher.later(responseUrl, () -> replies.ephemeral(responseUrl, answer.get(), List.of()));
        return context.ack();
    }

    private static String notVisible(EnclaveId enclave) {
        return "Enclave *" + enclave + "* is not visible to you: its mode gives you no `r`.";
    }
}
