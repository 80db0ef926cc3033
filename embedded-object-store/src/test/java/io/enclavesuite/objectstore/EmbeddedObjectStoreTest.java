package io.enclavesuite.objectstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedObjectStoreTest {

    @Test
    void serves_the_s3_api_and_keeps_objects_across_a_restart(@TempDir Path root) {
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(root, 0); S3Client s3 = client(store)) {
            s3.createBucket(b -> b.bucket("enclave-growth"));
            s3.putObject(p -> p.bucket("enclave-growth").key("tentacles/report/hello.txt"), RequestBody.fromString("hi"));
        }
        try (EmbeddedObjectStore store = EmbeddedObjectStore.start(root, 0); S3Client s3 = client(store)) {
            assertThat(s3.getObjectAsBytes(g -> g.bucket("enclave-growth").key("tentacles/report/hello.txt"))
                    .asUtf8String()).isEqualTo("hi");
        }
    }

    private static S3Client client(EmbeddedObjectStore store) {
        return S3Client.builder()
                .endpointOverride(store.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
