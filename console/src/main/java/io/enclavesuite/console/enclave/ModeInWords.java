package io.enclavesuite.console.enclave;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A mode such as {@code rwxr-x---} said in words, triad by triad, with its preset's name when it is one — the rules
 * of team enclaves: {@code r} views, {@code w} changes (deploy, update, remove), {@code x} runs.
 *
 * @param bits   the nine characters as the read API gives them
 * @param preset the preset these bits are ({@code member-read}), or null
 * @param triads who may do what, owner first; empty when the bits are not a mode
 */
public record ModeInWords(String bits, String preset, List<Triad> triads) {

    private static final Pattern RWX = Pattern.compile("([r-][w-][x-]){3}");
    private static final Map<String, String> PRESETS = Map.of("rwx------", "private", "rwxr-x---", "member-read",
            "rwxrwx---", "member-edit", "rwxrwxr--", "open-read", "rwxrwxr-x", "open-run");
    private static final List<String> WHO = List.of("the owner", "members", "everyone else");

    /** One triad: who, and what they may do in words ({@code view and run}, or {@code nothing}). */
    public record Triad(String who, String bits, String may) {
    }

    static ModeInWords of(String bits) {
        if (bits == null || !RWX.matcher(bits).matches()) {
            return new ModeInWords(bits, null, List.of());
        }
        List<Triad> triads = WHO.stream().map(who -> {
            int at = WHO.indexOf(who) * 3;
            String triad = bits.substring(at, at + 3);
            return new Triad(who, triad, may(triad));
        }).toList();
        return new ModeInWords(bits, PRESETS.get(bits), triads);
    }

    /** The triads in one line: "the owner may view, change and run; members may view and run; everyone else nothing". */
    public String sentence() {
        return String.join("; ", triads.stream().map(t -> t.may().equals("nothing") ? t.who() + " nothing"
                : t.who() + " may " + t.may()).toList());
    }

    private static String may(String triad) {
        List<String> verbs = new java.util.ArrayList<>();
        if (triad.charAt(0) == 'r') {
            verbs.add("view");
        }
        if (triad.charAt(1) == 'w') {
            verbs.add("change");
        }
        if (triad.charAt(2) == 'x') {
            verbs.add("run");
        }
        return switch (verbs.size()) {
            case 0 -> "nothing";
            case 1 -> verbs.get(0);
            case 2 -> verbs.get(0) + " and " + verbs.get(1);
            default -> verbs.get(0) + ", " + verbs.get(1) + " and " + verbs.get(2);
        };
    }
}
