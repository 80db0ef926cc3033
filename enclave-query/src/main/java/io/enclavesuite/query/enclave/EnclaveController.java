package io.enclavesuite.query.enclave;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/enclaves")
class EnclaveController {

    private final EnclaveViews enclaves;

    EnclaveController(EnclaveViews enclaves) {
        this.enclaves = enclaves;
    }

    @GetMapping("/{name}")
    EnclaveView enclave(@PathVariable String name) {
        return enclaves.find(name).orElseThrow(() -> notFound(name));
    }

    private static ErrorResponseException notFound(String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no enclave named '" + name + "'");
        problem.setTitle("Enclave not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
