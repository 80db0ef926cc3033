package io.enclavesuite.write.receipts;

import io.enclavesuite.receipts.receipt.ReceiptSigner;
import io.enclavesuite.receipts.signing.SigningKeyFile;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The receipt issuer's parts: the signing key (a PKCS#8 PEM file — a mounted Kubernetes Secret, or in the embedded
 * default a key generated on first start in the data folder), the stream export and the holders' export endpoints —
 * which leave out what a service's {@link ExportVisibility} hides from a holder (none: everything visible).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReceiptProperties.class)
public class ReceiptConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReceiptConfiguration.class);

    @Bean
    ReceiptSigner receiptSigner(ReceiptProperties properties) {
        Path keyFile = properties.signingKeyFile();
        ReceiptSigner signer = new ReceiptSigner(SigningKeyFile.loadOrCreate(keyFile, new SecureRandom()));
        log.info("Receipts are signed with key {} from {}", signer.keyId(), keyFile.toAbsolutePath());
        return signer;
    }

    @Bean
    StreamExport streamExport(EventStore eventStore, @Qualifier("eventSerializer") Serializer serializer) {
        return new StreamExport(eventStore, serializer);
    }

    @Bean
    ReceiptIssuer receiptIssuer(ReceiptSigner signer, Clock clock, MeterRegistry registry) {
        return new ReceiptIssuer(signer, clock, registry);
    }

    @Bean
    ReceiptExportController receiptExportController(StreamExport export, ObjectProvider<ExportVisibility> visibility) {
        return new ReceiptExportController(export, visibility.getIfAvailable(() -> ExportVisibility.EVERYTHING));
    }
}
