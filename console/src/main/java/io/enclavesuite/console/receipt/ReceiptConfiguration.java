package io.enclavesuite.console.receipt;

import io.enclavesuite.console.readapi.PersonTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The receipts page's way to the write services' exports; its settings are found by the application's scan. */
@Configuration(proxyBeanMethods = false)
class ReceiptConfiguration {

    @Bean
    ReceiptExports receiptExports(ReceiptProperties properties, PersonTokens tokens) {
        return new ReceiptExports(properties, tokens);
    }
}
