package io.enclavesuite.slack.channel;

import com.slack.api.model.event.ChannelArchiveEvent;
import com.slack.api.model.event.ChannelRenameEvent;
import com.slack.api.model.event.ChannelUnarchiveEvent;
import com.slack.api.model.event.MemberJoinedChannelEvent;
import com.slack.api.model.event.MemberLeftChannelEvent;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.slack.GatewayMetrics;
import io.enclavesuite.slack.GatewayProperties;
import io.enclavesuite.slack.SlackRoutes;
import io.enclavesuite.slack.notify.Notices;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.readside.RoomProposals;
import io.enclavesuite.slack.signin.SignInState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/**
 * The channel feature: the event topics read into the {@link ChannelDirectory} and announced in Slack, and Slack's
 * channel events (archive, unarchive, rename, join, leave) turned into commands.
 */
@Configuration(proxyBeanMethods = false)
class ChannelConfiguration {

    @Bean
    EventFeed eventFeed(ChannelDirectory directory, RoomProposals proposals, SlackWebApi slack, JdbcTemplate jdbc,
                        GatewayProperties properties, TopicNames topics, Clock clock, GatewayMetrics metrics) {
        return new EventFeed(directory, new Notices(directory, proposals, properties.publicApiUrl()), slack, jdbc, clock,
                properties.noticeMaxAge(), metrics, properties.consumerGroup(topics.prefix(), "events"));
    }

    @Bean
    SlackRoutes channelRoutes(ChannelDirectory directory, Dispatcher dispatcher, SlackWebApi slack, JdbcTemplate jdbc,
                              SignInState signIn, GatewayProperties properties) {
        ChannelEvents events = new ChannelEvents(directory, dispatcher, slack, jdbc,
                properties.signIn().enabled() ? signIn : null, properties.signIn().publicUrl());
        return app -> {
            app.event(ChannelArchiveEvent.class, events::archived);
            app.event(ChannelUnarchiveEvent.class, events::unarchived);
            app.event(ChannelRenameEvent.class, events::renamed);
            app.event(MemberJoinedChannelEvent.class, events::joined);
            app.event(MemberLeftChannelEvent.class, events::left);
            app.blockAction(ChannelEvents.SIGN_IN, (request, context) -> context.ack()); // a link: the browser goes on
        };
    }
}
