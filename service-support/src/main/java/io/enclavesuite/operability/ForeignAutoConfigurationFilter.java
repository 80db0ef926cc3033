package io.enclavesuite.operability;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import java.util.Arrays;
import java.util.List;

/**
 * Leaves out the auto-configurations of packages a context names in {@value #PROPERTY}. The suite runs every service
 * in one JVM, so the Slack gateway's and the console's classpath there also holds Axon, db-scheduler and springdoc
 * (and, for the console, JDBC and Flyway), whose auto-configurations would start an Axon configuration, a scheduler
 * polling a table the service does not have, or an OpenAPI endpoint. Only a context that sets the property is
 * affected; on its own each of those services has none of them anyway.
 */
public final class ForeignAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    public static final String PROPERTY = "enclave.autoconfigure.exclude-packages";

    private List<String> packages = List.of();

    @Override
    public void setEnvironment(Environment environment) {
        String value = environment.getProperty(PROPERTY, "");
        packages = Arrays.stream(value.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String name = autoConfigurationClasses[i];
            match[i] = name == null || packages.stream().noneMatch(name::startsWith);
        }
        return match;
    }
}
