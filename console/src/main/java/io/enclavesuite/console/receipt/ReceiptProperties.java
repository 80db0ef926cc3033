package io.enclavesuite.console.receipt;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * Where the receipts page gets a receipt's events ({@code enclave.console.receipts.*}): the write service that owns
 * the stream exports them, not the read side, whose history is not what the chain hashes.
 *
 * @param coordinationUrl coordination-service, which exports a room's events
 * @param commandUrl      enclave-command, which exports a team enclave's events
 * @param keysUrl         the issuer's key set as people reach it, written into the {@code verify-receipt} command;
 *                        empty: {@code <query-url>/api/receipts/keys}
 */
@ConfigurationProperties("enclave.console.receipts")
public record ReceiptProperties(@DefaultValue("http://localhost:8082") URI coordinationUrl,
                                @DefaultValue("http://localhost:8081") URI commandUrl,
                                @DefaultValue("") String keysUrl) {
}
