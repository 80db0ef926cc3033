package io.enclavesuite.query;

import io.enclavesuite.query.room.LiveFeeds;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.WebApplicationContext;

import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole read side on a fresh database, assembled as the service's component scan assembles it — every controller,
 * view and projection; its configurations (Axon, Kafka, replay) stay out, and {@link ApiMockMvc} puts in the security
 * configuration itself. {@link #deliver} hands an event to every projection that handles it through Axon's handler
 * adapters, as the service's processors do, so a test fills every read model from one stream of events.
 */
public final class ReadSide {

    public final JdbcTemplate jdbc;
    public final MockMvc api;
    public final WebApplicationContext context;
    private final List<AnnotationEventHandlerAdapter> projections;

    private ReadSide(JdbcTemplate jdbc, MockMvc api) {
        this.jdbc = jdbc;
        this.api = api;
        this.context = api.getDispatcherServlet().getWebApplicationContext();
        this.projections = context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                .map(AnnotationEventHandlerAdapter::new).toList();
    }

    /** @param receiptKey the receipt signing key the published key set shows ({@code receipts.signing-key-file}) */
    public static ReadSide start(Path receiptKey) {
        JdbcTemplate jdbc = ReadModelDatabase.fresh();
        MockMvc api = ApiMockMvc.with(beans -> {
            beans.getEnvironment().getPropertySources().addFirst(new MapPropertySource("read-side",
                    Map.of("receipts.signing-key-file", receiptKey.toString())));
            beans.registerBean(JdbcTemplate.class, () -> jdbc);
            beans.registerBean(LiveFeeds.class, () -> new LiveFeeds(jdbc, new LiveFeeds.Settings(5, Duration.ofSeconds(20))));
            ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner(beans, true,
                    beans.getEnvironment());
            scanner.addExcludeFilter(new AnnotationTypeFilter(Configuration.class));
            scanner.scan(EnclaveQueryApplication.class.getPackageName());
        });
        return new ReadSide(jdbc, api);
    }

    /** The processing groups' handlers, one adapter per projection. */
    public List<AnnotationEventHandlerAdapter> projections() {
        return projections;
    }

    /** One event of an aggregate's stream, to every projection that handles it; its id follows from its place. */
    public void deliver(String aggregate, long sequence, Object event, Instant at, Map<String, ?> metadata)
            throws Exception {
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(event.getClass().getSimpleName(), aggregate,
                sequence, event, MetaData.from(metadata), aggregate + "#" + sequence, at);
        for (AnnotationEventHandlerAdapter projection : projections) {
            if (projection.canHandle(message)) {
                projection.handle(message);
            }
        }
    }
}
