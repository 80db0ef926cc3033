package io.enclavesuite.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting a service binds with {@code @ConfigurationProperties} is in docs/configuration.md: a key added to a
 * properties record without a line in the docs fails the build. The docs' table rows name keys in backticks, a
 * row's siblings by their last segment ({@code `enclave.database.admin-url` / `admin-username`}, or
 * {@code `….cpu` / `.memory`}); a map's key is written {@code <id>}, a list's index {@code [i]}.
 */
class ConfigurationDocsTest {

    private static final Path DOCS = Path.of("..", "docs", "configuration.md");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(?:\\.|\\[|<|$)[a-zA-Z0-9.\\-\\[\\]<>|\\\\*]*");

    @Test
    void everyTypedSettingIsDocumented() throws IOException {
        Set<String> documented = documented(Files.readString(DOCS));
        Set<String> bound = new TreeSet<>();
        for (JavaClass properties : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.enclavesuite")) {
            if (properties.isAnnotatedWith(ConfigurationProperties.class)) {
                ConfigurationProperties annotation = properties.reflect().getAnnotation(ConfigurationProperties.class);
                String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                keys(prefix, properties.reflect(), bound);
            }
        }
        assertThat(bound).as("settings bound by @ConfigurationProperties records").hasSizeGreaterThan(40);
        List<String> missing = bound.stream().filter(key -> !documented.contains(key)).toList();
        assertThat(missing).as("settings missing from docs/configuration.md").isEmpty();
    }

    @Test
    void aRowsSiblingsTakeTheFirstKeysPlaceAndPlaceholdersMatchAnyKey() {
        Set<String> documented = documented("""
                | `enclave.database.admin-url` / `admin-username` / `admin-password` | x | y |
                | `enclave.quota.presets.<small\\|medium\\|large>.cpu` / `.memory` | x | y |
                | `enclave.principals.registry.<id>.keys[i].public-key` / `public-key-file` | x | `10s` |
                """);
        assertThat(documented).contains("enclave.database.admin-url", "enclave.database.admin-username",
                "enclave.database.admin-password", "enclave.quota.presets.*.cpu", "enclave.quota.presets.*.memory",
                "enclave.principals.registry.*.keys[*].public-key",
                "enclave.principals.registry.*.keys[*].public-key-file").doesNotContain("10s");
    }

    /** The keys the docs' tables name, normalised: {@code <…>} → {@code *}, {@code […]} → {@code [*]}. */
    static Set<String> documented(String docs) {
        Set<String> keys = new TreeSet<>();
        for (String line : docs.lines().filter(l -> l.startsWith("|")).toList()) {
            String firstCell = line.substring(1, Math.max(1, line.indexOf(" |", 1)));
            String first = null;
            Matcher names = BACKTICKED.matcher(firstCell);
            while (names.find()) {
                String name = normalise(names.group(1).strip());
                if (first == null) {
                    if (!KEY.matcher(name).matches()) {
                        continue;
                    }
                    first = name;
                    keys.add(name);
                } else {
                    String sibling = name.startsWith(".") ? name.substring(1) : name;
                    keys.add(sibling.contains(".") ? sibling : first.substring(0, first.lastIndexOf('.') + 1) + sibling);
                }
            }
        }
        return keys;
    }

    private static String normalise(String key) {
        return key.replaceAll("<[^>]*>", "*").replaceAll("\\[[^]]*]", "[*]");
    }

    /** The leaf keys of a properties record: nested records recursed into, a map's key as *, a list's index as [*]. */
    private static void keys(String prefix, Class<?> type, Collection<String> into) {
        if (!type.isRecord()) {
            throw new AssertionError(type.getName() + " binds " + prefix + ".* but is not a record: make it one, so "
                    + "that its keys are its components");
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + "." + kebab(component.getName());
            leaf(key, component.getGenericType(), into);
        }
    }

    private static void leaf(String key, Type type, Collection<String> into) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw) && arguments[1] instanceof Class<?> value && value.isRecord()) {
                keys(key + ".*", value, into);
                return;
            }
            if (Collection.class.isAssignableFrom(raw) && arguments[0] instanceof Class<?> element && element.isRecord()) {
                keys(key + "[*]", element, into);
                return;
            }
            into.add(key);
            return;
        }
        if (type instanceof Class<?> nested && nested.isRecord() && nested.getPackageName().startsWith("io.enclavesuite")
                && !valueType(nested)) {
            keys(key, nested, into);
            return;
        }
        into.add(key);
    }

    /** A value bound from one string (a domain value type with a converter), not a group of keys. */
    private static boolean valueType(Class<?> type) {
        return type.getRecordComponents().length == 1 && !type.isAnnotationPresent(NestedConfigurationProperty.class)
                && type.getPackageName().startsWith("io.enclavesuite.api");
    }

    private static String kebab(String camel) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c) && !part.isEmpty()) {
                parts.add(part.toString());
                part.setLength(0);
            }
            part.append(Character.toLowerCase(c));
        }
        parts.add(part.toString());
        return String.join("-", parts);
    }
}
