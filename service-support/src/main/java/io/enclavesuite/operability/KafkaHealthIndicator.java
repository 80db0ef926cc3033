package io.enclavesuite.operability;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Kafka for the readiness probe: the cluster answers a {@code describeCluster} within a short timeout, or the service
 * is not ready (it could neither take commands nor publish or read events). One admin client is kept for the
 * service's life, made on the first check.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final Supplier<Admin> adminFactory;
    private final Duration timeout;
    private Admin admin;

    public KafkaHealthIndicator(Map<String, Object> adminProperties, Duration timeout) {
        this(() -> Admin.create(adminProperties), timeout);
    }

    KafkaHealthIndicator(Supplier<Admin> adminFactory, Duration timeout) {
        super("Kafka is not reachable");
        this.adminFactory = adminFactory;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterResult cluster = admin().describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        // the admin call's own timeout ends it; this one only guards against a client that never answers
        long waitMillis = timeout.toMillis() + 500;
        String clusterId = cluster.clusterId().get(waitMillis, TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(waitMillis, TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", clusterId).withDetail("brokers", brokers);
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = adminFactory.get();
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
