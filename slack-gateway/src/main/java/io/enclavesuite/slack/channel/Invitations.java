package io.enclavesuite.slack.channel;

import io.enclavesuite.slack.notify.SlackWebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Optional;

/**
 * When an enclave becomes active, everyone already in its channel is asked to sign in: people who were there before
 * the enclave never see a "joined the channel" event. Each person is invited once, recorded after Slack took the
 * prompt, so a redelivered event invites only whom a failure left out. A rate limit propagates: the event feed tries
 * the record again after Slack's Retry-After.
 */
class Invitations {

    private static final Logger log = LoggerFactory.getLogger(Invitations.class);

    private final ChannelDirectory directory;
    private final SlackWebApi slack;
    private final SignInPrompt prompt;
    private final JdbcTemplate jdbc;

    Invitations(ChannelDirectory directory, SlackWebApi slack, SignInPrompt prompt, JdbcTemplate jdbc) {
        this.directory = directory;
        this.slack = slack;
        this.prompt = prompt;
        this.jdbc = jdbc;
    }

    void enclaveActivated(String enclave) {
        Optional<ChannelDirectory.Binding> binding = directory.bindingOf(enclave).filter(b -> !b.released());
        if (binding.isEmpty()) {
            return;
        }
        if (!slack.connected()) {
            log.info("No Slack workspace connected: the members of #{} are not invited to sign in to {}",
                    binding.get().channelName(), enclave);
            return;
        }
        String channel = binding.get().channelId();
        java.util.List<String> members;
        try {
            members = slack.members(channel);
        } catch (SlackWebApi.Refused refused) {
            log.warn("The members of {} cannot be invited to {}: {}", channel, enclave, refused.getMessage());
            return;
        }
        for (String person : members) {
            if (directory.belongsTo(enclave, person) || invited(enclave, person)) {
                continue; // the owner, someone who signed in already, or someone asked before
            }
            try {
                if (slack.notAPerson(person)) {
                    continue;
                }
                slack.postEphemeral(channel, person, prompt.to(person, channel, enclave, "Your channel's enclave is ready."));
            } catch (SlackWebApi.Refused refused) {
                log.warn("Sign-in invitation for {} in {} not delivered: {}", person, channel, refused.getMessage());
                continue;
            }
            jdbc.update("insert into member_invitation (enclave, user_id) values (?, ?) on conflict do nothing",
                    enclave, person);
        }
    }

    private boolean invited(String enclave, String person) {
        return !jdbc.queryForList("select 1 from member_invitation where enclave = ? and user_id = ?", Integer.class,
                enclave, person).isEmpty();
    }
}
