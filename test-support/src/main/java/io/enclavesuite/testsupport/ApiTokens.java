package io.enclavesuite.testsupport;

import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.auth.ServiceTokenIssuer;

import java.time.Duration;
import java.time.Instant;

/**
 * Bearer tokens for the read API in tests, minted by the same code as {@code enclavectl token} with this JVM's local
 * issuer key ({@link TestInfrastructure#API_TOKEN_KEY_FILE}), which every enclave-query started with
 * {@link TestInfrastructure#springProperties} checks tokens against.
 */
public final class ApiTokens {

    private static volatile LocalTokenIssuer issuer;

    /** The JVM's issuer; its key file is created on first use, whoever comes first — a test or a service. */
    public static LocalTokenIssuer issuer() {
        LocalTokenIssuer current = issuer;
        if (current == null) {
            synchronized (ApiTokens.class) {
                if (issuer == null) {
                    issuer = LocalTokenIssuer.loadOrCreate(TestInfrastructure.API_TOKEN_KEY_FILE);
                }
                current = issuer;
            }
        }
        return current;
    }

    /**
     * A service issuer of this JVM ({@link TestInfrastructure#SERVICE_ISSUERS}): the key the services started with
     * {@link TestInfrastructure#springProperties} trust for it.
     */
    public static ServiceTokenIssuer service(String service) {
        return ServiceTokenIssuer.loadOrCreate(service, TestInfrastructure.serviceTokenKeyFile(service));
    }

    /** A token for {@code user}, valid for an hour from now. */
    public static String tokenFor(String user) {
        return issuer().mint(user, Instant.now(), Duration.ofHours(1));
    }

    /** The {@code Authorization} header value that reads as {@code user}. */
    public static String bearer(String user) {
        return "Bearer " + tokenFor(user);
    }

    private ApiTokens() {
    }
}
