package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.EnclaveStatus;

import java.time.Instant;

/** A team enclave as the HTTP API shows it. */
public record EnclaveView(String name, EnclaveStatus status, String owner, Channel channel, String namespace,
                          String defaultMode, String quota, String failureReason, Instant createdAt,
                          Instant activatedAt, Instant updatedAt) {

    public record Channel(String id, String name) {
    }
}
