package io.enclavesuite.command.storage;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.TentacleData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 adapter against the test object store (MinIO with Docker, the embedded S3Mock without): buckets, prefixes
 * and credentials a workload configures itself from. Where the store enforces credentials (MinIO), a tentacle's keys
 * are also shown to reach nothing but its own prefix.
 */
class S3ObjectStorageTest {

    private static final TentacleName REPORT = TentacleName.of("report");
    private static final TentacleName API = TentacleName.of("api");
    private final S3ObjectStorage storage = TestObjectStorage.storage();
    private final S3Client admin = TestObjectStorage.adminClient();
    private EnclaveId enclave;

    @BeforeEach
    void newEnclave() {
        enclave = EnclaveId.of("s3-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void dropBucket() {
        storage.dropBucket(enclave);
    }

    private List<String> keys(String bucket, String prefix) {
        return admin.listObjectsV2(l -> l.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private boolean bucketExists(String bucket) {
        try {
            admin.headBucket(h -> h.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        }
    }

    @Test
    void theBucketIsMadeOnceAndNamedAfterTheEnclave() {
        assertThat(storage.ensureBucket(enclave)).isEqualTo("enclave-" + enclave.value());
        assertThat(storage.ensureBucket(enclave)).isEqualTo("enclave-" + enclave.value()); // converges
        assertThat(bucketExists("enclave-" + enclave.value())).isTrue();
    }

    @Test
    void aTentaclesCredentialsWorkOnItsPrefixFromTheEnvironmentAlone() {
        StorageCredentials credentials = storage.ensureTentaclePrefix(enclave, TentacleData.first(REPORT), 0);
        assertThat(storage.ensureTentaclePrefix(enclave, TentacleData.first(REPORT), 0)).isEqualTo(credentials); // same keys when repeated

        assertThat(credentials.environment()).containsEntry("S3_BUCKET", "enclave-" + enclave.value())
                .containsEntry("S3_PREFIX", "tentacles/report/")
                .containsKeys("AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(keys(credentials.bucket(), "tentacles/")).containsExactly("tentacles/report/");
        try (S3Client tentacle = TestObjectStorage.clientFrom(credentials.environment())) {
            tentacle.putObject(p -> p.bucket(credentials.bucket()).key("tentacles/report/out.csv"),
                    RequestBody.fromString("a,b"));
            assertThat(tentacle.getObjectAsBytes(g -> g.bucket(credentials.bucket()).key("tentacles/report/out.csv"))
                    .asUtf8String()).isEqualTo("a,b");
            assertThat(tentacle.listObjectsV2(l -> l.bucket(credentials.bucket()).prefix("tentacles/report/"))
                    .contents()).extracting(S3Object::key).contains("tentacles/report/out.csv");
        }
    }

    @Test
    void eachTentacleHasKeysOfItsOwn() {
        StorageCredentials report = storage.ensureTentaclePrefix(enclave, TentacleData.first(REPORT), 0);
        StorageCredentials api = storage.ensureTentaclePrefix(enclave, TentacleData.first(API), 0);
        StorageCredentials otherEnclave = storage.ensureTentaclePrefix(EnclaveId.of(enclave.value() + "-b"), TentacleData.first(REPORT), 0);
        try {
            assertThat(List.of(report.accessKeyId(), api.accessKeyId(), otherEnclave.accessKeyId())).doesNotHaveDuplicates();
            assertThat(List.of(report.secretAccessKey(), api.secretAccessKey(), otherEnclave.secretAccessKey()))
                    .doesNotHaveDuplicates();
            assertThat(report.accessKeyId()).matches("[A-Z0-9]{20}");
            assertThat(report.toString()).doesNotContain(report.secretAccessKey());
        } finally {
            storage.dropBucket(EnclaveId.of(enclave.value() + "-b"));
        }
    }

    /**
     * Where the store enforces credentials (MinIO, with Docker), a tentacle's keys reach nothing but its prefix, and
     * not after they are revoked. The embedded store checks no keys at all: there the same writes succeed, which is
     * why it reports {@code enforcesCredentials() == false} and is for a single machine only.
     */
    @Test
    void aTentaclesKeysReachOnlyItsPrefixWhereTheStoreEnforcesKeys() {
        StorageCredentials report = storage.ensureTentaclePrefix(enclave, TentacleData.first(REPORT), 0);
        storage.ensureTentaclePrefix(enclave, TentacleData.first(API), 0);
        EnclaveId other = EnclaveId.of(enclave.value() + "-b");
        String otherBucket = storage.ensureBucket(other);
        try (S3Client tentacle = TestObjectStorage.clientFrom(report.environment())) {
            List<Runnable> outsideItsPrefix = List.of(
                    () -> tentacle.putObject(p -> p.bucket(report.bucket()).key("tentacles/api/x"), RequestBody.fromString("x")),
                    () -> tentacle.listObjectsV2(l -> l.bucket(report.bucket()).prefix("tentacles/api/")),
                    () -> tentacle.putObject(p -> p.bucket(otherBucket).key("tentacles/report/x"), RequestBody.fromString("x")));
            for (Runnable attempt : outsideItsPrefix) {
                if (storage.enforcesCredentials()) {
                    assertThatThrownBy(attempt::run).isInstanceOf(S3Exception.class);
                } else {
                    attempt.run();
                }
            }

            storage.revokeTentacle(enclave, TentacleData.first(REPORT));
            Runnable afterRevoking = () -> tentacle.putObject(p -> p.bucket(report.bucket()).key("tentacles/report/y"),
                    RequestBody.fromString("y"));
            if (storage.enforcesCredentials()) {
                assertThatThrownBy(afterRevoking::run).isInstanceOf(S3Exception.class);
            } else {
                afterRevoking.run();
            }
        } finally {
            storage.dropBucket(other);
        }
    }

    @Test
    void removingAPrefixDeletesItsObjectsAndNoOthers() {
        StorageCredentials report = storage.ensureTentaclePrefix(enclave, TentacleData.first(REPORT), 0);
        storage.ensureTentaclePrefix(enclave, TentacleData.first(API), 0);
        for (int i = 0; i < 3; i++) {
            int n = i;
            admin.putObject(p -> p.bucket(report.bucket()).key("tentacles/report/part-" + n), RequestBody.fromString("x"));
        }
        admin.putObject(p -> p.bucket(report.bucket()).key("tentacles/api/keep"), RequestBody.fromString("x"));

        storage.removeTentaclePrefix(enclave, TentacleData.first(REPORT));
        storage.removeTentaclePrefix(enclave, TentacleData.first(REPORT)); // converges

        assertThat(keys(report.bucket(), "tentacles/report/")).isEmpty();
        assertThat(keys(report.bucket(), "tentacles/api/")).containsExactlyInAnyOrder("tentacles/api/", "tentacles/api/keep");
    }

    /**
     * Bob's report left its objects behind and Carol deployed the name: her deployment's generation has a prefix and
     * keys of its own, and dropping it leaves Bob's objects as they were. Bob taking his back gets a new secret.
     */
    @Test
    void anotherGenerationOfANameHasAPrefixAndKeysOfItsOwnAndEachDeploymentANewSecret() {
        TentacleData bobs = TentacleData.first(REPORT);
        TentacleData carols = new TentacleData(REPORT, 2);
        StorageCredentials bob = storage.ensureTentaclePrefix(enclave, bobs, 1);
        admin.putObject(p -> p.bucket(bob.bucket()).key("tentacles/report/bobs.csv"), RequestBody.fromString("x"));
        storage.revokeTentacle(enclave, bobs);

        StorageCredentials carol = storage.ensureTentaclePrefix(enclave, carols, 2);

        assertThat(carol.prefix()).isEqualTo("tentacles/report_2/");
        assertThat(carol.accessKeyId()).isNotEqualTo(bob.accessKeyId());
        assertThat(carol.secretAccessKey()).isNotEqualTo(bob.secretAccessKey());
        assertThat(keys(carol.bucket(), carol.prefix())).containsExactly("tentacles/report_2/");

        storage.removeTentaclePrefix(enclave, carols);
        assertThat(keys(bob.bucket(), "tentacles/report/")).containsExactlyInAnyOrder("tentacles/report/",
                "tentacles/report/bobs.csv");

        StorageCredentials bobAgain = storage.ensureTentaclePrefix(enclave, bobs, 3);
        assertThat(bobAgain.prefix()).isEqualTo(bob.prefix());
        assertThat(bobAgain.accessKeyId()).isEqualTo(bob.accessKeyId());
        assertThat(bobAgain.secretAccessKey()).isNotEqualTo(bob.secretAccessKey());
    }

    @Test
    void droppingTheBucketTakesEveryObjectAndSaysSoOnce() {
        StorageCredentials report = storage.ensureTentaclePrefix(enclave, TentacleData.first(REPORT), 0);
        admin.putObject(p -> p.bucket(report.bucket()).key("tentacles/report/data"), RequestBody.fromString("x"));

        assertThat(storage.dropBucket(enclave)).contains(report.bucket());
        assertThat(storage.dropBucket(enclave)).isEmpty();
        assertThat(bucketExists(report.bucket())).isFalse();
    }

    @Test
    void aLongBucketNameIsShortenedWithAHashAndStaysDistinct() {
        S3ObjectStorage longPrefix = TestObjectStorage.storage("acme-corp-production-enclaves-");
        EnclaveId a = EnclaveId.of("a".repeat(40) + "-one");
        EnclaveId b = EnclaveId.of("a".repeat(40) + "-two");

        String bucketA = longPrefix.bucketOf(a);
        String bucketB = longPrefix.bucketOf(b);

        assertThat(bucketA).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9][a-z0-9-]*[a-z0-9]").isNotEqualTo(bucketB);
        assertThat(longPrefix.ensureBucket(a)).isEqualTo(bucketA);
        assertThat(longPrefix.dropBucket(a)).contains(bucketA);
    }

    @Test
    void minioPoliciesAllowOnlyThePrefix() throws Exception {
        var policy = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(MinioStorageUsers.policy("enclave-growth", "tentacles/report/"));
        assertThat(policy.toString())
                .contains("\"Resource\":[\"arn:aws:s3:::enclave-growth/tentacles/report/*\"]")
                .contains("\"s3:prefix\":[\"tentacles/report/*\"]")
                .doesNotContain("arn:aws:s3:::enclave-growth/*")
                .doesNotContain("s3:*");
    }
}
