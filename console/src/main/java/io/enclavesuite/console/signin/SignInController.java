package io.enclavesuite.console.signin;

import io.enclavesuite.api.enclave.UserId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page: Sign in with Slack, or the local form; and the local form's answer. */
@Controller
class SignInController {

    private final ConsoleSecurity.SignInOptions options;

    SignInController(ConsoleSecurity.SignInOptions options) {
        this.options = options;
    }

    @GetMapping("/sign-in")
    String page(Model model, HttpSession session, @RequestParam(name = "refused", required = false) String refused) {
        model.addAttribute("slack", options.slack());
        model.addAttribute("local", options.local().isPresent());
        options.local().ifPresent(local -> model.addAttribute("codeFile", local.file()));
        if (refused != null && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)
                instanceof AuthenticationException e) {
            model.addAttribute("problem", "Slack did not sign you in: " + e.getMessage());
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        } else if (refused != null) {
            model.addAttribute("problem", "Slack did not sign you in.");
        }
        return "sign-in";
    }

    @PostMapping("/sign-in/local")
    String local(@RequestParam(defaultValue = "") String user, @RequestParam(defaultValue = "") String code,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
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
        model.addAttribute("user", user);
        if (UserId.ifUser(user.strip()).isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", "'" + user + "' is not a Slack user id (U or W, then capital letters and digits).");
            return "sign-in";
        }
        return options.local().get().signIn(user, code, request, response)
                .map(next -> "redirect:" + next)
                .orElseGet(() -> {
                    response.setStatus(HttpStatus.UNAUTHORIZED.value());
                    model.addAttribute("problem", "That is not this machine's local sign-in code.");
                    return "sign-in";
                });
    }
}
