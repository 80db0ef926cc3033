package io.enclavesuite.api.enclave;

/**
 * A command that states what happened to a Slack channel — archived, unarchived, renamed. Only Slack knows these
 * facts, so only the principal that speaks for Slack (the gateway, which verifies Slack's signatures) may state them:
 * anyone else could lift an archived channel's freeze or rename an enclave at will. The intake refuses a channel fact
 * from any other principal ({@code enclave.principals.registry.<id>.channel-facts}).
 */
public interface ChannelFact {

    /** Whether this command, as sent, states a channel fact (an owner's own freeze does not). */
    default boolean statesAChannelFact() {
        return true;
    }
}
