package io.enclavesuite.command.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a tentacle that declares messaging or identity is told: {@code enclave.messaging.url}, the NATS server to
 * connect to, and {@code enclave.identity.trust-domain}, the SPIFFE trust domain of its ID.
 */
@ConfigurationProperties("enclave")
public record OnDemandServicesProperties(@DefaultValue Messaging messaging, @DefaultValue Identity identity) {

    public record Messaging(@DefaultValue("nats://nats.nats.svc.cluster.local:4222") String url) {
    }

    public record Identity(@DefaultValue("enclave.local") String trustDomain) {
    }
}
