package io.enclavesuite.slack.signin;

import org.springframework.core.convert.converter.Converter;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.endpoint.DefaultMapOAuth2AccessTokenResponseConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Spring's token request, shaped for Slack's {@code openid.connect.token}: Slack answers a refused code or client
 * with HTTP 200 and {@code {"ok":false,"error":"invalid_code"}}, which is turned into {@link Refused} (with Slack's
 * reason) instead of a puzzling "no access token". Slack is given {@link #TIMEOUT} to answer, not forever.
 */
final class SlackTokenEndpoint {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> client() {
        OAuth2AccessTokenResponseHttpMessageConverter answers = new OAuth2AccessTokenResponseHttpMessageConverter();
        answers.setAccessTokenResponseConverter(new SlackAnswer());
        RestClient rest = RestClient.builder()
                .requestFactory(requestFactory())
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    converters.add(answers);
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
        RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(rest);
        return client;
    }

    static SimpleClientHttpRequestFactory requestFactory() {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(TIMEOUT);
        factory.setReadTimeout(TIMEOUT);
        return factory;
    }

    /** Slack's answer as Spring's token response, or {@link Refused} when Slack said no. */
    static final class SlackAnswer implements Converter<Map<String, Object>, OAuth2AccessTokenResponse> {

        private final DefaultMapOAuth2AccessTokenResponseConverter standard = new DefaultMapOAuth2AccessTokenResponseConverter();

        @Override
        public OAuth2AccessTokenResponse convert(Map<String, Object> answer) {
            if (Boolean.FALSE.equals(answer.get("ok"))) {
                throw new Refused(String.valueOf(answer.getOrDefault("error", "no reason given")));
            }
            Map<String, Object> withType = new HashMap<>(answer);
            // The access token is never used (only the ID token is): its type need not stop a sign-in.
            withType.putIfAbsent(OAuth2ParameterNames.TOKEN_TYPE, "Bearer");
            return standard.convert(withType);
        }
    }

    /** Slack refused the code or the client; the reason is Slack's error code (e.g. {@code invalid_code}). */
    static final class Refused extends RuntimeException {

        private final String reason;

        Refused(String reason) {
            super("Slack refused the sign-in: " + reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private SlackTokenEndpoint() {
    }
}
