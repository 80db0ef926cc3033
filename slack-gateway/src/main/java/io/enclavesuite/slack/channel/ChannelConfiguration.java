package io.enclavesuite.slack.channel;

import com.slack.api.model.event.ChannelArchiveEvent;
import com.slack.api.model.event.ChannelRenameEvent;
import com.slack.api.model.event.ChannelUnarchiveEvent;
import com.slack.api.model.event.MemberJoinedChannelEvent;
import com.slack.api.model.event.MemberLeftChannelEvent;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.eventtopics.EventTopicRetention;
import io.enclavesuite.operability.SuiteTopicsProperties;
import io.enclavesuite.slack.GatewayMetrics;
import io.enclavesuite.slack.GatewayProperties;
import io.enclavesuite.slack.SlackRoutes;
import io.enclavesuite.slack.notify.DriftNotices;
import io.enclavesuite.slack.notify.Notices;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.readside.RoomProposals;
import io.enclavesuite.slack.signin.SignInState;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The channel feature: the event topics read into the {@link ChannelDirectory} and announced in Slack, and Slack's
 * channel events (archive, unarchive, rename, join, leave) turned into commands; the sign-in invitations and the
 * periodic membership drift check against Slack's member lists.
 */
@Configuration(proxyBeanMethods = false)
class ChannelConfiguration implements SchedulingConfigurer {

    /** How often held drift is looked at for a summary whose window has passed: a summary is at most this late. */
    private static final Duration DRIFT_SUMMARIES_EVERY = Duration.ofMinutes(1);

    private final GatewayProperties properties;
    private final ObjectProvider<MembershipDrift> drift;
    private final ObjectProvider<DriftNotices> driftNotices;
    private final ObjectProvider<Clock> clock;

    ChannelConfiguration(GatewayProperties properties, ObjectProvider<MembershipDrift> drift,
                         ObjectProvider<DriftNotices> driftNotices, ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.drift = drift;
        this.driftNotices = driftNotices;
        this.clock = clock;
    }

    @Bean
    SignInPrompt signInPrompt(SignInState signIn) {
        return new SignInPrompt(properties.signIn().enabled() ? signIn : null, properties.signIn().publicUrl());
    }

    @Bean
    EventFeed eventFeed(ChannelDirectory directory, RoomProposals proposals, SlackWebApi slack, JdbcTemplate jdbc,
                        TopicNames topics, Clock clock, GatewayMetrics metrics, SignInPrompt prompt,
                        DriftNotices driftNotices) {
        Notices notices = new Notices(directory, proposals, properties.receiptsPage());
        return new EventFeed(directory, notices, slack, jdbc, clock, properties.noticeMaxAge(), metrics,
                properties.consumerGroup(topics.prefix(), "events"), new Invitations(directory, slack, prompt, jdbc),
                driftNotices);
    }

    @Bean
    DriftNotices driftNotices(ChannelDirectory directory, SlackWebApi slack, JdbcTemplate jdbc,
                              GatewayMetrics metrics) {
        return new DriftNotices(directory, slack, jdbc, metrics, properties.driftNoticeInterval());
    }

    /** A new gateway database learns its directory from the first record of the event topics: they keep everything. */
    @Bean
    EventTopicRetention eventTopicRetention(KafkaProperties kafka, SuiteTopicsProperties suiteTopics,
                                            TopicNames topics) {
        return EventTopicRetention.of(kafka, suiteTopics, List.of(topics.enclaveEvents(), topics.coordinationEvents()));
    }

    @Bean
    MembershipDrift membershipDrift(ChannelDirectory directory, SlackWebApi slack, Dispatcher dispatcher) {
        return new MembershipDrift(directory, slack, dispatcher);
    }

    /** The drift check's first pass waits one interval: the directory is read from the event topics first. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Duration every = properties.memberDriftInterval();
        registrar.addFixedDelayTask(new FixedDelayTask(() -> drift.getObject().pass(), every, every));
        registrar.addFixedDelayTask(new FixedDelayTask(() -> driftNotices.getObject().flush(clock.getObject().instant()),
                DRIFT_SUMMARIES_EVERY, DRIFT_SUMMARIES_EVERY));
    }

    @Bean
    SlackRoutes channelRoutes(ChannelDirectory directory, Dispatcher dispatcher, SlackWebApi slack, JdbcTemplate jdbc,
                              SignInPrompt prompt) {
        ChannelEvents events = new ChannelEvents(directory, dispatcher, slack, jdbc, prompt);
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
