package io.enclavesuite.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked files are: the repository root, the project version and the services' jars (from the pom). */
public final class Repository {

    public static Path root() {
        return Path.of(required("deploy.repository")).toAbsolutePath().normalize();
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    public static String version() {
        return required("deploy.version");
    }

    public static Path jar(SuiteService service) {
        Path jar = Path.of(required("deploy.jar." + service.module()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no exec jar of " + service.module() + " at " + jar);
        }
        return jar;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven (surefire)");
        }
        return value;
    }

    private Repository() {
    }
}
