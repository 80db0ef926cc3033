package io.enclavesuite.console.autonomy;

import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.BudgetUnit;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.SetAutonomyBudget;
import io.enclavesuite.api.coordination.SetAutonomyLevel;
import io.enclavesuite.api.coordination.SetInboundRateLimit;
import io.enclavesuite.api.coordination.TrustIdentity;
import io.enclavesuite.api.coordination.TrustedIdentity;
import io.enclavesuite.api.coordination.UntrustIdentity;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.console.actions.ConsoleCommands;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;
import io.enclavesuite.console.web.Pages;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The person's own agent policy as the read API folds it ({@code GET /api/policy}), and a form for each thing they
 * can change in it. Each form becomes one policy command with the session's person as the owner — never a person the
 * form names — and the command's own constructor judges the values: what it refuses is shown on the page and nothing
 * is sent. What only the write side can judge (the highest rate limit, trusting oneself) comes back as its reason.
 */
@Controller
class AutonomyPage {

    private static final String PAGE = "redirect:/autonomy";

    private final ReadApi api;
    private final ConsoleCommands commands;

    AutonomyPage(ReadApi api, ConsoleCommands commands) {
        this.api = api;
        this.commands = commands;
    }

    @GetMapping("/autonomy")
    String autonomy(Authentication authentication, Model model) {
        model.addAttribute("policy", Pages.view(api.get(Pages.person(authentication), "/api/policy")));
        model.addAttribute("levels", Arrays.stream(AutonomyLevel.values()).map(AutonomyLevel::label).toList());
        model.addAttribute("units", Arrays.stream(BudgetUnit.values()).map(BudgetUnit::label).toList());
        model.addAttribute("intents", Arrays.stream(CoordinationType.values()).map(CoordinationType::label).toList());
        return "autonomy";
    }

    @PostMapping("/autonomy/level")
    String level(@RequestParam(defaultValue = "") String level, Authentication authentication,
                 RedirectAttributes flash) {
        return act(authentication, flash, "Level", owner -> new SetAutonomyLevel(owner, AutonomyLevel.parse(level)),
                "Your agent's level is now " + level + ".");
    }

    @PostMapping("/autonomy/budget")
    String budget(@RequestParam(defaultValue = "") String unit, @RequestParam(defaultValue = "") String amount,
                  Authentication authentication, RedirectAttributes flash) {
        return act(authentication, flash, "Weekly budget",
                owner -> new SetAutonomyBudget(owner, new WeeklyBudget(BudgetUnit.parse(unit), number(amount))),
                "Your agent's weekly budget is now " + amount.strip() + " " + unit + ".");
    }

    @PostMapping("/autonomy/budget/none")
    String noBudget(Authentication authentication, RedirectAttributes flash) {
        return act(authentication, flash, "Weekly budget", owner -> new SetAutonomyBudget(owner, null),
                "Your agent has no weekly budget now.");
    }

    @PostMapping("/autonomy/rate-limit")
    String rateLimit(@RequestParam(defaultValue = "") String perHour, Authentication authentication,
                     RedirectAttributes flash) {
        return act(authentication, flash, "Rate limit", owner -> new SetInboundRateLimit(owner, number(perHour)),
                "At most " + perHour.strip() + " invitations from one sender in an hour now.");
    }

    @PostMapping("/autonomy/rate-limit/default")
    String defaultRateLimit(Authentication authentication, RedirectAttributes flash) {
        return act(authentication, flash, "Rate limit", owner -> new SetInboundRateLimit(owner, null),
                "The suite's default rate limit applies to you now.");
    }

    @PostMapping("/autonomy/trusted")
    String trust(@RequestParam(defaultValue = "") String person,
                 @RequestParam(name = "intent", required = false) List<String> intents,
                 Authentication authentication, RedirectAttributes flash) {
        return act(authentication, flash, "Trust", owner -> new TrustIdentity(owner, new TrustedIdentity(
                        UserId.of(person.strip()), intents == null ? List.of()
                        : intents.stream().map(CoordinationType::parse).toList())),
                "Your agent now accepts " + person.strip() + "'s invitations without asking you.");
    }

    @PostMapping("/autonomy/trusted/remove")
    String untrust(@RequestParam(defaultValue = "") String person, Authentication authentication,
                   RedirectAttributes flash) {
        return act(authentication, flash, "Trust",
                owner -> new UntrustIdentity(owner, UserId.of(person.strip()), List.of()),
                "You no longer trust " + person.strip() + ".");
    }

    @PostMapping("/autonomy/rules")
    String addRule(@RequestParam(defaultValue = "") String ruleId, @RequestParam(defaultValue = "") String kind,
                   @RequestParam(defaultValue = "") String people,
                   @RequestParam(defaultValue = "") String purposeContains,
                   Authentication authentication, RedirectAttributes flash) {
        return act(authentication, flash, "Rule", owner -> {
            RuleKind parsed = RuleKind.parse(kind);
            // a field the kind does not read is left out, so a rule holds only what decides it
            List<UserId> named = parsed != RuleKind.FROM_PEOPLE ? List.of() : Arrays.stream(people.split("[,\\s]+"))
                    .filter(p -> !p.isBlank()).map(UserId::of).toList();
            String text = parsed == RuleKind.PURPOSE_CONTAINS ? purposeContains.strip() : null;
            return new AddAutonomyRule(owner, new AutonomyRule(ruleId.strip(), parsed, named, text));
        }, "Rule " + ruleId.strip() + " added.");
    }

    @PostMapping("/autonomy/rules/remove")
    String removeRule(@RequestParam(defaultValue = "") String ruleId, Authentication authentication,
                      RedirectAttributes flash) {
        return act(authentication, flash, "Rule", owner -> new RemoveAutonomyRule(owner, ruleId),
                "Rule " + ruleId + " removed.");
    }

    /**
     * Builds the command for the signed-in person and sends it; a value its constructor refuses is shown beside
     * {@code setting} and nothing is sent.
     */
    private String act(Authentication authentication, RedirectAttributes flash, String setting,
                       Function<UserId, Object> command, String done) {
        Person me = Pages.person(authentication);
        Object built;
        try {
            built = command.apply(me.id());
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("problem", setting + ": " + e.getMessage() + ". Nothing was sent.");
            return PAGE;
        }
        ConsoleCommands.Outcome outcome = commands.send(me, built, me.value());
        switch (outcome.kind()) {
            case ACCEPTED -> flash.addFlashAttribute("notice", done);
            case SENT -> flash.addFlashAttribute("notice", outcome.detail());
            default -> flash.addFlashAttribute("problem", setting + ": " + outcome.detail());
        }
        return PAGE;
    }

    /** A whole number from a form field; an empty one is refused like any other bad value. */
    private static int number(String field) {
        String text = field.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a number is needed");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }
}
