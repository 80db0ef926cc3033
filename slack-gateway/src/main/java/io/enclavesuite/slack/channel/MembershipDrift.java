package io.enclavesuite.slack.channel;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.MemberRemovalReason;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.Dispatcher.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The periodic membership drift check: a member who left the channel while the gateway was down (or whose
 * member_left_channel event was lost) is still a member of the enclave. Each pass compares every live enclave's
 * members, as its events tell them, with the channel's members as Slack lists them now, and removes those gone with
 * reason not-in-channel, as Slack ({@value ChannelEvents#SLACK_ACTOR}). Only a complete answer from Slack counts:
 * a channel Slack will not list is skipped, never read as empty.
 */
public class MembershipDrift {

    private static final Logger log = LoggerFactory.getLogger(MembershipDrift.class);

    private final ChannelDirectory directory;
    private final SlackWebApi slack;
    private final Dispatcher dispatcher;

    MembershipDrift(ChannelDirectory directory, SlackWebApi slack, Dispatcher dispatcher) {
        this.directory = directory;
        this.slack = slack;
        this.dispatcher = dispatcher;
    }

    /** One pass over every live enclave; returns how many removals it sent. */
    public int pass() {
        if (!slack.connected()) {
            return 0; // no workspace: no member list to compare with
        }
        int sent = 0;
        for (ChannelDirectory.Binding binding : directory.live()) {
            List<ChannelDirectory.Member> members = directory.membersOf(binding.enclave());
            if (members.isEmpty()) {
                continue;
            }
            Set<String> inChannel;
            try {
                inChannel = new HashSet<>(slack.members(binding.channelId()));
            } catch (SlackWebApi.Refused | SlackWebApi.RateLimited | java.io.UncheckedIOException e) {
                log.warn("Membership drift check of {} skipped this time: {}", binding.enclave(), e.getMessage());
                continue;
            }
            for (ChannelDirectory.Member member : members) {
                if (inChannel.contains(member.user())) {
                    continue;
                }
                try {
                    dispatcher.send(Request.of(commandId(binding.enclave(), member), new RemoveMember(
                                    EnclaveId.of(binding.enclave()), UserId.of(member.user()), MemberRemovalReason.NOT_IN_CHANNEL),
                            ChannelEvents.SLACK_ACTOR, binding.channelId(), binding.enclave(), null, null));
                    sent++;
                } catch (RuntimeException e) {
                    log.warn("Removing {} from {} (not in #{}) not sent; the next pass tries again: {}", member.user(),
                            binding.enclave(), binding.channelName(), e.getMessage());
                }
            }
        }
        return sent;
    }

    /**
     * Named by the membership it ends: two passes before the removal is read back send the same command, which the
     * intake answers once; a later membership of the same person is a new registration and a new id.
     */
    static UUID commandId(String enclave, ChannelDirectory.Member member) {
        return UUID.nameUUIDFromBytes(("member-drift:" + enclave + ":" + member.user() + ":" + member.registration())
                .getBytes(StandardCharsets.UTF_8));
    }
}
