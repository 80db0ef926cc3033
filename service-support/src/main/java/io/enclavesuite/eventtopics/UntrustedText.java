package io.enclavesuite.eventtopics;

/**
 * A string from outside (a Kafka header, say) made safe to log and show: quoted, control and line-separator
 * characters escaped (a header holding a newline cannot forge a log line), and cut to a length no reader needs more of.
 */
public final class UntrustedText {

    static final int MAX_LENGTH = 200;

    private UntrustedText() {
    }

    /** The text in double quotes, Java-escaped where it is not printable ASCII; {@code null} stays unquoted. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 2).append('"');
        int shown = Math.min(text.length(), MAX_LENGTH);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        quoted.append('"');
        if (text.length() > MAX_LENGTH) {
            quoted.append("… (").append(text.length()).append(" characters)");
        }
        return quoted.toString();
    }
}
