package io.enclavesuite.command.enclave.services;

import io.enclavesuite.command.database.CredentialKey;
import io.enclavesuite.command.database.DatabaseProvisioner;
import io.enclavesuite.command.kubernetes.Fabric8OnDemandServices;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.kubernetes.OnDemandServices;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkloads;
import io.enclavesuite.command.storage.MinioStorageUsers;
import io.enclavesuite.command.storage.ObjectStorage;
import io.enclavesuite.command.storage.S3ObjectStorage;
import io.enclavesuite.command.storage.StorageUsers;
import io.enclavesuite.command.storage.UncheckedStorageUsers;
import io.enclavesuite.command.storage.UnconfiguredObjectStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.minio.admin.MinioAdminClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;

/**
 * The shared services besides the database: object storage on any S3-compatible store
 * ({@code enclave.object-storage.*}), messaging and identity as custom resources ({@code enclave.messaging.url},
 * {@code enclave.identity.trust-domain}), and the tentacle workloads that get them.
 */
@Configuration(proxyBeanMethods = false)
class SharedServicesConfiguration {

    /** The tentacle saga's workloads: Kubernetes objects, with the shared services each tentacle declares. */
    @Bean
    TentacleWorkloads tentacleWorkloads(KubernetesClient client, DatabaseProvisioner databases, ObjectStorage storage,
                                        OnDemandServices onDemand) {
        return new SharedServiceWorkloads(new Fabric8TentacleWorkloads(client), databases, storage, onDemand, client);
    }

    @Bean
    SharedServices sharedServices(DatabaseProvisioner databases, ObjectStorage storage, OnDemandServices onDemand) {
        return new SharedServices(databases, storage, onDemand);
    }

    @Bean
    OnDemandServices onDemandServices(KubernetesClient client,
                                      @Value("${enclave.messaging.url:nats://nats.nats.svc.cluster.local:4222}") String natsUrl,
                                      @Value("${enclave.identity.trust-domain:enclave.local}") String trustDomain) {
        return new Fabric8OnDemandServices(client, natsUrl, trustDomain);
    }

    /**
     * @param users {@code minio} (the store's admin API makes a user per tentacle, limited to its prefix) or
     *              {@code unchecked} (a store that checks no credentials, such as the embedded one)
     */
    @Bean(destroyMethod = "")
    ObjectStorage objectStorage(@Value("${enclave.object-storage.endpoint:}") String endpoint,
                                @Value("${enclave.object-storage.workload-endpoint:}") String workloadEndpoint,
                                @Value("${enclave.object-storage.region:us-east-1}") String region,
                                @Value("${enclave.object-storage.access-key:}") String accessKey,
                                @Value("${enclave.object-storage.secret-key:}") String secretKey,
                                @Value("${enclave.object-storage.bucket-prefix:enclave-}") String bucketPrefix,
                                @Value("${enclave.object-storage.users:minio}") String users,
                                @Value("${enclave.database.credential-key-file}") Path keyFile) {
        if (endpoint.isBlank()) {
            return new UnconfiguredObjectStorage();
        }
        S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true) // MinIO and most S3-compatible stores have no virtual-host buckets
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        CredentialKey key = CredentialKey.loadOrCreate(keyFile);
        StorageUsers storageUsers = switch (users) {
            case "minio" -> new MinioStorageUsers(MinioAdminClient.builder().endpoint(endpoint)
                    .credentials(accessKey, secretKey).build(), key);
            case "unchecked" -> new UncheckedStorageUsers(key);
            default -> throw new IllegalArgumentException(
                    "enclave.object-storage.users must be minio or unchecked, not '" + users + "'");
        };
        return new S3ObjectStorage(s3, storageUsers, bucketPrefix,
                URI.create(workloadEndpoint.isBlank() ? endpoint : workloadEndpoint), region);
    }
}
