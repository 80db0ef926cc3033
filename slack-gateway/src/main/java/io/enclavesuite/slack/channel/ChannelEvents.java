package io.enclavesuite.slack.channel;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ChannelArchiveEvent;
import com.slack.api.model.event.ChannelRenameEvent;
import com.slack.api.model.event.ChannelUnarchiveEvent;
import com.slack.api.model.event.MemberJoinedChannelEvent;
import com.slack.api.model.event.MemberLeftChannelEvent;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.MemberRemovalReason;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.RenameChannel;
import io.enclavesuite.api.enclave.UnfreezeEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.Dispatcher.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;


/**
 * Channel life becomes enclave life: archive freezes, unarchive unfreezes, rename renames, leaving removes the
 * member, joining asks the person to sign in. Slack delivers an event at least once and retries it when the answer
 * is late or not 200: the command id is derived from the event id, so a retry is the same command (the intake
 * answers it once), and an event already handled is acknowledged without doing anything.
 */
public class ChannelEvents {

    private static final Logger log = LoggerFactory.getLogger(ChannelEvents.class);
    public static final String JOIN = "join_enclave";
    public static final String SIGN_IN = "sign_in";
    /** Renames and members found gone come from Slack itself, not from a person. */
    public static final String SLACK_ACTOR = "slack";

    private final ChannelDirectory directory;
    private final Dispatcher dispatcher;
    private final SlackWebApi slack;
    private final JdbcTemplate jdbc;
    private final SignInPrompt prompt;

    public ChannelEvents(ChannelDirectory directory, Dispatcher dispatcher, SlackWebApi slack, JdbcTemplate jdbc,
                         SignInPrompt prompt) {
        this.directory = directory;
        this.dispatcher = dispatcher;
        this.slack = slack;
        this.jdbc = jdbc;
        this.prompt = prompt;
    }

    public Response archived(EventsApiPayload<ChannelArchiveEvent> payload, EventContext context) {
        ChannelArchiveEvent e = payload.getEvent();
        return once(payload, context, e.getChannel(), enclave ->
                new FreezeEnclave(enclave, FreezeReason.CHANNEL_ARCHIVED), e.getUser());
    }

    public Response unarchived(EventsApiPayload<ChannelUnarchiveEvent> payload, EventContext context) {
        ChannelUnarchiveEvent e = payload.getEvent();
        return once(payload, context, e.getChannel(), enclave ->
                new UnfreezeEnclave(enclave, FreezeReason.CHANNEL_ARCHIVED), e.getUser());
    }

    public Response renamed(EventsApiPayload<ChannelRenameEvent> payload, EventContext context) {
        ChannelRenameEvent.Channel channel = payload.getEvent().getChannel();
        return once(payload, context, channel.getId(), enclave -> new RenameChannel(enclave, channel.getName()),
                SLACK_ACTOR);
    }

    public Response left(EventsApiPayload<MemberLeftChannelEvent> payload, EventContext context) {
        MemberLeftChannelEvent e = payload.getEvent();
        return once(payload, context, e.getChannel(), enclave -> new RemoveMember(enclave, UserId.of(e.getUser()),
                MemberRemovalReason.LEFT_CHANNEL), e.getUser());
    }

    /** A person joined the channel: they become a member when they sign in, by the button in this prompt. */
    public Response joined(EventsApiPayload<MemberJoinedChannelEvent> payload, EventContext context) {
        MemberJoinedChannelEvent e = payload.getEvent();
        Optional<String> enclave = directory.enclaveOf(e.getChannel());
        if (enclave.isEmpty() || !firstTime(payload.getEventId())) {
            return context.ack();
        }
        try {
            slack.postEphemeral(e.getChannel(), e.getUser(), prompt.to(e.getUser(), e.getChannel(), enclave.get(), "Welcome!"));
        } catch (SlackWebApi.Refused refused) {
            log.warn("Sign-in prompt for {} in {} not delivered: {}", e.getUser(), e.getChannel(), refused.getMessage());
        }
        return context.ack();
    }

    private Response once(EventsApiPayload<?> payload, EventContext context, String channel,
                          java.util.function.Function<EnclaveId, Object> command, String actor) {
        Optional<String> enclave = directory.enclaveOf(channel);
        if (enclave.isEmpty() || seen(payload.getEventId())) {
            return context.ack(); // a channel without an enclave, or a retry of what was done
        }
        Object message;
        try {
            message = command.apply(EnclaveId.of(enclave.get()));
        } catch (IllegalArgumentException e) {
            log.warn("Slack event {} cannot become a command: {}", payload.getEventId(), e.getMessage());
            return context.ack(); // a retry would not make it valid
        }
        // Stored in the outbox before acknowledging: if it cannot be, the answer is an error and Slack delivers the event
        // again; once stored, the relay publishes it whatever happens to this process.
        dispatcher.send(Request.of(commandId(payload), message, actor, channel, enclave.get(), null, null));
        firstTime(payload.getEventId());
        return context.ack();
    }

    /** The same Slack event always names the same command: the intake answers a repeat with the first result. */
    static UUID commandId(EventsApiPayload<?> payload) {
        return UUID.nameUUIDFromBytes(("slack-event:" + payload.getTeamId() + ":" + payload.getEventId())
                .getBytes(StandardCharsets.UTF_8));
    }

    private boolean seen(String eventId) {
        return !jdbc.queryForList("select 1 from seen_event where event_id = ?", Integer.class, eventId).isEmpty();
    }

    /** Records the event; true when no one had recorded it before. */
    private boolean firstTime(String eventId) {
        return jdbc.update("insert into seen_event (event_id, seen_at) values (?, now()) on conflict do nothing",
                eventId) == 1;
    }
}
