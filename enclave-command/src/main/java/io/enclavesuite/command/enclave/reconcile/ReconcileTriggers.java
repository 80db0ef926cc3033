package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.enclavesuite.write.replicas.Leadership;
import io.enclavesuite.write.replicas.ReplicasProperties;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When the reconciler runs: a full pass as a replica takes the lead of the full passes (a new or emptied cluster is
 * rebuilt without a command; enclaves provisioned before the desired-state table existed are first folded into it at
 * start, and tentacles deployed before theirs are read from their sagas), then every {@code enclave.reconcile.interval}
 * while it leads, and — through informers on the objects labelled as the suite's — a pass over one enclave as soon as
 * one of its objects is added, changed or deleted. The full passes run on one replica at a time ({@link Leadership}
 * {@value #LEAD}): each reads every enclave's objects from the API server, and N replicas would read them N times.
 * The passes over one enclave run on every replica whose informer saw the change; the enclave's lock
 * ({@link io.enclavesuite.command.enclave.EnclaveLocks}) serialises them, so the second finds the drift repaired.
 * Every pass of a replica runs on one thread, and an enclave already waiting for a pass is not queued twice. Starts
 * after the application is ready, so the command bus and the event processors are up before the first repair is
 * recorded.
 */
@Component
@EnableConfigurationProperties(ReconcileProperties.class)
public class ReconcileTriggers implements AutoCloseable {

    /** The kinds whose changes concern the reconciler: the namespace, its guardrails and the tentacles' objects. */
    static final List<Class<? extends HasMetadata>> WATCHED = List.of(Namespace.class, ResourceQuota.class,
            LimitRange.class, NetworkPolicy.class, ServiceAccount.class, Role.class, RoleBinding.class, CronJob.class,
            Deployment.class, Secret.class, ConfigMap.class);
    static final String LEAD = "enclave-command/reconciler";
    private static final Logger log = LoggerFactory.getLogger(ReconcileTriggers.class);

    private final EnclaveReconciler reconciler;
    private final DesiredEnclaves desired;
    private final TentacleReconciler tentacles;
    private final EventStore events;
    private final KubernetesClient client;
    private final ReconcileProperties properties;
    private final io.enclavesuite.command.kubernetes.SuitePosture posture;
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "enclave-reconciler");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    private final Leadership leadership;
    /** True while this replica leads the full passes. */
    private volatile boolean leading;
    private final AtomicInteger fullPasses = new AtomicInteger();

    public ReconcileTriggers(EnclaveReconciler reconciler, DesiredEnclaves desired, TentacleReconciler tentacles,
                             EventStore events, KubernetesClient client, ReconcileProperties properties,
                             io.enclavesuite.command.kubernetes.SuitePosture posture, DataSource dataSource,
                             ReplicasProperties replicas) {
        this.posture = posture;
        this.leadership = new Leadership(dataSource, LEAD, replicas, new Leadership.Duty() {
            @Override
            public void take() {
                leading = true;
                passes.execute(ReconcileTriggers.this::fullPass); // the new leader's first pass: now
            }

            @Override
            public void leave() {
                leading = false;
            }
        });
        this.reconciler = reconciler;
        this.desired = desired;
        this.tentacles = tentacles;
        this.events = events;
        this.client = client;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!properties.enabled()) {
            log.info("the reconciler is off (enclave.reconcile.enabled=false)");
            return;
        }
        passes.execute(this::backfill);
        leadership.start();
        if (!properties.interval().isZero()) {
            long every = properties.interval().toMillis();
            passes.scheduleWithFixedDelay(this::fullPass, every, every, TimeUnit.MILLISECONDS);
        }
        if (properties.informers()) {
            watch();
        }
    }

    /** A pass over one enclave, unless one is waiting already; it reads the state when it runs. */
    void enclaveChanged(String enclave) {
        if (queued.add(enclave)) {
            passes.execute(() -> {
                queued.remove(enclave);
                reconciler.reconcile(EnclaveId.of(enclave));
            });
        }
    }

    private void backfill() {
        try {
            int folded = desired.backfill(events);
            if (folded > 0) {
                log.info("the desired state of {} enclaves provisioned before the reconciler was folded from their "
                        + "events", folded);
            }
        } catch (RuntimeException e) {
            log.warn("could not fold the desired state of earlier enclaves: {}", e.getMessage());
        }
        try {
            int kept = tentacles.backfill();
            if (kept > 0) {
                log.info("the desired workloads of {} tentacles deployed before the reconciler were read from their "
                        + "sagas", kept);
            }
        } catch (RuntimeException e) {
            log.warn("could not read the desired workloads of tentacles deployed before the reconciler: they are not "
                    + "rebuilt until a later start reads them: {}", e.getMessage());
        }
    }

    /** True while this replica leads the full passes. */
    boolean leading() {
        return leading;
    }

    /** The full passes this replica has made. */
    int fullPasses() {
        return fullPasses.get();
    }

    private void fullPass() {
        if (!leading) {
            return; // another replica makes them
        }
        fullPasses.incrementAndGet();
        try {
            posture.check(); // the suite's own rights and namespace, in the same pass
            reconciler.reconcileAll();
        } catch (RuntimeException e) {
            log.warn("the reconciler's full pass failed: {}", e.getMessage());
        }
    }

    /**
     * One informer per kind, across namespaces, on objects carrying the managed-by label. An informer that cannot
     * start (the API server refusing to list or watch) leaves that kind to the full passes.
     */
    private void watch() {
        for (Class<? extends HasMetadata> kind : WATCHED) {
            try {
                informers.add(client.resources(kind).inAnyNamespace()
                        .withLabel(EnclaveLabels.MANAGED_BY, EnclaveLabels.MANAGED_BY_VALUE)
                        .inform(new Trigger<>(), 0));
            } catch (RuntimeException e) {
                log.warn("no informer on {}: its drift is repaired at the next full pass ({})", kind.getSimpleName(),
                        e.getMessage());
            }
        }
    }

    /** Any add, change or deletion of an object of an enclave queues a pass over that enclave. */
    private final class Trigger<T extends HasMetadata> implements ResourceEventHandler<T> {

        @Override
        public void onAdd(T object) {
            changed(object);
        }

        @Override
        public void onUpdate(T before, T after) {
            changed(after);
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            changed(object);
        }

        private void changed(T object) {
            var labels = object.getMetadata().getLabels();
            String enclave = labels == null ? null : labels.get(EnclaveLabels.ENCLAVE);
            if (enclave != null) {
                try {
                    enclaveChanged(EnclaveId.of(enclave).value());
                } catch (IllegalArgumentException e) {
                    log.debug("an object labelled with no enclave name: {}", enclave);
                }
            }
        }
    }

    @Override
    public void close() {
        leadership.close();
        informers.forEach(SharedIndexInformer::close);
        passes.shutdownNow();
    }
}
