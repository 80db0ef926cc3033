package io.enclavesuite.api.enclave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * POSIX-like permissions for owner, member and other as nine characters, e.g. {@code rwxrwx---}.
 * r = list/view/status/logs, w = deploy/update/remove/settings, x = run/trigger.
 */
public record Mode(String bits) {

    private static final Pattern RWX = Pattern.compile("([r-][w-][x-]){3}");

    public static final Mode PRIVATE = new Mode("rwx------");
    public static final Mode MEMBER_READ = new Mode("rwxr-x---");
    public static final Mode MEMBER_EDIT = new Mode("rwxrwx---");
    public static final Mode OPEN_READ = new Mode("rwxrwxr--");
    public static final Mode OPEN_RUN = new Mode("rwxrwxr-x");

    /** The default for new enclaves and for tentacles that name no mode. */
    public static final Mode DEFAULT = MEMBER_EDIT;

    private static final Map<String, Mode> PRESETS = Map.of(
            "private", PRIVATE,
            "member-read", MEMBER_READ,
            "member-edit", MEMBER_EDIT,
            "open-read", OPEN_READ,
            "open-run", OPEN_RUN);

    public Mode {
        if (bits == null || !RWX.matcher(bits).matches()) {
            throw new IllegalArgumentException("'" + bits
                    + "' is not a mode: nine characters of rwx or '-' (e.g. rwxrwx---), or a preset "
                    + new java.util.TreeSet<>(PRESETS.keySet()));
        }
    }

    /** Accepts a preset name ({@code member-edit}) or an rwx string ({@code rwxrwx---}). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Mode parse(String text) {
        Mode preset = text == null ? null : PRESETS.get(text);
        return preset != null ? preset : new Mode(text);
    }

    @JsonValue
    @Override
    public String toString() {
        return bits;
    }
}
