package io.enclavesuite.query.tentacle;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Read-only tentacle API for the person the bearer token names; what the reader may not see answers 404 like what
 * does not exist.
 */
@RestController
@RequestMapping("/api/enclaves/{enclave}/tentacles")
class TentacleController {

    private final TentacleViews tentacles;

    TentacleController(TentacleViews tentacles) {
        this.tentacles = tentacles;
    }

    @GetMapping
    List<TentacleView> tentacles(@PathVariable String enclave, @AuthenticationPrincipal UserId reader) {
        return tentacles.readableBy(enclave, reader)
                .orElseThrow(() -> Problems.notFound("Enclave not found", "no enclave named '" + enclave + "'"));
    }

    @GetMapping("/{tentacle}")
    TentacleView tentacle(@PathVariable String enclave, @PathVariable String tentacle,
                          @AuthenticationPrincipal UserId reader) {
        return tentacles.find(enclave, tentacle, reader)
                .orElseThrow(() -> Problems.notFound("Tentacle not found",
                        "no tentacle named '" + tentacle + "' in enclave '" + enclave + "'"));
    }
}
