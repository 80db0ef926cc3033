package io.enclavesuite.slack.verification;

import io.enclavesuite.slack.GatewayConfiguration;
import io.enclavesuite.slack.GatewayMetrics;
import io.enclavesuite.slack.GatewayProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class VerificationConfiguration {

    /** Every Slack endpoint is behind the signature check, before Bolt or anything else reads the request. */
    @Bean
    FilterRegistrationBean<SignedRequestFilter> signedRequests(GatewayProperties properties, Clock clock,
                                                               GatewayMetrics metrics) {
        FilterRegistrationBean<SignedRequestFilter> filter = new FilterRegistrationBean<>(
                new SignedRequestFilter(new SlackRequestVerifier(properties.signingSecret(), clock), metrics));
        filter.addUrlPatterns(GatewayConfiguration.SLACK_PATH); // the sign-in pages are a browser's, not Slack's requests
        return filter;
    }
}
