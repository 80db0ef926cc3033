package io.enclavesuite.query.enclave;

import io.enclavesuite.query.http.Problems;
import io.enclavesuite.query.http.ReaderParameter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Read-only enclave API. The reader is a query parameter until bearer authentication arrives (see
 * {@link ReaderParameter}); an enclave the reader may not view answers 404 like one that does not exist.
 */
@RestController
@RequestMapping("/api/enclaves")
class EnclaveController {

    private final EnclaveViews enclaves;

    EnclaveController(EnclaveViews enclaves) {
        this.enclaves = enclaves;
    }

    @GetMapping
    List<EnclaveView> enclaves(@RequestParam(name = ReaderParameter.NAME, required = false) String reader) {
        return enclaves.readableBy(ReaderParameter.required(reader));
    }

    /** Without a reader the enclave is shown unfiltered, as before readers existed. */
    @GetMapping("/{name}")
    EnclaveView enclave(@PathVariable String name,
                        @RequestParam(name = ReaderParameter.NAME, required = false) String reader) {
        return ReaderParameter.optional(reader)
                .map(user -> enclaves.find(name, user))
                .orElseGet(() -> enclaves.find(name))
                .orElseThrow(() -> notFound(name));
    }

    private static ErrorResponseException notFound(String name) {
        return Problems.notFound("Enclave not found", "no enclave named '" + name + "'");
    }
}
