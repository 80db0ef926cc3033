package io.enclavesuite.receipts.chain;

/**
 * One line of an export: an event the holder may see, whole, or one withheld from them, of which only its hash
 * stands in the chain.
 */
public sealed interface ChainEntry permits ExportedEvent, WithheldEvent {

    String aggregateId();

    long sequence();
}
