package io.enclavesuite.query.tentacle;

import io.enclavesuite.query.http.Problems;
import io.enclavesuite.query.http.ReaderParameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Read-only tentacle API. The reader is a required query parameter until bearer authentication arrives (see
 * {@link ReaderParameter}); what the reader may not see answers 404 like what does not exist.
 */
@RestController
@RequestMapping("/api/enclaves/{enclave}/tentacles")
class TentacleController {

    private final TentacleViews tentacles;

    TentacleController(TentacleViews tentacles) {
        this.tentacles = tentacles;
    }

    @GetMapping
    List<TentacleView> tentacles(@PathVariable String enclave,
                                 @RequestParam(name = ReaderParameter.NAME, required = false) String reader) {
        return tentacles.readableBy(enclave, ReaderParameter.required(reader))
                .orElseThrow(() -> Problems.notFound("Enclave not found", "no enclave named '" + enclave + "'"));
    }

    @GetMapping("/{tentacle}")
    TentacleView tentacle(@PathVariable String enclave, @PathVariable String tentacle,
                          @RequestParam(name = ReaderParameter.NAME, required = false) String reader) {
        return tentacles.find(enclave, tentacle, ReaderParameter.required(reader))
                .orElseThrow(() -> Problems.notFound("Tentacle not found",
                        "no tentacle named '" + tentacle + "' in enclave '" + enclave + "'"));
    }
}
