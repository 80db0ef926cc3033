package io.enclavesuite.suite;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How people sign in to the console the suite runs: with Slack when the Slack app's OpenID Connect client is in the
 * environment ({@value #CLIENT_ID}, {@value #CLIENT_SECRET}), else with the local sign-in: each person's own code,
 * derived from the machine's secret in the data folder ({@code enclavectl console-code} prints it). Slack's
 * settings go to the console alone: on the other services' classpath, Spring Boot would put an OAuth2 login in front of
 * every endpoint that has no security of its own.
 */
record ConsoleSignIn(List<String> arguments, String describe) {

    static final String CLIENT_ID = "ENCLAVE_CONSOLE_SLACK_CLIENT_ID";
    static final String CLIENT_SECRET = "ENCLAVE_CONSOLE_SLACK_CLIENT_SECRET";
    static final String TEAM_ID = "ENCLAVE_CONSOLE_SLACK_TEAM_ID";

    static ConsoleSignIn of(Map<String, String> env, Path consoleDir) {
        String clientId = env.getOrDefault(CLIENT_ID, "").strip();
        if (clientId.isEmpty()) {
            Path code = consoleDir.resolve("local-sign-in-code");
            return new ConsoleSignIn(List.of("--enclave.console.local-sign-in.enabled=true",
                    "--enclave.console.local-sign-in.code-file=" + code),
                    "local sign-in; a person's code: bin/enclavectl console-code --user U…, from the secret in " + code);
        }
        String secret = env.getOrDefault(CLIENT_SECRET, "").strip();
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(CLIENT_ID + " is set without " + CLIENT_SECRET
                    + ": Sign in with Slack needs the Slack app's client secret too");
        }
        String registration = "--spring.security.oauth2.client.registration.slack.";
        return new ConsoleSignIn(List.of(registration + "client-id=" + clientId,
                registration + "client-secret=" + secret,
                registration + "client-authentication-method=client_secret_post",
                registration + "authorization-grant-type=authorization_code",
                registration + "scope=openid",
                registration + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
                "--spring.security.oauth2.client.provider.slack.issuer-uri=https://slack.com",
                "--spring.security.oauth2.client.provider.slack.user-name-attribute=sub",
                "--enclave.console.slack-team-id=" + env.getOrDefault(TEAM_ID, "").strip()),
                "Sign in with Slack, client " + clientId);
    }
}
