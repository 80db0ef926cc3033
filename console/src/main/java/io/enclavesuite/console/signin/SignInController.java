package io.enclavesuite.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.time.Duration;

/** The sign-in page: Sign in with Slack, or the local form; and the local form's answer. */
@Controller
class SignInController {

    private final ConsoleSecurity.SignInOptions options;
    private final Clock clock;

    SignInController(ConsoleSecurity.SignInOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /** Makes no session of its own: a visit to the page is no reason for a row in the session table. */
    @GetMapping("/sign-in")
    String page(Model model, HttpServletRequest request,
                @RequestParam(name = "refused", required = false) String refused) {
        HttpSession session = request.getSession(false);
        model.addAttribute("slack", options.slack());
        model.addAttribute("local", options.local().isPresent());
        options.local().ifPresent(local -> model.addAttribute("codeFile", local.file()));
        if (refused != null && session != null && session.getAttribute(SignInRefused.REASON) instanceof String reason) {
            model.addAttribute("problem", "Slack did not sign you in: " + reason);
            session.removeAttribute(SignInRefused.REASON);
        } else if (refused != null) {
            model.addAttribute("problem", "Slack did not sign you in.");
        }
        return "sign-in";
    }

    /**
     * The local form's one field, the code: the person is the user id of a code whose MAC verifies. A refusal never
     * shows the code, at most the user id it claims (a Slack user id by then, nothing else typed).
     */
    @PostMapping("/sign-in/local")
    String local(@RequestParam(defaultValue = "") String code, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        if (options.local().isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("slack", options.slack());
            model.addAttribute("local", false);
            model.addAttribute("problem", "Local sign-in is off here: sign in with Slack.");
            return "sign-in";
        }
        model.addAttribute("slack", false);
        model.addAttribute("local", true);
        model.addAttribute("codeFile", options.local().get().file());
        LocalSignIn.Outcome outcome = options.local().get().signIn(code, request, response);
        if (outcome instanceof LocalSignIn.Outcome.SignedIn signedIn) {
            return "redirect:" + signedIn.next();
        }
        if (outcome instanceof LocalSignIn.Outcome.Paused paused) {
            long seconds = Math.max(1, (Duration.between(clock.instant(), paused.until()).toMillis() + 999) / 1000);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            model.addAttribute("problem", "Too many wrong codes for " + paused.claimed() + " from here: try again in "
                    + seconds + " seconds.");
            return "sign-in";
        }
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        if (outcome instanceof LocalSignIn.Outcome.WrongCode wrong) {
            model.addAttribute("problem", "That is not the local sign-in code of " + wrong.claimed() + ". Each person "
                    + "has their own: ask the machine's owner for yours.");
        } else {
            model.addAttribute("problem", "That is not a local sign-in code. A code is your Slack user id, a dot and "
                    + "32 hex digits (U0CAROL.3f9a…): paste the whole of it, as the machine's owner gave it to you.");
        }
        return "sign-in";
    }
}
