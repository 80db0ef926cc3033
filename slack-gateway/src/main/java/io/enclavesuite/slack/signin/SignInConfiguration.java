package io.enclavesuite.slack.signin;

import io.enclavesuite.slack.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The invitations a join prompt's sign-in link carries, signed with the app's signing secret. */
@Configuration(proxyBeanMethods = false)
class SignInConfiguration {

    @Bean
    SignInState signInState(GatewayProperties properties, Clock clock) {
        return new SignInState(properties.signingSecret(), clock);
    }
}
