package io.enclavesuite.slack.command;

import io.enclavesuite.slack.GatewayProperties.CommandNames;
import io.enclavesuite.slack.command.Intent.Help;
import io.enclavesuite.slack.command.Intent.Topic;

/** The help text of each command, with the command names as this workspace's Slack app configures them. */
public final class HelpPages {

    private final CommandNames names;

    public HelpPages(CommandNames names) {
        this.names = names;
    }

    /** The page, led by what was wrong when the help answers a mistake. */
    public String render(Help help) {
        String page = page(help.topic());
        return help.problem() == null ? page : ":warning: " + help.problem() + "\n\n" + page;
    }

    String page(Topic topic) {
        String e = names.enclave();
        return switch (topic) {
            case ENCLAVE -> String.join("\n",
                    "*" + e + "* works on this channel's team enclave:",
                    "• `" + e + " provision [small|medium|large] [preset]`: create the enclave for this channel",
                    "• `" + e + " info`: status, mode, owner and shared services",
                    "• `" + e + " members`: who is owner and member",
                    "• `" + e + " members add @person` · `members remove @person`: change who is a member (owner only)",
                    "• `" + e + " freeze` · `unfreeze`: pause deployments and schedules, and resume them (owner only)",
                    "• `" + e + " join`: the sign-in that makes you a member, again",
                    "• `" + e + " mode <preset>`: change who may do what (owner only)",
                    "• `" + e + " transfer @person`: hand the enclave to a member (owner only)",
                    "• `" + e + " deprovision`: remove the enclave and everything in it (owner only, confirmed)",
                    "• `" + e + " tentacles`: the workloads deployed here",
                    "• `" + e + " run <tentacle>`: run a tentacle once now",
                    "• `" + e + " remove <tentacle>`: remove a tentacle and its workload (confirmed)",
                    "`" + e + " <command> help` explains one. Also: `" + names.meet() + "` and `" + names.why() + "`.");
            case PROVISION -> "`" + e + " provision [small|medium|large] [preset]` creates this channel's enclave, "
                    + "with you as owner: only the channel's owner in Slack (who created it) may. Quota defaults to medium; the preset (private, member-read, member-edit, "
                    + "open-read, open-run, or nine characters like rwxrwx---) defaults to member-edit.";
            case INFO -> "`" + e + " info` shows the enclave's status, mode, owner, namespace and shared services.";
            case MEMBERS -> "`" + e + " members` lists the enclave's owner and members; `" + e + " members add "
                    + "@person` and `" + e + " members remove @person` change them (owner only).";
            case MEMBERS_ADD -> "`" + e + " members add @person` makes someone a member of the enclave. Only the owner "
                    + "may; pick the person from the @ autocomplete.";
            case MEMBERS_REMOVE -> "`" + e + " members remove @person` removes a member; their tentacles pass to you, "
                    + "the owner. Only the owner may.";
            case FREEZE -> "`" + e + " freeze` freezes the enclave: no deployments, scheduled tentacles paused. Only "
                    + "the owner may, and only the owner's `" + e + " unfreeze` lifts it.";
            case UNFREEZE -> "`" + e + " unfreeze` lifts the owner's freeze. A freeze because the channel was "
                    + "archived ends only when the channel is unarchived.";
            case REMOVE_TENTACLE -> "`" + e + " remove <tentacle>` removes a tentacle and its workload. You get a "
                    + "button to confirm first. Only the tentacle's owner or the enclave's owner may.";
            case JOIN -> "`" + e + " join` sends you the sign-in for this channel's enclave again: members are the "
                    + "channel's people who signed in.";
            case MODE -> "`" + e + " mode <preset>` sets the enclave layer of permissions: private `rwx------`, "
                    + "member-read `rwxr-x---`, member-edit `rwxrwx---`, open-read `rwxrwxr--`, open-run `rwxrwxr-x` "
                    + "(owner, members, everyone else). Only the owner may.";
            case TRANSFER -> "`" + e + " transfer @person` makes a current member the owner; you stay on as a "
                    + "member. Only the owner may.";
            case DEPROVISION -> "`" + e + " deprovision` asks to remove the enclave: its namespace, workloads, "
                    + "database and bucket. You get a button carrying a confirmation code, valid for a few minutes. "
                    + "Only the owner may, and it cannot be undone.";
            case TENTACLES -> "`" + e + " tentacles` lists the tentacles (workloads) deployed in the enclave.";
            case RUN -> "`" + e + " run <tentacle>` runs the tentacle once now, if the enclave's and the tentacle's "
                    + "modes give you `x`.";
            case MEET -> "`" + names.meet() + " @a @b … <length> within <when> \"<purpose>\"` finds a time for you and "
                    + "the people named, sharing only availability windows. Length: 30m, 1h, 1h30m. When (UTC): "
                    + "today, tomorrow, this week, next week, next N days, 2026-12-01 or 2026-12-01..2026-12-03. "
                    + "Example: `" + names.meet() + " @bob @carol 30m within next week \"quarterly planning\"`. "
                    + "`" + names.meet() + " status` lists your rooms; `" + names.meet() + " propose` and `"
                    + names.meet() + " withdraw` act on one of them; `" + names.meet() + " policy` sets how far your "
                    + "agent joins on its own.";
            case MEET_STATUS -> "`" + names.meet() + " status` lists the meeting syncs you take part in and where "
                    + "each stands.";
            case MEET_PROPOSE -> "`" + names.meet() + " propose <room> <start> <length>` proposes a time of your own "
                    + "for a room, once everyone has shared their windows: the start in UTC (2026-12-01T09:00 or "
                    + "2026-12-01 09:00), the length like 30m or 1h. The room id is the one `" + names.meet()
                    + " status` shows. The time is sealed to the room before it leaves the gateway; it must lie "
                    + "inside everyone's overlap. The \"Propose a time…\" button of the room's open notice does the "
                    + "same with date-time pickers in your own time zone.";
            case MEET_WITHDRAW -> "`" + names.meet() + " withdraw <room>` leaves a meeting sync you take part in, "
                    + "which calls it off for everyone. You get a Withdraw button to confirm first; nothing is sent "
                    + "until you press it. The room id is the one `" + names.meet() + " status` shows.";
            case MEET_POLICY -> String.join("\n",
                    "`" + names.meet() + " policy` works on your own agent's policy: how far it joins meeting syncs "
                            + "without asking you.",
                    "• `" + names.meet() + " policy level <none|draft-only|auto-respond|full>`: none refuses every "
                            + "invitation, draft-only drafts and asks you, auto-respond lets your rules decide, full "
                            + "joins every room",
                    "• `" + names.meet() + " policy budget <N meetings|N h|none>`: how much it joins on its own in a "
                            + "week (Monday 00:00 UTC) before dropping to draft-only",
                    "• `" + names.meet() + " policy trust @person` · `untrust @person`: their meeting syncs are "
                            + "joined without review (at every level but none)",
                    "• `" + names.meet() + " policy rate <N|default>`: at most N invitations per sender an hour",
                    "• `" + names.meet() + " policy rule add <id> members-of-my-enclaves | from @person … | purpose "
                            + "\"text\"` · `rule remove <id>`: the rules that let it join on its own",
                    "`" + names.meet() + " policy` alone says what can be shown of it.");
            case WHY -> "`" + names.why() + " <enclave or room> <position>` explains one item of the history: who "
                    + "or what started it, which rule decided it, the people involved and the state changes. "
                    + "Example: `" + names.why() + " growth 3`.";
        };
    }
}
