package io.enclavesuite.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.enclavesuite.query.security.ApiSecurityConfiguration;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.TestInfrastructure;
import jakarta.servlet.Filter;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Controllers behind MockMvc the way the service serves them: behind the service's own security filter chain
 * ({@link ApiSecurityConfiguration}, checking tokens against this JVM's local issuer key), with problem details as
 * Spring Boot's {@code spring.mvc.problemdetails.enabled} registers them (a {@link ResponseEntityExceptionHandler}
 * advice), and JSON as {@code enclave-query.yml} configures it (ISO instants, no nulls). Requests read as a person
 * with {@link #reader(String)}: a real token, minted as {@code enclavectl token} mints it.
 */
public final class ApiMockMvc {

    public static MockMvc of(Object... controllers) {
        return with(context -> {
            for (Object controller : controllers) {
                register(context, controller);
            }
        });
    }

    /**
     * The same, with whatever {@code beans} puts in the context before it starts: a component scan, collaborators,
     * properties. The request mappings the service's controllers declare are then in the context's
     * {@code RequestMappingHandlerMapping} ({@code getDispatcherServlet().getWebApplicationContext()}).
     */
    public static MockMvc with(Consumer<GenericWebApplicationContext> beans) {
        GenericWebApplicationContext context = new GenericWebApplicationContext(new MockServletContext());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "enclave.api.auth.local-key-file", TestInfrastructure.API_TOKEN_KEY_FILE.toString())));
        AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
        context.registerBean(Web.class);
        context.registerBean(ProblemDetails.class, () -> new ProblemDetails() { });
        context.registerBean(ApiSecurityConfiguration.class);
        beans.accept(context);
        context.refresh();
        return MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean(AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME, Filter.class))
                .build();
    }

    /** The request carries a bearer token whose {@code sub} is {@code user}. */
    public static RequestPostProcessor reader(String user) {
        return bearer(ApiTokens.tokenFor(user));
    }

    /** The request carries this token, whatever it is. */
    public static RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return request;
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(GenericWebApplicationContext context, T controller) {
        context.registerBean((Class<T>) controller.getClass(), () -> controller);
    }

    /**
     * Spring MVC as Spring Boot configures it for the service. No {@code @Configuration}, and the advice below is
     * abstract: the service's own component scan sees the test classes when a test starts the whole service, and
     * must not take up a test's MVC setup there.
     */
    @EnableWebMvc
    static class Web implements WebMvcConfigurer {

        @Override
        public void configureMessageConverters(List<HttpMessageConverter<?>> converters) {
            converters.add(new StringHttpMessageConverter(StandardCharsets.UTF_8));
            converters.add(new MappingJackson2HttpMessageConverter(Jackson2ObjectMapperBuilder.json()
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .build()));
        }
    }

    /** Advice is found by its annotation, so it needs a class of its own, like Spring Boot's. */
    @ControllerAdvice
    abstract static class ProblemDetails extends ResponseEntityExceptionHandler {
    }

    private ApiMockMvc() {
    }
}
