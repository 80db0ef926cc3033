package io.enclavesuite.command.enclave.services;

import io.enclavesuite.command.database.CredentialKey;
import io.enclavesuite.command.database.DatabaseProperties;
import io.enclavesuite.command.database.DatabaseProvisioner;
import io.enclavesuite.command.kubernetes.Fabric8OnDemandServices;
import io.enclavesuite.command.enclave.tentacle.DesiredTentacles;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.RecordedTentacleWorkloads;
import io.enclavesuite.command.kubernetes.OnDemandServices;
import io.enclavesuite.command.kubernetes.OnDemandServicesProperties;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkloads;
import io.enclavesuite.command.storage.MinioStorageUsers;
import io.enclavesuite.command.storage.ObjectStorage;
import io.enclavesuite.command.storage.ObjectStorageProperties;
import io.enclavesuite.command.storage.S3ObjectStorage;
import io.enclavesuite.command.storage.StorageUsers;
import io.enclavesuite.command.storage.UncheckedStorageUsers;
import io.enclavesuite.command.storage.UnconfiguredObjectStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.minio.admin.MinioAdminClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/**
 * The shared services besides the database: object storage on any S3-compatible store
 * ({@code enclave.object-storage.*}), messaging and identity as custom resources ({@code enclave.messaging.url},
 * {@code enclave.identity.trust-domain}), and the tentacle workloads that get them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ObjectStorageProperties.class, OnDemandServicesProperties.class})
class SharedServicesConfiguration {

    /**
     * The tentacle saga's workloads: Kubernetes objects, with the shared services each tentacle declares, each
     * recorded as the tentacle's desired state. The reconciler repairs through the same port.
     */
    @Bean
    TentacleWorkloads tentacleWorkloads(KubernetesClient client, DatabaseProvisioner databases, ObjectStorage storage,
                                        OnDemandServices onDemand, DesiredTentacles desired) {
        return new RecordedTentacleWorkloads(new SharedServiceWorkloads(new Fabric8TentacleWorkloads(client), databases,
                storage, onDemand, client), desired);
    }

    @Bean
    SharedServices sharedServices(DatabaseProvisioner databases, ObjectStorage storage, OnDemandServices onDemand) {
        return new SharedServices(databases, storage, onDemand);
    }

    @Bean
    OnDemandServices onDemandServices(KubernetesClient client, OnDemandServicesProperties services) {
        return new Fabric8OnDemandServices(client, services.messaging().url(), services.identity().trustDomain());
    }

    @Bean(destroyMethod = "")
    ObjectStorage objectStorage(ObjectStorageProperties store, DatabaseProperties database) {
        if (!store.configured()) {
            return new UnconfiguredObjectStorage();
        }
        String endpoint = store.endpoint();
        String accessKey = store.accessKey();
        String secretKey = store.secretKey();
        S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true) // MinIO and most S3-compatible stores have no virtual-host buckets
                .region(Region.of(store.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        CredentialKey key = CredentialKey.loadOrCreate(database.credentialKeyFile());
        StorageUsers storageUsers = switch (store.users()) {
            case "minio" -> new MinioStorageUsers(MinioAdminClient.builder().endpoint(endpoint)
                    .credentials(accessKey, secretKey).build(), key);
            case "unchecked" -> new UncheckedStorageUsers(key);
            default -> throw new IllegalStateException("checked by ObjectStorageProperties: " + store.users());
        };
        return new S3ObjectStorage(s3, storageUsers, store.bucketPrefix(),
                URI.create(store.workloadEndpoint().isBlank() ? endpoint : store.workloadEndpoint()), store.region());
    }
}
