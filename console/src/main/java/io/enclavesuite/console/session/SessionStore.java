package io.enclavesuite.console.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * The console's sessions in PostgreSQL (Spring Session JDBC, set up by Spring Boot from {@code spring.session.*} and
 * {@code server.servlet.session.*}): any replica reads the session another one wrote, so people stay signed in
 * whichever replica answers, and a sign-in started on one finishes on another. The tables are the console's own
 * Flyway migration; what a session holds is in docs/console.md ("Sessions").
 */
@Configuration(proxyBeanMethods = false)
class SessionStore {

    /** Two requests of one person writing the same attribute at once: an upsert instead of a failed insert. */
    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer postgresSessionQueries() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }

    /** How attributes are written to and read from the table (Spring Session takes it by this bean name). */
    @Bean
    ConversionService springSessionConversionService() {
        return SessionAttributes.conversionService(SessionStore.class.getClassLoader());
    }
}
