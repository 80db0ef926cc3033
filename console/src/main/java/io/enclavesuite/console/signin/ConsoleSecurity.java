package io.enclavesuite.console.signin;

import io.enclavesuite.console.ConsoleProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.RequestCache;

import java.time.Clock;
import java.util.Optional;

/**
 * Who may see a page: a person signed in with Slack (OpenID Connect, Spring Security's OAuth2 client: state, nonce,
 * the ID token's signature, issuer, audience and expiry are its checks) or, on a machine without a Slack app, with the
 * local sign-in. Sessions live in PostgreSQL (so any replica serves any person), behind cookies that scripts cannot read
 * and other sites do not send with their forms; every form carries a CSRF token; pages load scripts, styles and data
 * from the console only.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class ConsoleSecurity {

    /** Nothing from elsewhere, no inline script or style, no framing, forms back to the console only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    static final String SLACK = "slack";

    @Bean
    SecurityContextRepository securityContexts() {
        return new HttpSessionSecurityContextRepository();
    }

    /** Where a signed-out person was going: its address alone, in their session. */
    @Bean
    RequestCache pagesAfterSignIn() {
        return new PageAfterSignIn();
    }

    /** Present only when local sign-in is enabled; refused beside Sign in with Slack. */
    @Bean
    SignInOptions signInOptions(ObjectProvider<ClientRegistrationRepository> registrations, ConsoleProperties properties,
                                SecurityContextRepository contexts, RequestCache pages, Clock clock) {
        boolean slack = registrations.getIfAvailable() != null;
        if (slack && properties.localSignIn().enabled()) {
            throw new IllegalStateException("enclave.console.local-sign-in.enabled is set beside Sign in with Slack "
                    + "(spring.security.oauth2.client.registration." + SLACK + "): local sign-in trusts the machine's owner "
                    + "to hand out each person's code, so it is for a machine without a Slack app only. Turn one off.");
        }
        if (!slack && !properties.localSignIn().enabled()) {
            throw new IllegalStateException("no way to sign in: configure Sign in with Slack (spring.security.oauth2."
                    + "client.registration." + SLACK + ".*, docs/console.md) or, on one machine, "
                    + "enclave.console.local-sign-in.enabled=true");
        }
        return new SignInOptions(slack, slack ? Optional.empty()
                : Optional.of(LocalSignIn.of(properties.localSignIn(), contexts, pages, clock)));
    }

    @Bean
    SecurityFilterChain console(HttpSecurity http, SignInOptions options, SecurityContextRepository contexts,
                                RequestCache pages, ConsoleProperties properties) throws Exception {
        http.securityContext(context -> context.securityContextRepository(contexts))
                .requestCache(cache -> cache.requestCache(pages))
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/sign-in", "/sign-in/local", "/console.css", "/console.js", "/favicon.ico")
                        .permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/sign-in")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out")
                        .deleteCookies("ENCLAVE_CONSOLE"));
        if (options.slack()) {
            // What the session keeps of a sign-in is the person's user id alone: no access token (no authorized
            // client is kept), no ID token (SlackSignIn), no address (no details), no exception (SignInRefused).
            http.oauth2Login(login -> login.loginPage("/sign-in").defaultSuccessUrl("/feed")
                    .failureHandler(new SignInRefused())
                    .authorizedClientRepository(new NoAuthorizedClients())
                    .authenticationDetailsSource(request -> null)
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(workspaceOnly(properties.slackTeamId())))
                    .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                        @Override
                        public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                            filter.setAuthenticationResultConverter(SlackSignIn::of);
                            return filter;
                        }
                    }));
        }
        return http.build();
    }

    /** Spring's checks of the ID token, then: the person is of the configured workspace, when one is configured. */
    static OAuth2UserService<OidcUserRequest, OidcUser> workspaceOnly(String teamId) {
        OidcUserService users = new OidcUserService();
        return request -> {
            OidcUser user = users.loadUser(request);
            if (!teamId.isBlank() && !teamId.equals(user.getClaimAsString(Person.SLACK_TEAM_ID))) {
                throw new OAuth2AuthenticationException(new OAuth2Error("wrong_workspace",
                        "you signed in to another Slack workspace than this suite's", null));
            }
            return user;
        };
    }

    /** How people sign in here: with Slack, or locally (then {@code local} is there). */
    record SignInOptions(boolean slack, Optional<LocalSignIn> local) {
    }
}
