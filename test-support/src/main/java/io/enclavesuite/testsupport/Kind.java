package io.enclavesuite.testsupport;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Where the test servers run: in Docker containers, or embedded in (or spawned by) the test JVM. */
public enum Kind {
    /** Testcontainers: postgres:16-alpine, apache/kafka (KRaft) and rancher/k3s. */
    DOCKER,
    /** zonky embedded PostgreSQL, spring-kafka-test's KRaft broker and the fabric8 CRUD mock API server. */
    EMBEDDED;

    /** Environment variable selecting the kind: {@code auto} (default), {@code docker} or {@code embedded}. */
    public static final String ENVIRONMENT_VARIABLE = "ENCLAVE_TEST_INFRA";
    /** System property with the same meaning; it wins over the environment variable because it is per JVM. */
    public static final String SYSTEM_PROPERTY = "enclave.test.infra";

    /**
     * Pure selection logic, separate from the environment so it can be unit-tested.
     *
     * @param setting         {@code auto}, {@code docker} or {@code embedded} (case-insensitive); null or blank means
     *                        {@code auto}
     * @param dockerAvailable asked only when the answer matters (probing Docker takes time and logs a lot)
     * @throws IllegalArgumentException for any other setting
     * @throws IllegalStateException    when {@code docker} is forced but no engine is reachable: a forced setting must
     *                                  fail loudly rather than silently test something else
     */
    public static Kind choose(String setting, BooleanSupplier dockerAvailable) {
        String normalized = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        switch (normalized) {
            case "", "auto":
                return dockerAvailable.getAsBoolean() ? DOCKER : EMBEDDED;
            case "embedded":
                return EMBEDDED;
            case "docker":
                if (!dockerAvailable.getAsBoolean()) {
                    throw new IllegalStateException(ENVIRONMENT_VARIABLE + "=docker, but no Docker engine is reachable "
                            + "(Testcontainers found none). Start Docker, or use " + ENVIRONMENT_VARIABLE
                            + "=auto or =embedded.");
                }
                return DOCKER;
            default:
                throw new IllegalArgumentException("Invalid " + ENVIRONMENT_VARIABLE + " / -D" + SYSTEM_PROPERTY
                        + " value '" + setting + "': expected auto, docker or embedded.");
        }
    }

    /** The raw setting of this JVM: the system property if set, else the environment variable, else null (auto). */
    static String configuredSetting() {
        String property = System.getProperty(SYSTEM_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property;
        }
        return System.getenv(ENVIRONMENT_VARIABLE);
    }
}
