package io.enclavesuite.slack.channel;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets handled Slack event ids ({@link ChannelEvents}) and sent notices ({@link EventFeed}) once Slack can no
 * longer retry them nor Kafka redeliver.
 */
@Component
class Housekeeping {

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
