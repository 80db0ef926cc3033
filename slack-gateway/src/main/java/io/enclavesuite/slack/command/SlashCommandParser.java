package io.enclavesuite.slack.command;

import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.slack.command.Intent.Help;
import io.enclavesuite.slack.command.Intent.Topic;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text after a slash command into an {@link Intent}. Every mistake becomes a {@link Help} naming the
 * problem, never an exception: the text is whatever a person typed. Dates are read in UTC, the one time zone a
 * slash command request lets the gateway be sure of.
 */
public final class SlashCommandParser {

    /** Slack escapes a mention as {@code <@U123|name>} (or {@code <@U123>}); a bare id is taken too. */
    private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]{2,30})(?:\\|[^>]*)?>|([UW][A-Z0-9]{2,30})");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,2})h)?(?:(\\d{1,4})m(?:in)?)?");
    private static final Pattern NEXT_DAYS = Pattern.compile("next (\\d{1,2}) days?");
    private static final int MAX_TEXT = 2000;
    static final int MAX_SEARCH_DAYS = 31;

    private final Clock clock;

    public SlashCommandParser(Clock clock) {
        this.clock = clock;
    }

    /** {@code /enclave <sub-command> …} */
    public Intent enclave(String text) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            return Help.of(Topic.ENCLAVE);
        }
        String sub = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        if (args.size() == 1 && args.get(0).equalsIgnoreCase("help")) {
            return topicOf(sub).map(Help::of).orElseGet(() -> unknown(sub));
        }
        return switch (sub) {
            case "help" -> args.isEmpty() ? Help.of(Topic.ENCLAVE)
                    : topicOf(args.get(0).toLowerCase(Locale.ROOT)).map(Help::of).orElseGet(() -> unknown(args.get(0)));
            case "provision" -> provision(args);
            case "info" -> noArguments(args, Topic.INFO, new Intent.Info());
            case "join" -> noArguments(args, Topic.JOIN, new Intent.Join());
            case "members" -> members(args);
            case "tentacles" -> noArguments(args, Topic.TENTACLES, new Intent.Tentacles());
            case "deprovision" -> noArguments(args, Topic.DEPROVISION, new Intent.Deprovision());
            case "mode" -> mode(args);
            case "transfer" -> transfer(args);
            case "run" -> run(args);
            case "freeze" -> noArguments(args, Topic.FREEZE, new Intent.Freeze());
            case "unfreeze" -> noArguments(args, Topic.UNFREEZE, new Intent.Unfreeze());
            case "remove" -> removeTentacle(args);
            default -> unknown(sub);
        };
    }

    /** {@code /meet @a @b … <duration> within <range> "<purpose>"}, or {@code /meet status}. */
    public Intent meet(String text, UserId caller) {
        List<String> words = words(text);
        if (words.isEmpty() || words.get(0).equalsIgnoreCase("help")) {
            return words.size() > 1 && words.get(1).equalsIgnoreCase("status") ? Help.of(Topic.MEET_STATUS)
                    : words.size() > 1 ? meetTopicOf(words.get(1).toLowerCase(Locale.ROOT)).map(Help::of)
                            .orElseGet(() -> Help.of(Topic.MEET))
                    : Help.of(Topic.MEET);
        }
        if (words.get(0).equalsIgnoreCase("status")) {
            return words.size() == 1 ? new Intent.MeetStatus()
                    : words.size() == 2 && words.get(1).equalsIgnoreCase("help") ? Help.of(Topic.MEET_STATUS)
                    : new Help(Topic.MEET_STATUS, "/meet status takes nothing after it");
        }
        Optional<Topic> roomTopic = meetTopicOf(words.get(0).toLowerCase(Locale.ROOT));
        if (roomTopic.isPresent()) {
            List<String> args = words.subList(1, words.size());
            if (args.size() == 1 && args.get(0).equalsIgnoreCase("help")) {
                return Help.of(roomTopic.get());
            }
            return switch (roomTopic.get()) {
                case MEET_PROPOSE -> RoomCommandParser.propose(args, clock.instant());
                case MEET_WITHDRAW -> RoomCommandParser.withdraw(args);
                case MEET_POLICY -> PolicyCommandParser.policy(args, caller);
                default -> Help.of(Topic.MEET);
            };
        }
        Set<UserId> others = new LinkedHashSet<>();
        int i = 0;
        for (; i < words.size(); i++) {
            Optional<UserId> person = mention(words.get(i));
            if (person.isEmpty()) {
                break;
            }
            if (!person.get().equals(caller)) {
                others.add(person.get());
            }
        }
        if (others.size() < 2) {
            return new Help(Topic.MEET, "name at least two other people (a meeting sync has three or more "
                    + "participants, you among them); pick them from the @ autocomplete so Slack sends their ids");
        }
        if (i >= words.size()) {
            return new Help(Topic.MEET, "say how long the meeting is, e.g. 30m or 1h");
        }
        Optional<MeetingDuration> duration = duration(words.get(i));
        if (duration.isEmpty()) {
            return new Help(Topic.MEET, "'" + words.get(i) + "' is not a meeting length: write it like 30m, 45min, "
                    + "1h or 1h30m (at most 24h)");
        }
        i++;
        if (i >= words.size() || !words.get(i).equalsIgnoreCase("within")) {
            return new Help(Topic.MEET, "after the length comes 'within' and when, e.g. within next week");
        }
        i++;
        int purposeAt = words.size() - 1;
        if (purposeAt <= i || !quoted(words.get(purposeAt))) {
            return new Help(Topic.MEET, "end with the purpose in quotes, e.g. \"quarterly planning\"");
        }
        String purpose = unquote(words.get(purposeAt)).strip();
        if (purpose.isEmpty() || purpose.length() > Purpose.MAX_LENGTH) {
            return new Help(Topic.MEET, "the purpose is 1 to " + Purpose.MAX_LENGTH + " characters");
        }
        String when = String.join(" ", words.subList(i, purposeAt)).toLowerCase(Locale.ROOT);
        Optional<SearchRange> range = range(when);
        if (range.isEmpty()) {
            return new Help(Topic.MEET, "'" + when + "' is not a time range I know: today, tomorrow, this week, "
                    + "next week, next N days, a date (2026-12-01) or dates (2026-12-01..2026-12-03), in UTC, "
                    + "at most " + MAX_SEARCH_DAYS + " days and not all in the past");
        }
        try {
            return new Intent.Meet(List.copyOf(others), duration.get(), range.get(), new Purpose(purpose));
        } catch (IllegalArgumentException e) {
            return new Help(Topic.MEET, e.getMessage());
        }
    }

    /** {@code /why <enclave-or-room> <position>}, or {@code /why <enclave-or-room>#<position>} */
    public Intent why(String text) {
        List<String> words = words(text);
        if (words.isEmpty() || words.get(0).equalsIgnoreCase("help")) {
            return Help.of(Topic.WHY);
        }
        String aggregate;
        String position;
        if (words.size() == 1 && words.get(0).contains("#")) {
            aggregate = words.get(0).substring(0, words.get(0).lastIndexOf('#'));
            position = words.get(0).substring(words.get(0).lastIndexOf('#') + 1);
        } else if (words.size() == 2) {
            aggregate = words.get(0);
            position = words.get(1);
        } else {
            return new Help(Topic.WHY, "name one item: the enclave or room, then the event's position, e.g. /why growth 3");
        }
        if (!aggregate.matches("[a-z0-9][-a-z0-9]{0,80}") || !position.matches("\\d{1,9}")) {
            return new Help(Topic.WHY, "'" + aggregate + " " + position + "' is not an item: an enclave name or "
                    + "room id, then a number");
        }
        return new Intent.Why(aggregate, Long.parseLong(position));
    }

    private static Optional<Topic> meetTopicOf(String sub) {
        return switch (sub) {
            case "propose" -> Optional.of(Topic.MEET_PROPOSE);
            case "withdraw" -> Optional.of(Topic.MEET_WITHDRAW);
            case "policy" -> Optional.of(Topic.MEET_POLICY);
            default -> Optional.empty();
        };
    }

    private Intent provision(List<String> args) {
        QuotaPreset quota = null;
        Mode mode = null;
        for (String arg : args) {
            String word = arg.toLowerCase(Locale.ROOT);
            Optional<QuotaPreset> asQuota = attempt(() -> QuotaPreset.parse(word));
            if (asQuota.isPresent()) {
                if (quota != null) {
                    return new Help(Topic.PROVISION, "give one quota, not " + quota.label() + " and " + word);
                }
                quota = asQuota.get();
                continue;
            }
            Optional<Mode> asMode = attempt(() -> Mode.parse(word));
            if (asMode.isPresent()) {
                if (mode != null) {
                    return new Help(Topic.PROVISION, "give one preset, not two");
                }
                mode = asMode.get();
                continue;
            }
            return new Help(Topic.PROVISION, "'" + arg + "' is neither a quota (small, medium, large) nor a preset "
                    + "(private, member-read, member-edit, open-read, open-run)");
        }
        return new Intent.Provision(quota, mode);
    }

    private Intent mode(List<String> args) {
        if (args.size() != 1) {
            return new Help(Topic.MODE, "give exactly one preset or rwx string");
        }
        return attempt(() -> Mode.parse(args.get(0).toLowerCase(Locale.ROOT))).<Intent>map(Intent.SetMode::new)
                .orElseGet(() -> new Help(Topic.MODE, "'" + args.get(0) + "' is not a preset (private, member-read, "
                        + "member-edit, open-read, open-run) nor nine characters of rwx or -"));
    }

    private Intent transfer(List<String> args) {
        if (args.size() != 1) {
            return new Help(Topic.TRANSFER, "name exactly one person");
        }
        return mention(args.get(0)).<Intent>map(Intent.Transfer::new)
                .orElseGet(() -> new Help(Topic.TRANSFER, "'" + args.get(0) + "' is not a person Slack identified: "
                        + "pick them from the @ autocomplete"));
    }

    private Intent run(List<String> args) {
        if (args.size() != 1) {
            return new Help(Topic.RUN, "name exactly one tentacle");
        }
        return attempt(() -> TentacleName.of(args.get(0))).<Intent>map(Intent.Run::new)
                .orElseGet(() -> new Help(Topic.RUN, "'" + args.get(0) + "' is not a tentacle name"));
    }

    /** {@code members}, {@code members add @person}, {@code members remove @person} */
    private Intent members(List<String> args) {
        if (args.isEmpty()) {
            return new Intent.Members();
        }
        String action = args.get(0).toLowerCase(Locale.ROOT);
        Topic topic = switch (action) {
            case "add" -> Topic.MEMBERS_ADD;
            case "remove" -> Topic.MEMBERS_REMOVE;
            default -> null;
        };
        if (topic == null) {
            return new Help(Topic.MEMBERS, "'" + args.get(0) + "' is not something to do with members: add or remove");
        }
        if (args.size() == 2 && args.get(1).equalsIgnoreCase("help")) {
            return Help.of(topic);
        }
        if (args.size() != 2) {
            return new Help(topic, "name exactly one person");
        }
        Optional<UserId> person = mention(args.get(1));
        if (person.isEmpty()) {
            return new Help(topic, "'" + args.get(1) + "' is not a person Slack identified: pick them from the @ "
                    + "autocomplete");
        }
        return topic == Topic.MEMBERS_ADD ? new Intent.AddMember(person.get()) : new Intent.RemoveMember(person.get());
    }

    private Intent removeTentacle(List<String> args) {
        if (args.size() != 1) {
            return new Help(Topic.REMOVE_TENTACLE, "name exactly one tentacle");
        }
        return attempt(() -> TentacleName.of(args.get(0))).<Intent>map(Intent.RemoveTentacle::new)
                .orElseGet(() -> new Help(Topic.REMOVE_TENTACLE, "'" + args.get(0) + "' is not a tentacle name"));
    }

    private static Intent noArguments(List<String> args, Topic topic, Intent intent) {
        return args.isEmpty() ? intent : new Help(topic, "this takes nothing after it");
    }

    private static Help unknown(String sub) {
        return new Help(Topic.ENCLAVE, "'" + sub + "' is not something I can do");
    }

    private static Optional<Topic> topicOf(String sub) {
        return switch (sub) {
            case "provision" -> Optional.of(Topic.PROVISION);
            case "info" -> Optional.of(Topic.INFO);
            case "join" -> Optional.of(Topic.JOIN);
            case "members" -> Optional.of(Topic.MEMBERS);
            case "mode" -> Optional.of(Topic.MODE);
            case "transfer" -> Optional.of(Topic.TRANSFER);
            case "deprovision" -> Optional.of(Topic.DEPROVISION);
            case "tentacles" -> Optional.of(Topic.TENTACLES);
            case "run" -> Optional.of(Topic.RUN);
            case "freeze" -> Optional.of(Topic.FREEZE);
            case "unfreeze" -> Optional.of(Topic.UNFREEZE);
            case "remove" -> Optional.of(Topic.REMOVE_TENTACLE);
            default -> Optional.empty();
        };
    }

    static Optional<UserId> mention(String word) {
        Matcher m = MENTION.matcher(word);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(UserId.of(m.group(1) != null ? m.group(1) : m.group(2)));
    }

    static Optional<MeetingDuration> duration(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.startsWith("pt")) {
            return attempt(() -> new MeetingDuration(Duration.parse(w.toUpperCase(Locale.ROOT))));
        }
        Matcher m = DURATION.matcher(w);
        if (w.isEmpty() || !m.matches() || (m.group(1) == null && m.group(2) == null)) {
            return Optional.empty();
        }
        long minutes = (m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 60)
                + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
        return attempt(() -> MeetingDuration.ofMinutes(minutes));
    }

    Optional<SearchRange> range(String when) {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        LocalDate from;
        LocalDate to; // exclusive
        Matcher next = NEXT_DAYS.matcher(when);
        if (when.equals("today")) {
            from = today;
            to = today.plusDays(1);
        } else if (when.equals("tomorrow")) {
            from = today.plusDays(1);
            to = today.plusDays(2);
        } else if (when.equals("this week")) {
            from = today;
            to = today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        } else if (when.equals("next week")) {
            from = today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            to = from.plusWeeks(1);
        } else if (next.matches()) {
            from = today;
            to = today.plusDays(Long.parseLong(next.group(1)) + 1);
        } else {
            String[] dates = when.split("\\.\\.", -1);
            if (dates.length > 2) {
                return Optional.empty();
            }
            try {
                from = LocalDate.parse(dates[0].strip());
                to = LocalDate.parse(dates[dates.length - 1].strip()).plusDays(1);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (!to.isAfter(from) || ChronoUnit.DAYS.between(from, to) > MAX_SEARCH_DAYS) {
            return Optional.empty();
        }
        // Nothing in the past is searched: a range that started already starts now (to the minute).
        var start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        var nowMinute = now.truncatedTo(ChronoUnit.MINUTES).toInstant();
        var end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
        var begin = start.isBefore(nowMinute) ? nowMinute : start;
        if (!end.isAfter(begin)) {
            return Optional.empty();
        }
        return attempt(() -> new SearchRange(begin, end));
    }

    /** Splits on blanks, keeping "quoted text" (straight or curly quotes, as Slack clients type them) whole. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        StringBuilder word = new StringBuilder();
        char closing = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (closing != 0) {
                word.append(c);
                if (c == closing || (closing == '"' && c == '\u201d')) {
                    closing = 0;
                }
            } else if (c == '"' || c == '\u201c') {
                word.append(c);
                closing = c == '"' ? '"' : '\u201d';
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    static boolean quoted(String word) {
        return word.length() >= 2 && (word.charAt(0) == '"' || word.charAt(0) == '\u201c')
                && (word.endsWith("\"") || word.endsWith("\u201d"));
    }

    static String unquote(String word) {
        return word.substring(1, word.length() - 1);
    }

    static <T> Optional<T> attempt(java.util.function.Supplier<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
