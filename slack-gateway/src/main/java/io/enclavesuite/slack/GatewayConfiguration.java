package io.enclavesuite.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import com.slack.api.model.event.ChannelArchiveEvent;
import com.slack.api.model.event.ChannelRenameEvent;
import com.slack.api.model.event.ChannelUnarchiveEvent;
import com.slack.api.model.event.MemberJoinedChannelEvent;
import com.slack.api.model.event.MemberLeftChannelEvent;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.channel.ChannelEvents;
import io.enclavesuite.slack.channel.EventFeed;
import io.enclavesuite.slack.command.HelpPages;
import io.enclavesuite.slack.command.SlashCommandParser;
import io.enclavesuite.slack.command.SlashCommands;
import io.enclavesuite.slack.interact.Interactions;
import io.enclavesuite.slack.interact.WindowModals;
import io.enclavesuite.slack.notify.Notices;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.CommandPublisher;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.trust.SealedAnswers;
import io.enclavesuite.slack.outbox.CommandResults;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.PendingReplies;
import io.enclavesuite.slack.outbox.Replies;
import io.enclavesuite.slack.readside.ReadSide;
import io.enclavesuite.slack.signin.SignInState;
import io.enclavesuite.slack.verification.SignedRequestFilter;
import io.enclavesuite.slack.verification.SlackRequestVerifier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.client.RestClient;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Wires the gateway: Bolt mounted at {@value #SLACK_PATH} behind the signature filter, the command publisher, the
 * result and event listeners, the read-side client and the Slack Web API client.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
@EnableScheduling
@org.springframework.context.annotation.Import({io.enclavesuite.operability.KafkaReadinessConfiguration.class,
        io.enclavesuite.operability.SuiteTopicsConfiguration.class})
public class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);
    /** The one Request URL for slash commands, events and interactivity in the Slack app's settings. */
    public static final String SLACK_PATH = "/slack/events";

    @Bean
    GatewayMetrics gatewayMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KafkaTemplate<String, String> commandTemplate(KafkaProperties kafka, GatewayProperties properties) {
        Map<String, Object> config = kafka.buildProducerProperties(null);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long timeout = properties.publishTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        // delivery.timeout.ms must cover linger and request timeouts; the publisher waits no longer than this anyway
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeout / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2_000, timeout));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, properties.principal());
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()));
    }

    /**
     * A listener's record is tried again rather than skipped: after Slack's Retry-After when rate-limited, otherwise
     * with a growing pause for about a minute, after which the failure is logged and the record passed.
     */
    @Bean
    DefaultErrorHandler listenerErrorHandler() {
        ExponentialBackOff otherwise = new ExponentialBackOff(500, 2.0);
        otherwise.setMaxInterval(15_000);
        otherwise.setMaxElapsedTime(60_000);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) ->
                log.error("Gave up on {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), failure.toString()),
                otherwise);
        handler.setBackOffFunction((record, failure) -> rateLimit(failure));
        return handler;
    }

    private static BackOff rateLimit(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SlackWebApi.RateLimited limited) {
                return new FixedBackOff(limited.retryAfter().toMillis(), 20);
            }
        }
        return null; // the default back-off
    }

    @Bean
    Slack slack(GatewayProperties properties) {
        SlackConfig config = new SlackConfig();
        String base = properties.webApiUrl().toString();
        config.setMethodsEndpointUrlPrefix(base.endsWith("/") ? base : base + "/");
        config.setPrettyResponseLoggingEnabled(false);
        return Slack.getInstance(config);
    }

    @Bean
    SlackWebApi slackWebApi(Slack slack, GatewayProperties properties) {
        if (!properties.workspaceConnected()) {
            log.warn("No Slack bot token (enclave.slack.bot-token): notices are logged, not sent to a workspace");
        }
        return new SlackWebApi(slack, properties.botToken());
    }

    @Bean
    ThreadPoolTaskExecutor slackWork() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("slack-work-");
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(4);
        executor.setQueueCapacity(500);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(15);
        return executor;
    }

    @Bean
    SignInState signInState(GatewayProperties properties, Clock clock) {
        return new SignInState(properties.signingSecret(), clock);
    }

    @Bean
    ChannelDirectory channelDirectory(JdbcTemplate jdbc) {
        return new ChannelDirectory(jdbc);
    }

    @Bean
    PendingReplies pendingReplies(JdbcTemplate jdbc) {
        return new PendingReplies(jdbc);
    }

    @Bean
    Replies replies(Slack slack) {
        return new Replies(slack);
    }

    @Bean
    Dispatcher dispatcher(KafkaTemplate<String, String> commandTemplate, TopicNames topics, PendingReplies pending,
                          Replies replies, ThreadPoolTaskExecutor slackWork, Clock clock, GatewayProperties properties,
                          GatewayMetrics metrics, SealedAnswers.ReplyKey replyKey) {
        if (properties.principalKeyFile() == null) {
            throw new IllegalStateException("enclave.slack.principal-key-file is required: the Ed25519 key the gateway "
                    + "signs its commands with, whose public half the write services' enclave.principals lists");
        }
        PrincipalSigner signer = PrincipalSigner.read(properties.principal(), properties.principalKeyFile());
        return new Dispatcher(new CommandPublisher(commandTemplate, topics, signer, replyKey, clock,
                properties.publishTimeout()), pending, replies, slackWork, clock, metrics);
    }

    /**
     * The key what the write side answers in confidence (a deprovision confirmation code) is sealed to. Kept in memory
     * only: an answer that arrives after a restart cannot be opened, and the person is told to ask again.
     */
    @Bean
    SealedAnswers.ReplyKey replyKey() {
        return SealedAnswers.ReplyKey.generate();
    }

    @Bean
    CommandResults commandResults(PendingReplies pending, Replies replies, SlackWebApi slack, Clock clock,
                                  GatewayProperties properties, SealedAnswers.ReplyKey replyKey) {
        return new CommandResults(pending, replies, slack, replyKey, clock, properties.replyPatience());
    }

    @Bean
    EventFeed eventFeed(ChannelDirectory directory, SlackWebApi slack, JdbcTemplate jdbc, GatewayProperties properties,
                        Clock clock, GatewayMetrics metrics) {
        return new EventFeed(directory, new Notices(directory, properties.publicApiUrl()), slack, jdbc, clock,
                properties.noticeMaxAge(), metrics);
    }

    @Bean
    ReadSide readSide(RestClient.Builder http, GatewayProperties properties, Clock clock) {
        if (properties.tokenKeyFile() == null) {
            throw new IllegalStateException("enclave.slack.token-key-file is required: the key the gateway signs "
                    + "read-side tokens with (the read side's enclave.api.auth.local-key-file)");
        }
        return new ReadSide(http, properties.queryUrl(), LocalTokenIssuer.loadOrCreate(properties.tokenKeyFile()), clock);
    }

    @Bean
    App slackApp(GatewayProperties properties, Slack slack, Clock clock, ChannelDirectory directory, Dispatcher dispatcher,
                 ReadSide readSide, Replies replies, SlackWebApi slackWebApi, JdbcTemplate jdbc, SignInState signIn) {
        AppConfig config = AppConfig.builder().signingSecret(properties.signingSecret()).slack(slack).build();
        // Slack's ssl_check answered, and Bolt's signature check: no auth.test call per request (the notifier has its
        // own client), no legacy verification token. The stricter check runs in front, in SignedRequestFilter.
        App app = new App(config, List.of(new SSLCheck(null), new RequestVerification(new SlackSignature.Verifier(
                new SlackSignature.Generator(properties.signingSecret())))));
        SlashCommands commands = new SlashCommands(new SlashCommandParser(clock), new HelpPages(properties.commands()),
                directory, dispatcher, readSide, replies);
        app.command(properties.commands().enclave(), commands::enclave);
        app.command(properties.commands().meet(), commands::meet);
        app.command(properties.commands().why(), commands::why);
        ChannelEvents events = new ChannelEvents(directory, dispatcher, slackWebApi, jdbc,
                properties.signIn().enabled() ? signIn : null, properties.signIn().publicUrl());
        app.event(ChannelArchiveEvent.class, events::archived);
        app.event(ChannelUnarchiveEvent.class, events::unarchived);
        app.event(ChannelRenameEvent.class, events::renamed);
        app.event(MemberJoinedChannelEvent.class, events::joined);
        app.event(MemberLeftChannelEvent.class, events::left);
        Interactions interactions = new Interactions(directory, dispatcher, readSide, slackWebApi, replies);
        app.blockAction(Notices.APPROVE, interactions::approve);
        app.blockAction(Notices.DECLINE, interactions::decline);
        app.blockAction(Notices.ACCEPT_SLOT, interactions::acceptSlot);
        app.blockAction(Notices.COUNTER_SLOT, interactions::openCounter);
        app.blockAction(Notices.SHARE_WINDOWS, interactions::shareWindows);
        app.viewSubmission(WindowModals.SUBMIT_WINDOWS, interactions::submitWindows);
        app.viewSubmission(WindowModals.COUNTER_SLOT, interactions::submitCounter);
        app.blockAction(Notices.WHY, interactions::why);
        app.blockAction(CommandResults.CONFIRM_DEPROVISION, interactions::confirmDeprovision);
        app.blockAction(ChannelEvents.JOIN, interactions::join);
        app.blockAction(ChannelEvents.SIGN_IN, (request, context) -> context.ack()); // a link: the browser goes on

        return app;
    }

    @Bean
    ServletRegistrationBean<SlackAppServlet> slackServlet(App slackApp) {
        return new ServletRegistrationBean<>(new SlackAppServlet(slackApp), SLACK_PATH);
    }

    /** Every Slack endpoint is behind the signature check, before Bolt or anything else reads the request. */
    @Bean
    FilterRegistrationBean<SignedRequestFilter> signedRequests(GatewayProperties properties, Clock clock,
                                                               GatewayMetrics metrics) {
        FilterRegistrationBean<SignedRequestFilter> filter = new FilterRegistrationBean<>(
                new SignedRequestFilter(new SlackRequestVerifier(properties.signingSecret(), clock), metrics));
        filter.addUrlPatterns(SLACK_PATH); // the sign-in pages are a browser's, not Slack's requests
        return filter;
    }

    /** Forgets handled Slack event ids and sent notices once Slack can no longer retry them nor Kafka redeliver. */
    @Bean
    Housekeeping housekeeping(JdbcTemplate jdbc) {
        return new Housekeeping(jdbc);
    }

    static final class Housekeeping {
        private final JdbcTemplate jdbc;

        Housekeeping(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
        void forget() {
            jdbc.update("delete from seen_event where seen_at < now() - interval '7 days'");
            jdbc.update("delete from sent_notice where sent_at < now() - interval '7 days'");
        }
    }
}
