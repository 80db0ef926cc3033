package io.enclavesuite.slack.interact;

import io.enclavesuite.slack.GatewayProperties;
import io.enclavesuite.slack.SlackRoutes;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.channel.ChannelEvents;
import io.enclavesuite.slack.notify.Notices;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.CommandResults;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.Replies;
import io.enclavesuite.slack.readside.ReadSide;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The buttons of the gateway's messages and the modals they open, by the action and callback ids those carry. */
@Configuration(proxyBeanMethods = false)
class InteractConfiguration {

    @Bean
    SlackRoutes interactionRoutes(ChannelDirectory directory, Dispatcher dispatcher, ReadSide readSide,
                                  SlackWebApi slackWebApi, Replies replies, GatewayProperties properties) {
        Interactions interactions = new Interactions(directory, dispatcher, readSide, slackWebApi, replies);
        return app -> {
            app.blockAction(Notices.APPROVE, interactions::approve);
            app.blockAction(Notices.DECLINE, interactions::decline);
            app.blockAction(Notices.DEFER, interactions::defer);
            app.blockAction(Notices.ACCEPT_SLOT, interactions::acceptSlot);
            app.blockAction(Notices.COUNTER_SLOT, interactions::openCounter);
            app.blockAction(Notices.SHARE_WINDOWS, interactions::shareWindows);
            app.viewSubmission(WindowModals.SUBMIT_WINDOWS, interactions::submitWindows);
            app.viewSubmission(WindowModals.COUNTER_SLOT, interactions::submitCounter);
            app.blockAction(Notices.ACKNOWLEDGE_WINDOWS, interactions::acknowledgeWindows);
            app.blockAction(Notices.PROPOSE_SLOT, interactions::openProposal);
            app.viewSubmission(WindowModals.PROPOSE_SLOT, interactions::submitProposal);
            app.blockAction(Notices.WITHDRAW, interactions::withdraw);
            app.blockAction(Notices.WHY, interactions::why);
            app.blockAction(CommandResults.CONFIRM_DEPROVISION, interactions::confirmDeprovision);
            // With OpenID Connect a member is who signed in: a click (which anyone can craft in a message of their
            // own) registers nobody.
            if (properties.signIn().enabled()) {
                app.blockAction(ChannelEvents.JOIN, (request, context) -> {
                    String url = request.getPayload().getResponseUrl();
                    dispatcher.later(url, () -> replies.ephemeral(url, "This button no longer signs anyone in: "
                            + "`/enclave join` sends you the Sign in with Slack link. Nothing was done.", java.util.List.of()));
                    return context.ack();
                });
            } else {
                app.blockAction(ChannelEvents.JOIN, interactions::join);
            }
        };
    }
}
