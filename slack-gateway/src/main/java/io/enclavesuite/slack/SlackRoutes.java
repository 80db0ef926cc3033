package io.enclavesuite.slack;

import com.slack.api.bolt.App;

/**
 * A feature's share of the one Bolt app behind {@link GatewayConfiguration#SLACK_PATH}: the slash commands, Events
 * API events, block actions or view submissions it answers. Each feature package declares its own, so the handlers
 * of a feature are wired next to it; every id is distinct, so the order they are added in does not matter.
 */
@FunctionalInterface
public interface SlackRoutes {

    void addTo(App app);
}
