package io.enclavesuite.command.gitmirror;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Git mirror, when {@code enclave.git-mirror.enabled}. A working copy with no commit yet under a processor that
 * has moved on (a new volume, a deleted folder) would only ever hold the enclaves that change from now on: then the
 * processor's position is reset at start, and it mirrors every enclave's stream from the first event again.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GitMirrorProperties.class)
@ConditionalOnProperty(prefix = "enclave.git-mirror", name = "enabled", havingValue = "true", matchIfMissing = true)
public class GitMirrorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GitMirrorConfiguration.class);

    @Bean(destroyMethod = "close")
    ManifestRepository manifestRepository(GitMirrorProperties properties) {
        return new ManifestRepository(properties.directory(), properties.branch());
    }

    @Bean
    GitMirror gitMirror(ManifestRepository repository, EventStore events, GitMirrorProperties properties) {
        return new GitMirror(repository, events, properties);
    }

    /** Decided as the context is built, before the processor starts and stores a token of its own. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> gitMirrorFromTheStart(ManifestRepository repository,
                                                                      EventProcessingConfiguration processing,
                                                                      TokenStore tokens) {
        boolean behind = repository.isEmpty() && tokens.fetchSegments(GitMirror.PROCESSING_GROUP).length > 0;
        return ready -> {
            if (!behind) {
                return; // a new processor starts from the first event anyway
            }
            processing.eventProcessor(GitMirror.PROCESSING_GROUP, StreamingEventProcessor.class).ifPresent(processor -> {
                log.info("The Git mirror's working copy has no commit: mirroring every enclave from its first event");
                processor.shutDown();
                try {
                    processor.resetTokens();
                } catch (IllegalStateException | UnableToClaimTokenException e) {
                    // another replica holds the segment (Axon says so either way): it mirrors on its own copy
                    log.warn("The Git mirror could not start over from the first event: {}", e.getMessage());
                } finally {
                    processor.start();
                }
            });
        };
    }
}
