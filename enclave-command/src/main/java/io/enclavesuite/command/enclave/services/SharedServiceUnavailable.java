package io.enclavesuite.command.enclave.services;

import io.enclavesuite.api.tentacle.Dependency;

/** A shared service a tentacle declared could not be set up; the tentacle saga records which one and why. */
public class SharedServiceUnavailable extends RuntimeException {

    private final Dependency service;

    public SharedServiceUnavailable(Dependency service, RuntimeException cause) {
        super(service.label() + ": " + cause.getMessage(), cause);
        this.service = service;
    }

    public Dependency service() {
        return service;
    }
}
