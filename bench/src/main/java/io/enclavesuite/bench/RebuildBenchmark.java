package io.enclavesuite.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.kubernetesmock.KubernetesMock;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Disaster recovery of the cluster, timed: N enclaves with T tentacles each are made ACTIVE through the real write
 * side (the command service's Spring context, commands as signed envelopes on {@code enclave.commands}, the
 * provisioning and tentacle sagas writing to the test infrastructure's Kubernetes API). The service is then stopped
 * and started again over the same event store, pointed at a new, empty mock API server: its reconciler's pass at
 * start rebuilds the cluster, timed until every object the first cluster held (namespaces, guardrails, workloads,
 * the tentacles' Secrets) is back. Then, with the informers on, one object at a time (a NetworkPolicy or a CronJob)
 * is deleted and timed until the reconciler has put it back.
 */
public final class RebuildBenchmark {

    /** What the reconciler owns and the benchmark counts; the same kinds its informers watch. */
    private static final List<Class<? extends HasMetadata>> NAMESPACED = List.of(ResourceQuota.class,
            LimitRange.class, NetworkPolicy.class, ServiceAccount.class, Role.class, RoleBinding.class, CronJob.class,
            Deployment.class, Secret.class, ConfigMap.class);
    private static final String NIGHTLY = "0 2 * * *";
    private static final Duration PATIENCE = Duration.ofMinutes(15);

    /**
     * @param objects       the objects the first cluster held and the new one got back
     * @param provisioning  from the first command to the last tentacle's workload on the first cluster
     * @param restart       from starting the service over the new cluster until it was ready
     * @param rebuild       from the service being ready (its pass at start under way) until every object is back
     * @param repairs       per deleted object, from its deletion until it was back
     */
    public record Result(int enclaves, int tentacles, int objects, Duration provisioning, Duration restart,
                         Duration rebuild, List<Duration> repairs) {

        public double objectsPerSecond() {
            return objects / (rebuild.toNanos() / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int enclaves = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int tentacles = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int deletions = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        double perSecond = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        Result result = run(enclaves, tentacles, deletions, perSecond);
        System.out.println(report(result));
        System.exit(0); // the embedded servers' non-daemon threads would keep the JVM alive
    }

    static String report(Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%d enclaves × %d tentacles; %d cores; load %.2f; %s%n%n",
                result.enclaves(), result.tentacles(), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                TestInfrastructure.get()));
        out.append("| measure | value |\n|---|---|\n");
        out.append(String.format(Locale.ROOT, "| provisioned through the write side (setup, not measured) | %.1f s |%n",
                seconds(result.provisioning())));
        out.append(String.format(Locale.ROOT, "| objects on the first cluster, expected back | %d |%n",
                result.objects()));
        out.append(String.format(Locale.ROOT, "| service restarted over the new cluster until ready | %.1f s |%n",
                seconds(result.restart())));
        out.append(String.format(Locale.ROOT, "| ready → every object back (converged) | **%.1f s** |%n",
                seconds(result.rebuild())));
        out.append(String.format(Locale.ROOT, "| objects/s | %.1f |%n", result.objectsPerSecond()));
        if (!result.repairs().isEmpty()) {
            out.append(String.format(Locale.ROOT, "| deletion → repaired, %d deletions: p50 / p99 / max | %d / %d / %d ms |%n",
                    result.repairs().size(),
                    ProvisioningLatencyBenchmark.percentile(result.repairs(), 50).toMillis(),
                    ProvisioningLatencyBenchmark.percentile(result.repairs(), 99).toMillis(),
                    ProvisioningLatencyBenchmark.percentile(result.repairs(), 100).toMillis()));
            // in order: a slow first few are the informers' own start (each rebuilt object seen as added), not drift
            out.append("\ndeletion → repaired, in order (ms): ").append(result.repairs().stream()
                    .map(d -> Long.toString(d.toMillis())).collect(java.util.stream.Collectors.joining(" ")))
                    .append('\n');
        }
        return out.toString();
    }

    public static Result run(int enclaves, int tentacles, int deletions, double perSecond) throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
        String database = infrastructure.newDatabase();
        Path gitMirror = Files.createTempDirectory("bench-git-mirror");
        String run = "rb" + Long.toString(System.nanoTime() & 0xfffff, 36);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < enclaves; i++) {
            names.add(run + "-" + i);
        }
        ObjectMapper json = EnclaveJson.mapper();

        Set<String> expected;
        Duration provisioning;
        try (ConfigurableApplicationContext service = start(infrastructure, database, topics, gitMirror,
                infrastructure.kubeconfig());
             KafkaProducer<String, String> producer = ProvisioningLatencyBenchmark.producer(infrastructure);
             KubernetesClient first = infrastructure.newKubernetesClient()) {
            Map<String, Instant> activated = new ConcurrentHashMap<>();
            AutoCloseable listener = ProvisioningLatencyBenchmark.listen(infrastructure, topics,
                    record -> ProvisioningLatencyBenchmark.type(record).endsWith(".EnclaveActivated")
                            ? record.key() : null, activated);
            long began = System.nanoTime();
            ProvisioningLatencyBenchmark.paced(names, perSecond, name -> ProvisioningLatencyBenchmark.send(producer,
                    json, topics, name, "ProvisionEnclave", "{\"enclaveId\":\"" + name + "\",\"channel\":{\"id\":\""
                            + ProvisioningLatencyBenchmark.channel(name) + "\",\"name\":\"" + name
                            + "\"},\"quota\":\"small\"}"));
            await(() -> activated.keySet().containsAll(names), () -> activated.size() + " of " + enclaves
                    + " enclaves active");
            listener.close();
            List<String> deploys = new ArrayList<>();
            for (int t = 0; t < tentacles; t++) {
                for (String name : names) {
                    deploys.add(name + "/" + t);
                }
            }
            ProvisioningLatencyBenchmark.paced(deploys, perSecond, deploy -> {
                String name = deploy.substring(0, deploy.indexOf('/'));
                int t = Integer.parseInt(deploy.substring(deploy.indexOf('/') + 1));
                ProvisioningLatencyBenchmark.send(producer, json, topics, name, "DeployTentacle",
                        deployTentacle(name, t, Integer.parseInt(name.substring(name.lastIndexOf('-') + 1))));
            });
            int workloads = enclaves * tentacles;
            await(() -> count(first, run, CronJob.class) + count(first, run, Deployment.class) >= workloads,
                    () -> "workloads on the first cluster");
            provisioning = Duration.ofNanos(System.nanoTime() - began);
            expected = stable(first, run);
        }

        try (KubernetesMock mock = KubernetesMock.start();
             KubernetesClient fresh = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(mock.kubeconfigYaml())).build()) {
            Path kubeconfig = Files.createTempFile("bench-fresh-cluster", ".yaml");
            Files.writeString(kubeconfig, mock.kubeconfigYaml());
            long restarting = System.nanoTime();
            try (ConfigurableApplicationContext service = start(infrastructure, database, topics, gitMirror,
                    kubeconfig)) {
                long ready = System.nanoTime();
                await(() -> objects(fresh, run).containsAll(expected), () -> {
                    Set<String> missing = new TreeSet<>(expected);
                    missing.removeAll(objects(fresh, run));
                    return "the rebuild: " + missing.size() + " of " + expected.size() + " objects missing, e.g. "
                            + missing.stream().limit(5).toList();
                }, Duration.ofMillis(250)); // listing every kind competes with the rebuild for the two cores
                Duration rebuild = Duration.ofNanos(System.nanoTime() - ready);
                List<Duration> repairs = deleteAndTime(fresh, expected, deletions);
                return new Result(enclaves, tentacles, expected.size(), provisioning,
                        Duration.ofNanos(ready - restarting), rebuild, repairs);
            } finally {
                Files.deleteIfExists(kubeconfig);
            }
        }
    }

    /**
     * Tentacle {@code t} of enclave {@code i}: even ones scheduled (CronJobs), odd ones long-running (Deployments);
     * the first tentacle of every fourth enclave with a database (its credentials are a Secret to rebuild).
     */
    static String deployTentacle(String enclave, int t, int i) {
        String tentacle = "t" + t;
        return "{\"enclaveId\":\"" + enclave + "\",\"tentacle\":\"" + tentacle + "\",\"image\":\"ghcr.io/acme/"
                + tentacle + ":1.0.0\"" + (t % 2 == 0 ? ",\"schedule\":\"" + NIGHTLY + "\"" : "")
                + (t == 0 && i % 4 == 0 ? ",\"dependencies\":[\"postgres\"]" : "") + "}";
    }

    private static ConfigurableApplicationContext start(TestInfrastructure infrastructure, String database,
                                                        TopicNames topics, Path gitMirror, Path kubeconfig) {
        List<String> args = new ArrayList<>();
        Map<String, Object> properties = new java.util.LinkedHashMap<>(
                infrastructure.springProperties(database, topics.prefix()));
        properties.remove("enclave.kubernetes.kubeconfig"); // a key given twice would be read as both, comma-joined
        properties.remove("enclave.git-mirror.directory");
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=0");
        args.add("--logging.level.root=WARN");
        args.add("--enclave.kubernetes.kubeconfig=" + kubeconfig);
        // a restart keeps its data folder: the mirror is not rewritten, as it would not be over a lost cluster
        args.add("--enclave.git-mirror.directory=" + gitMirror);
        // only the pass at start and the informers: no periodic pass to help or to interfere
        args.add("--enclave.reconcile.interval=0");
        return EnclaveCommandApplication.application().run(args.toArray(String[]::new));
    }

    /**
     * Deletes a NetworkPolicy or a CronJob (alternately, of enclaves picked at random) and waits until the object is
     * back under a new uid, one at a time.
     */
    private static List<Duration> deleteAndTime(KubernetesClient cluster, Set<String> objects, int deletions)
            throws TimeoutException {
        Random random = new Random(29);
        List<String> policies = objects.stream().filter(o -> o.startsWith("NetworkPolicy/")).toList();
        List<String> cronJobs = objects.stream().filter(o -> o.startsWith("CronJob/")).toList();
        List<Duration> repairs = new ArrayList<>();
        for (int i = 0; i < deletions; i++) {
            boolean policy = cronJobs.isEmpty() || i % 2 == 0;
            List<String> from = policy ? policies : cronJobs;
            String[] key = from.get(random.nextInt(from.size())).split("/");
            Class<? extends HasMetadata> kind = policy ? NetworkPolicy.class : CronJob.class;
            var resource = cluster.resources(kind).inNamespace(key[1]).withName(key[2]);
            String uid = resource.get().getMetadata().getUid();
            long deleted = System.nanoTime();
            resource.delete();
            await(() -> {
                HasMetadata back = resource.get();
                return back != null && !back.getMetadata().getUid().equals(uid);
            }, () -> String.join("/", key) + " put back after its deletion", Duration.ofMillis(5));
            repairs.add(Duration.ofNanos(System.nanoTime() - deleted));
        }
        return repairs;
    }

    /** The run's objects on the first cluster once their number stops moving (the sagas' last writes landed). */
    private static Set<String> stable(KubernetesClient cluster, String run) throws TimeoutException {
        Set<String> before = objects(cluster, run);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            Set<String> now = objects(cluster, run);
            if (now.equals(before)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the first cluster never settled");
            }
            before = now;
        }
    }

    /** {@code Kind/namespace/name} of every object labelled as the suite's in the run's enclave namespaces. */
    static Set<String> objects(KubernetesClient cluster, String run) {
        String prefix = "enclave-" + run + "-";
        Set<String> found = new HashSet<>();
        cluster.namespaces().withLabel(EnclaveLabels.MANAGED_BY, EnclaveLabels.MANAGED_BY_VALUE).list().getItems()
                .stream().map(n -> n.getMetadata().getName()).filter(n -> n.startsWith(prefix))
                .forEach(n -> found.add("Namespace//" + n));
        for (Class<? extends HasMetadata> kind : NAMESPACED) {
            for (HasMetadata object : cluster.resources(kind).inAnyNamespace()
                    .withLabel(EnclaveLabels.MANAGED_BY, EnclaveLabels.MANAGED_BY_VALUE).list().getItems()) {
                if (object.getMetadata().getNamespace().startsWith(prefix)) {
                    found.add(kind.getSimpleName() + "/" + object.getMetadata().getNamespace() + "/"
                            + object.getMetadata().getName());
                }
            }
        }
        return found;
    }

    private static int count(KubernetesClient cluster, String run, Class<? extends HasMetadata> kind) {
        String prefix = "enclave-" + run + "-";
        return (int) cluster.resources(kind).inAnyNamespace().list().getItems().stream()
                .filter(o -> o.getMetadata().getNamespace().startsWith(prefix)).count();
    }

    private static void await(java.util.function.BooleanSupplier done, java.util.function.Supplier<String> what)
            throws TimeoutException {
        await(done, what, Duration.ofMillis(50));
    }

    private static void await(java.util.function.BooleanSupplier done, java.util.function.Supplier<String> what,
                              Duration every) throws TimeoutException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not within " + PATIENCE + ": " + what.get());
            }
            LockSupport.parkNanos(every.toNanos());
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private RebuildBenchmark() {
    }
}
