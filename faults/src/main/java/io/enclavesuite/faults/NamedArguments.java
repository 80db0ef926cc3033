package io.enclavesuite.faults;

import java.util.Map;
import java.util.TreeMap;

/** The fault suite's command lines: {@code name=value} (or {@code --name=value}) over defaults that name every setting. */
final class NamedArguments {

    private NamedArguments() {
    }

    /** The defaults with the arguments' values; a name the defaults lack, or an argument without {@code =}, is refused. */
    static Map<String, String> parse(Map<String, String> defaults, String... args) {
        Map<String, String> values = new TreeMap<>(defaults);
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals).replaceFirst("^--", "");
            if (equals < 0 || !defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; known: "
                        + new TreeMap<>(defaults).keySet() + " as name=value");
            }
            values.put(name, arg.substring(equals + 1));
        }
        return values;
    }
}
