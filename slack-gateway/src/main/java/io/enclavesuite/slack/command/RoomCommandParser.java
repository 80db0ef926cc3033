package io.enclavesuite.slack.command;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.slack.command.Intent.Help;
import io.enclavesuite.slack.command.Intent.Topic;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.enclavesuite.slack.command.SlashCommandParser.attempt;
import static io.enclavesuite.slack.command.SlashCommandParser.duration;

/** The words after {@code /meet propose} and {@code /meet withdraw}: acts on one room, named by its id. */
final class RoomCommandParser {

    /** {@code /meet propose <room> <start> <length>}: the start in UTC, as the search range is. */
    static Intent propose(List<String> args, Instant now) {
        if (args.size() < 3 || args.size() > 4) {
            return new Help(Topic.MEET_PROPOSE, "give the room, the start and the length, e.g. "
                    + "/meet propose room-… 2026-12-01T09:00 30m");
        }
        Optional<CoordinationId> room = room(args.get(0));
        if (room.isEmpty()) {
            return new Help(Topic.MEET_PROPOSE, notARoom(args.get(0)));
        }
        String at = String.join("T", args.subList(1, args.size() - 1));
        Optional<Instant> start = startAt(at);
        if (start.isEmpty()) {
            return new Help(Topic.MEET_PROPOSE, "'" + String.join(" ", args.subList(1, args.size() - 1))
                    + "' is not a start I can read: write it like 2026-12-01T09:00 or 2026-12-01 09:00 (UTC)");
        }
        if (!start.get().isAfter(now)) {
            return new Help(Topic.MEET_PROPOSE, "that start has passed: propose a time still to come");
        }
        Optional<MeetingDuration> length = duration(args.get(args.size() - 1));
        if (length.isEmpty()) {
            return new Help(Topic.MEET_PROPOSE, "'" + args.get(args.size() - 1) + "' is not a meeting length: write "
                    + "it like 30m, 45min, 1h or 1h30m (at most 24h)");
        }
        return new Intent.ProposeTime(room.get(),
                new TimeWindow(start.get(), start.get().plus(length.get().length())));
    }

    static Intent withdraw(List<String> args) {
        if (args.size() != 1) {
            return new Help(Topic.MEET_WITHDRAW, "name exactly one room, e.g. /meet withdraw room-…");
        }
        return room(args.get(0)).<Intent>map(Intent.WithdrawFrom::new)
                .orElseGet(() -> new Help(Topic.MEET_WITHDRAW, notARoom(args.get(0))));
    }

    /** A room id as the gateway's messages show it: bare, or in the backticks `/meet status` puts round it. */
    static Optional<CoordinationId> room(String word) {
        String id = word.length() > 2 && word.startsWith("`") && word.endsWith("`")
                ? word.substring(1, word.length() - 1) : word;
        return attempt(() -> CoordinationId.of(id.toLowerCase(Locale.ROOT)));
    }

    static String notARoom(String word) {
        return "'" + word + "' is not a room id: copy it from `/meet status`, it looks like room-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed";
    }

    private static Optional<Instant> startAt(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        String local = t.endsWith("Z") ? t.substring(0, t.length() - 1) : t;
        try {
            return Optional.of(LocalDateTime.parse(local).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private RoomCommandParser() {
    }
}
