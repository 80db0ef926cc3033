package io.enclavesuite.write.testing;

import io.enclavesuite.write.axon.AggregateCache;
import io.enclavesuite.write.replicas.PostgresDuplicateKeys;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A write service's Axon side around a test's account aggregate, wired as {@code AxonStoresConfiguration} wires one:
 * a JDBC event store on the given data source with PostgreSQL's duplicate keys read as conflicts, a simple command bus
 * in the data source's transactions, the aggregate behind an {@link AggregateCache}, and a gateway. Each test adds
 * what it looks at (an interceptor, a retry scheduler, a storage engine that counts its reads).
 */
public final class AccountWriteSide implements AutoCloseable {

    public final AggregateCache cache;
    public final Configuration axon;
    public final CommandGateway gateway;
    private final List<AutoCloseable> closeAfterAxon;

    private AccountWriteSide(Builder builder) {
        TransactionManager transactions = new SpringTransactionManager(
                new DataSourceTransactionManager(builder.dataSource));
        EventStorageEngine engine = builder.engine.apply(JdbcEventStorageEngine.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(builder.dataSource)))
                .transactionManager(transactions)
                .persistenceExceptionResolver(new PostgresDuplicateKeys())
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer()));
        // the cache checks an entry against the store this configuration reads, which exists only once built
        AtomicReference<Configuration> self = new AtomicReference<>();
        cache = new AggregateCache(builder.cacheName, 100, id -> self.get().eventStore().lastSequenceNumberFor(id));
        axon = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureTransactionManager(c -> transactions)
                .configureEmbeddedEventStore(c -> engine)
                .configureCommandBus(c -> {
                    SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(transactions).build();
                    builder.interceptors.forEach(bus::registerHandlerInterceptor);
                    return bus;
                })
                .configureAggregate(AggregateConfigurer.defaultConfiguration(builder.aggregate)
                        .configureCache(c -> cache.axonCache()))
                .buildConfiguration();
        self.set(axon);
        axon.start();
        DefaultCommandGateway.Builder gatewayBuilder = DefaultCommandGateway.builder().commandBus(axon.commandBus());
        if (builder.retryScheduler != null) {
            gatewayBuilder.retryScheduler(builder.retryScheduler);
        }
        gateway = gatewayBuilder.build();
        closeAfterAxon = List.copyOf(builder.closeAfterAxon);
    }

    /** A write side for {@code aggregate} on {@code dataSource}, its cache named {@code cacheName}. */
    public static Builder builder(DataSource dataSource, Class<?> aggregate, String cacheName) {
        return new Builder(dataSource, aggregate, cacheName);
    }

    /** Stops Axon, then what the test handed over (its retry scheduler), then the cache. */
    @Override
    public void close() {
        axon.shutdown();
        for (AutoCloseable closeable : closeAfterAxon) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        cache.close();
    }

    public static final class Builder {

        private final DataSource dataSource;
        private final Class<?> aggregate;
        private final String cacheName;
        private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors = new ArrayList<>();
        private final List<AutoCloseable> closeAfterAxon = new ArrayList<>();
        private Function<JdbcEventStorageEngine.Builder, EventStorageEngine> engine = JdbcEventStorageEngine.Builder::build;
        private RetryScheduler retryScheduler;

        private Builder(DataSource dataSource, Class<?> aggregate, String cacheName) {
            this.dataSource = dataSource;
            this.aggregate = aggregate;
            this.cacheName = cacheName;
        }

        /** The storage engine made from the configured JDBC engine's builder; by default the plain JDBC engine. */
        public Builder engine(Function<JdbcEventStorageEngine.Builder, EventStorageEngine> engine) {
            this.engine = engine;
            return this;
        }

        /** A handler interceptor on the command bus, in the order added. */
        public Builder interceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
            interceptors.add(interceptor);
            return this;
        }

        /** The gateway's retry scheduler, closed with the write side when it is {@link AutoCloseable}. */
        public Builder retryScheduler(RetryScheduler retryScheduler) {
            this.retryScheduler = retryScheduler;
            if (retryScheduler instanceof AutoCloseable closeable) {
                closeAfterAxon.add(closeable);
            }
            return this;
        }

        /** Something closed after Axon stops, before the cache. */
        public Builder closeAfterAxon(AutoCloseable closeable) {
            closeAfterAxon.add(closeable);
            return this;
        }

        public AccountWriteSide start() {
            return new AccountWriteSide(this);
        }
    }
}
