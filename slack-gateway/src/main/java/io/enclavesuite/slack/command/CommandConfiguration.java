package io.enclavesuite.slack.command;

import io.enclavesuite.slack.GatewayProperties;
import io.enclavesuite.slack.SlackRoutes;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.channel.SignInPrompt;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.outbox.Replies;
import io.enclavesuite.slack.readside.ReadSide;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The slash commands, under the names the Slack app has them ({@code enclave.slack.commands.*}). */
@Configuration(proxyBeanMethods = false)
class CommandConfiguration {

    @Bean
    SlackRoutes slashCommandRoutes(GatewayProperties properties, Clock clock, ChannelDirectory directory,
                                   Dispatcher dispatcher, ReadSide readSide, Replies replies, SlackWebApi slack,
                                   SignInPrompt prompt) {
        SlashCommands commands = new SlashCommands(new SlashCommandParser(clock), new HelpPages(properties.commands()),
                directory, dispatcher, readSide, replies, slack, prompt);
        return app -> {
            app.command(properties.commands().enclave(), commands::enclave);
            app.command(properties.commands().meet(), commands::meet);
            app.command(properties.commands().why(), commands::why);
            app.blockAction(SlashCommands.CONFIRM_REMOVE_TENTACLE, commands::confirmRemoveTentacle);
        };
    }
}
