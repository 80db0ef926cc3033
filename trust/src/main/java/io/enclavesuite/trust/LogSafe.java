package io.enclavesuite.trust;

/**
 * Untrusted text as it may appear in a log line or a reason: quoted, control characters escaped and length bounded,
 * so a sender's newline cannot forge a second log line and a megabyte of junk cannot fill the log.
 */
public final class LogSafe {

    private static final int MAX = 200;

    private LogSafe() {
    }

    public static String quote(String untrusted) {
        if (untrusted == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(untrusted.length(), MAX) + 2).append('\'');
        for (int i = 0; i < untrusted.length() && i < MAX; i++) {
            char c = untrusted.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (untrusted.length() > MAX) {
            out.append("…");
        }
        return out.append('\'').toString();
    }
}
