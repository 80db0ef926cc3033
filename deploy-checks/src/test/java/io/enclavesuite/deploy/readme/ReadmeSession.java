package io.enclavesuite.deploy.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shell block of the README that a newcomer types as it stands, and what its {@code # → …} comments promise it
 * prints. A block is a session when the line before its fence is {@code <!-- readme-session -->}.
 */
record ReadmeSession(int line, String script, List<String> promises) {

    static final String MARK = "<!-- readme-session -->";
    private static final Pattern PROMISE = Pattern.compile("#\\s*→\\s*(.+?)\\s*$");

    /** Every session block of the README, in order. */
    static List<ReadmeSession> in(String readme) {
        List<String> lines = readme.lines().toList();
        List<ReadmeSession> sessions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals(MARK)) {
                continue;
            }
            if (i + 1 >= lines.size() || !lines.get(i + 1).strip().equals("```bash")) {
                throw new IllegalStateException("README line " + (i + 1) + ": " + MARK + " must precede a ```bash block");
            }
            StringBuilder script = new StringBuilder();
            List<String> promises = new ArrayList<>();
            int j = i + 2;
            for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                script.append(lines.get(j)).append('\n');
                Matcher promise = PROMISE.matcher(lines.get(j));
                if (promise.find()) {
                    promises.add(promise.group(1));
                }
            }
            if (j == lines.size()) {
                throw new IllegalStateException("README line " + (i + 2) + ": a session block that never ends");
            }
            sessions.add(new ReadmeSession(i + 2, script.toString(), List.copyOf(promises)));
            i = j;
        }
        return sessions;
    }

    /** A promise read literally, but for "…", which stands for anything on the same line. */
    static Pattern pattern(String promise) {
        StringBuilder regex = new StringBuilder();
        String[] parts = promise.split("…", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[^\\n]*?");
            }
            String part = parts[i];
            // "quota small …" promises "quota small" followed by anything, nothing included
            if (i > 0) {
                part = part.stripLeading();
            }
            if (i < parts.length - 1) {
                part = part.stripTrailing();
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
