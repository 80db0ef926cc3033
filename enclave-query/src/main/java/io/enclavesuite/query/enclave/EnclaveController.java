package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Read-only enclave API for the person the bearer token names; an enclave the reader may not view answers 404 like
 * one that does not exist.
 */
@RestController
@RequestMapping("/api/enclaves")
class EnclaveController {

    private final EnclaveViews enclaves;

    EnclaveController(EnclaveViews enclaves) {
        this.enclaves = enclaves;
    }

    @GetMapping
    List<EnclaveView> enclaves(@AuthenticationPrincipal UserId reader) {
        return enclaves.readableBy(reader);
    }

    @GetMapping("/{name}")
    EnclaveView enclave(@PathVariable String name, @AuthenticationPrincipal UserId reader) {
        return enclaves.find(name, reader).orElseThrow(() -> notFound(name));
    }

    private static ErrorResponseException notFound(String name) {
        return Problems.notFound("Enclave not found", "no enclave named '" + name + "'");
    }
}
