package io.enclavesuite.command.storage;

import io.enclavesuite.command.database.CredentialKey;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.minio.admin.MinioAdminClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The real S3 adapter on the test object store: MinIO with users per tentacle where Docker runs, the embedded
 * S3Mock (no users) otherwise — what {@link TestInfrastructure#objectStoreUsers()} says.
 */
public final class TestObjectStorage {

    static final CredentialKey KEY = CredentialKey.of("a test key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));

    public static S3ObjectStorage storage() {
        return storage("enclave-");
    }

    public static S3ObjectStorage storage(String bucketPrefix) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        URI endpoint = infrastructure.objectStoreEndpoint();
        StorageUsers users = "minio".equals(infrastructure.objectStoreUsers())
                ? new MinioStorageUsers(MinioAdminClient.builder().endpoint(endpoint.toString())
                        .credentials(infrastructure.objectStoreAccessKey(), infrastructure.objectStoreSecretKey())
                        .build(), KEY)
                : new UncheckedStorageUsers(KEY);
        return new S3ObjectStorage(adminClient(), users, bucketPrefix, endpoint, "us-east-1");
    }

    /** A client with the store's administrator keys, for looking at what is there. */
    public static S3Client adminClient() {
        return TestInfrastructure.get().newS3Client();
    }

    /** A client configured only from a workload's environment, as a tentacle's SDK would be. */
    public static S3Client clientFrom(java.util.Map<String, String> environment) {
        return TestInfrastructure.newS3Client(URI.create(environment.get("AWS_ENDPOINT_URL_S3")),
                environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"));
    }


    private TestObjectStorage() {
    }
}
