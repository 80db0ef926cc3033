package io.enclavesuite.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * A controller behind MockMvc the way the service serves it: problem details as Spring Boot's
 * {@code spring.mvc.problemdetails.enabled} registers them (a {@link ResponseEntityExceptionHandler} advice), and
 * JSON as {@code enclave-query.yml} configures it (ISO instants, no nulls).
 */
public final class ApiMockMvc {

    public static MockMvc of(Object controller) {
        return MockMvcBuilders.standaloneSetup(controller)
                .setControllerAdvice(new ProblemDetails())
                .setMessageConverters(new org.springframework.http.converter.StringHttpMessageConverter(
                                java.nio.charset.StandardCharsets.UTF_8),
                        new MappingJackson2HttpMessageConverter(Jackson2ObjectMapperBuilder.json()
                        .serializationInclusion(JsonInclude.Include.NON_NULL)
                        .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .build()))
                .build();
    }

    /** Advice is found by its annotation, so it needs a class of its own, like Spring Boot's. */
    @ControllerAdvice
    static class ProblemDetails extends ResponseEntityExceptionHandler {
    }

    private ApiMockMvc() {
    }
}
