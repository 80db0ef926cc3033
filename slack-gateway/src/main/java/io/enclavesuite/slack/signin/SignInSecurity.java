package io.enclavesuite.slack.signin;

import io.enclavesuite.slack.GatewayProperties;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.outbox.Dispatcher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

import java.time.Clock;

/**
 * Sign in with Slack on Spring Security's OAuth 2.0 client: the authorization request, its {@code state} and OpenID
 * Connect nonce, the code exchange (client_secret_post, as Slack takes it) and the ID token's checks are Spring's.
 * The gateway adds the invitation ({@link InvitationResolver}), a cookie instead of a session for the request in
 * flight ({@link AuthorizationRequestCookies}), and what a good sign-in does ({@link RegisterSignedIn}).
 * <p>
 * The chain answers {@value SignInController#START} and {@value SignInController#CALLBACK} and nothing else:
 * Slack's endpoints check Slack's signatures, the actuator is on its own port, and neither gets a login, a session
 * or a generated password. This chain also stands in for Spring Boot's default one, which would otherwise put every
 * endpoint behind a login (with Spring Security on the classpath, alone or in the one-JVM suite). Stateless: no
 * session, no security context kept, nothing remembered between requests, so any replica can finish a sign-in.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SignInSecurity {

    static final String REGISTRATION_ID = "slack";

    @Bean
    SignInState signInState(GatewayProperties properties, Clock clock) {
        return new SignInState(properties.signingSecret(), clock);
    }

    /** Spring's login takes the ID-token decoder from the context. */
    @Bean
    JwtDecoderFactory<ClientRegistration> slackIdTokens(Clock clock) {
        return new SlackIdTokens(clock);
    }

    @Bean
    SecurityFilterChain signIn(HttpSecurity http, GatewayProperties properties, SignInState invitations,
                               ChannelDirectory directory, Dispatcher dispatcher, Clock clock) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher(SignInController.START),
                        paths.matcher(SignInController.CALLBACK)))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(new NullSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                // Both paths take GETs only and change nothing without a sign-in checked end to end by state and
                // nonce; there is no form to forge.
                .csrf(csrf -> csrf.disable())
                .logout(logout -> logout.disable());
        GatewayProperties.SignIn settings = properties.signIn();
        if (!settings.enabled()) {
            return http.build(); // SignInController says it is not set up
        }
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(
                registration(properties));
        SignInRefused refused = new SignInRefused();
        http.oauth2Login(login -> login
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(new NoAuthorizedClients())
                .loginPage(SignInController.START)
                .loginProcessingUrl(SignInController.CALLBACK)
                .authorizationEndpoint(authorization -> authorization
                        .authorizationRequestResolver(new InvitationResolver(registrations, REGISTRATION_ID,
                                invitations, settings.teamId()))
                        .authorizationRequestRepository(new AuthorizationRequestCookies(properties.signingSecret(),
                                clock)))
                // Slack's redirect URI stays what the Slack app has configured
                .redirectionEndpoint(redirection -> redirection.baseUri(SignInController.CALLBACK))
                .tokenEndpoint(token -> token.accessTokenResponseClient(SlackTokenEndpoint.client()))
                .successHandler(new RegisterSignedIn(invitations, settings.teamId(), directory, dispatcher))
                .failureHandler(refused)
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                    @Override
                    public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationResultConverter(InvitedSignIn::of);
                        return filter;
                    }
                })
                // a bad invitation gets the same kind of page as a bad callback, not Spring's bare 500
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(refused);
                        return filter;
                    }
                }));
        return http.build();
    }

    /** Slack as an OpenID Connect provider, from {@code enclave.slack.sign-in.*}. */
    static ClientRegistration registration(GatewayProperties properties) {
        GatewayProperties.SignIn settings = properties.signIn();
        return ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientName("Slack")
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(settings.redirectUri().toString())
                .scope(OidcScopes.OPENID)
                .authorizationUri(settings.authorizeUrl().toString())
                .tokenUri(settings.tokenEndpoint(properties.webApiUrl()).toString())
                .jwkSetUri(settings.keysUrl().toString())
                .issuerUri(settings.issuer())
                // no user-info endpoint: the ID token says all the gateway needs, and Spring asks nothing more
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .build();
    }
}
