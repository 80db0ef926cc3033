package io.enclavesuite.suite;

import io.enclavesuite.auth.ServiceTokenIssuer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's own services that sign people in themselves and ask the read side on their behalf — the Slack gateway
 * and the console — each an issuer of tokens with a key of its own in the data folder
 * ({@code <service>/token-key.pem}, made on first start). The read side and the write services are handed only the
 * public halves ({@code api/service-issuers/<service>.pem}), written again on every start from the private keys.
 */
final class ServiceIssuerKeys {

    static final String SLACK_GATEWAY = "slack-gateway";
    static final String CONSOLE = "console";
    static final List<String> SERVICES = List.of(SLACK_GATEWAY, CONSOLE);

    private ServiceIssuerKeys() {
    }

    /** The private token key of {@code service}: only that service is given it. */
    static Path privateKeyFile(Path dataDir, String service) {
        return dataDir.resolve(service).resolve("token-key.pem");
    }

    static Path publicKeyFile(Path dataDir, String service) {
        return dataDir.resolve("api").resolve("service-issuers").resolve(service + ".pem");
    }

    /**
     * Makes each service's key when missing and writes its public half; the arguments that make every service that
     * checks bearer tokens trust them ({@code enclave.api.auth.service-issuers.<service>}).
     */
    static List<String> trust(Path dataDir) {
        List<String> arguments = new ArrayList<>();
        for (String service : SERVICES) {
            ServiceTokenIssuer.writePublicKey(service, privateKeyFile(dataDir, service), publicKeyFile(dataDir, service));
            arguments.add("--enclave.api.auth.service-issuers." + service + "=" + publicKeyFile(dataDir, service));
        }
        return arguments;
    }
}
