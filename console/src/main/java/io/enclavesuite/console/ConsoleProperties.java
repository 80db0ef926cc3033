package io.enclavesuite.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The console's settings ({@code enclave.console.*}); Sign in with Slack itself is Spring Security's
 * {@code spring.security.oauth2.client.registration.slack.*} (docs/console.md).
 *
 * @param queryUrl          the read API (enclave-query) every page is read from
 * @param publicUrl         the console's own address as people reach it: links in Slack point here
 * @param issuerKeyFile     the console's own token key (PKCS#8 PEM, EC P-256), made when missing: it signs its
 *                          people's read-API tokens as issuer {@code enclave-suite:console}; the read side holds the
 *                          public half ({@code enclave.api.auth.service-issuers.console})
 * @param tokenLifetime     how long such a token lives: one page's reads, or the opening of a live feed
 * @param principal         the principal the console signs its commands as (registered with the write services),
 *                          and its name as a token issuer
 * @param principalKeyFile  that principal's Ed25519 private key
 * @param slackTeamId       when set, only people of this Slack workspace are signed in
 * @param localSignIn       the sign-in of a machine without a Slack app: off unless enabled, refused with Slack's
 * @param streamsPerPerson  live feeds one person may hold open at once (tabs, phones); the oldest goes first
 * @param commandTimeout    how long an act waits for the write side's answer before the page says "sent"
 */
@ConfigurationProperties("enclave.console")
public record ConsoleProperties(@DefaultValue("http://localhost:8080") URI queryUrl,
                                @DefaultValue("http://localhost:8086") URI publicUrl,
                                Path issuerKeyFile,
                                @DefaultValue("PT2M") Duration tokenLifetime,
                                @DefaultValue("console") String principal,
                                Path principalKeyFile,
                                @DefaultValue("") String slackTeamId,
                                @DefaultValue LocalSignIn localSignIn,
                                @DefaultValue("3") int streamsPerPerson,
                                @DefaultValue("PT5S") Duration commandTimeout) {

    public ConsoleProperties {
        if (issuerKeyFile == null) {
            throw new IllegalArgumentException("enclave.console.issuer-key-file is required: the console's own key, "
                    + "which signs its people's read-API tokens (the read side trusts its public half)");
        }
        if (principalKeyFile == null) {
            throw new IllegalArgumentException("enclave.console.principal-key-file is required: the private key of "
                    + "principal '" + principal + "', which signs the console's commands");
        }
        if (streamsPerPerson < 1) {
            throw new IllegalArgumentException("enclave.console.streams-per-person must be at least 1");
        }
    }

    /**
     * @param enabled  whether the form that signs in with a user id and that person's own code is offered at all
     * @param codeFile the machine's secret, made owner-only on first start: every person's code is derived from it
     *                 ({@code enclavectl console-code}), so whoever can read it is the machine's owner, as with
     *                 {@code enclavectl token}
     */
    public record LocalSignIn(@DefaultValue("false") boolean enabled, Path codeFile) {
    }
}
