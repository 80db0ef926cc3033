package io.enclavesuite.slack.signin;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;

/**
 * The sign-in paths: {@value #START} (a join prompt's link, which sends the person to Slack) and {@value #CALLBACK}
 * (where Slack sends them back, the redirect URI configured in the Slack app). With a client id, Spring Security's
 * filters ({@link SignInSecurity}) answer both before any controller; this one answers them only on a gateway without
 * Sign in with Slack, to say so.
 */
@RestController
public class SignInController {

    public static final String START = "/slack/sign-in";
    public static final String CALLBACK = "/slack/sign-in/callback";

    @GetMapping({START, CALLBACK})
    ResponseEntity<String> notConfigured() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(SignInPages.html("Sign in with Slack is not set up",
                        "This gateway has no Slack client id (enclave.slack.sign-in.client-id)."));
    }
}
