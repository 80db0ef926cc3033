package io.enclavesuite.slack.command;

import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.BudgetUnit;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.command.Intent.Help;
import io.enclavesuite.slack.command.Intent.Topic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.enclavesuite.slack.command.SlashCommandParser.attempt;
import static io.enclavesuite.slack.command.SlashCommandParser.mention;
import static io.enclavesuite.slack.command.SlashCommandParser.quoted;
import static io.enclavesuite.slack.command.SlashCommandParser.unquote;

/**
 * The words after {@code /meet policy}: the caller's own agent policy, shown or changed. As everywhere in the parser,
 * every mistake is a {@link Help} naming it, never an exception.
 */
final class PolicyCommandParser {

    private static final Pattern BUDGET = Pattern.compile("(\\d{1,4}) ?(meetings?|h|hours?)");

    /** {@code /meet policy [level|budget|trust|untrust|rate|rule …]}: the caller's own agent policy. */
    static Intent policy(List<String> args, UserId caller) {
        if (args.isEmpty()) {
            return new Intent.PolicyShow();
        }
        String what = args.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        return switch (what) {
            case "level" -> rest.size() != 1 ? policyHelp("give one level: none, draft-only, auto-respond or full")
                    : attempt(() -> AutonomyLevel.parse(rest.get(0).toLowerCase(Locale.ROOT)))
                            .<Intent>map(Intent.SetLevel::new)
                            .orElseGet(() -> policyHelp("'" + rest.get(0) + "' is not a level: none, draft-only, "
                                    + "auto-respond or full"));
            case "budget" -> budget(rest);
            case "trust", "untrust" -> {
                if (rest.size() != 1) {
                    yield policyHelp("name exactly one person");
                }
                Optional<UserId> person = mention(rest.get(0));
                if (person.isEmpty()) {
                    yield policyHelp("'" + rest.get(0) + "' is not a person Slack identified: pick them from the @ "
                            + "autocomplete");
                }
                if (person.get().equals(caller)) {
                    yield policyHelp("name someone other than yourself: your own rooms need no trust");
                }
                yield what.equals("trust") ? new Intent.Trust(person.get()) : new Intent.Untrust(person.get());
            }
            case "rate" -> {
                if (rest.size() != 1) {
                    yield policyHelp("give one number of invitations per sender an hour, or 'default'");
                }
                if (rest.get(0).equalsIgnoreCase("default")) {
                    yield new Intent.SetRateLimit(null);
                }
                yield rest.get(0).matches("[1-9][0-9]{0,3}") ? new Intent.SetRateLimit(Integer.parseInt(rest.get(0)))
                        : policyHelp("'" + rest.get(0) + "' is not a number of invitations an hour (1 or more), "
                        + "nor 'default'");
            }
            case "rule" -> rule(rest);
            default -> policyHelp("'" + args.get(0) + "' is not part of a policy: level, budget, trust, untrust, "
                    + "rate or rule");
        };
    }

    private static Intent budget(List<String> args) {
        String text = String.join(" ", args).toLowerCase(Locale.ROOT);
        if (text.equals("none")) {
            return new Intent.SetBudget(null);
        }
        Matcher m = BUDGET.matcher(text);
        if (!m.matches()) {
            return policyHelp("'" + text + "' is not a weekly budget: write it like 5 meetings, 10 h or none");
        }
        BudgetUnit unit = m.group(2).startsWith("m") ? BudgetUnit.MEETINGS : BudgetUnit.HOURS;
        try {
            return new Intent.SetBudget(new WeeklyBudget(unit, Integer.parseInt(m.group(1))));
        } catch (IllegalArgumentException e) {
            return policyHelp(e.getMessage());
        }
    }

    /** {@code rule add <id> members-of-my-enclaves | from @a … | purpose "text"}, {@code rule remove <id>}. */
    private static Intent rule(List<String> args) {
        if (args.size() == 2 && args.get(0).equalsIgnoreCase("remove")) {
            String id = args.get(1).toLowerCase(Locale.ROOT);
            return id.matches("[a-z0-9][a-z0-9-]{0,39}") ? new Intent.RemoveRule(id)
                    : policyHelp("'" + args.get(1) + "' is not a rule id: 1 to 40 lower-case letters, digits or '-'");
        }
        if (args.size() < 3 || !args.get(0).equalsIgnoreCase("add")) {
            return policyHelp("write rule add <id> members-of-my-enclaves | from @person … | purpose \"text\", "
                    + "or rule remove <id>");
        }
        String id = args.get(1).toLowerCase(Locale.ROOT);
        String kind = args.get(2).toLowerCase(Locale.ROOT);
        List<String> rest = args.subList(3, args.size());
        try {
            return switch (kind) {
                case "members-of-my-enclaves" -> rest.isEmpty()
                        ? new Intent.AddRule(new AutonomyRule(id, RuleKind.MEMBERS_OF_MY_ENCLAVES, null, null))
                        : policyHelp("members-of-my-enclaves takes nothing after it");
                case "from", "from-people" -> {
                    List<UserId> people = new ArrayList<>();
                    for (String word : rest) {
                        Optional<UserId> person = mention(word);
                        if (person.isEmpty()) {
                            yield policyHelp("'" + word + "' is not a person Slack identified: pick them from the @ "
                                    + "autocomplete");
                        }
                        people.add(person.get());
                    }
                    yield new Intent.AddRule(new AutonomyRule(id, RuleKind.FROM_PEOPLE, people, null));
                }
                case "purpose", "purpose-contains" -> rest.size() == 1 && quoted(rest.get(0))
                        ? new Intent.AddRule(new AutonomyRule(id, RuleKind.PURPOSE_CONTAINS, null,
                                unquote(rest.get(0)).strip()))
                        : policyHelp("give the text to look for in quotes, e.g. purpose \"standup\"");
                default -> policyHelp("'" + args.get(2) + "' is not a rule kind: members-of-my-enclaves, from "
                        + "@person … or purpose \"text\"");
            };
        } catch (IllegalArgumentException e) {
            return policyHelp(e.getMessage());
        }
    }

    private static Help policyHelp(String problem) {
        return new Help(Topic.MEET_POLICY, problem);
    }

    private PolicyCommandParser() {
    }
}
