package io.enclavesuite.command.storage;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.command.database.TentacleData;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Object storage on any S3-compatible store through the AWS SDK v2: bucket {@code <bucket-prefix><enclave>} (63
 * characters at most, shortened with a hash past that), prefix {@code tentacles/<data>/} per generation of a
 * tentacle's data ({@link TentacleData}: {@code report}, {@code report_5}) marked by an empty object so it shows
 * before the tentacle writes anything, and that generation's user from {@link StorageUsers}.
 * Bucket and prefix names come only from validated enclave and tentacle names (DNS labels).
 */
public final class S3ObjectStorage implements ObjectStorage {

    static final int MAX_BUCKET_NAME = 63;

    private final S3Client s3;
    private final StorageUsers users;
    private final String bucketPrefix;
    private final URI workloadEndpoint;
    private final String region;

    /**
     * @param workloadEndpoint the endpoint as workloads reach it (a Service in the cluster), which may differ from
     *                         the one the suite uses
     */
    public S3ObjectStorage(S3Client s3, StorageUsers users, String bucketPrefix, URI workloadEndpoint, String region) {
        this.s3 = s3;
        this.users = users;
        this.bucketPrefix = bucketPrefix;
        this.workloadEndpoint = workloadEndpoint;
        this.region = region;
    }

    public String bucketOf(EnclaveId enclave) {
        String name = bucketPrefix + enclave.value();
        if (name.length() <= MAX_BUCKET_NAME) {
            return name;
        }
        String hash = HexFormat.of().formatHex(sha256(name)).substring(0, 8);
        return name.substring(0, MAX_BUCKET_NAME - hash.length() - 1).replaceAll("-+$", "") + "-" + hash;
    }

    public static String prefixOf(TentacleData data) {
        return "tentacles/" + data.name() + "/";
    }

    @Override
    public String ensureBucket(EnclaveId enclave) {
        String bucket = bucketOf(enclave);
        if (!exists(bucket)) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException e) {
                // made by an earlier try that did not get its answer back
            }
        }
        return bucket;
    }

    @Override
    public StorageCredentials ensureTentaclePrefix(EnclaveId enclave, TentacleData data, int deployment) {
        String bucket = ensureBucket(enclave);
        String prefix = prefixOf(data);
        s3.putObject(p -> p.bucket(bucket).key(prefix), RequestBody.empty());
        StorageUsers.AccessKey key = users.grant(bucket, prefix, userOf(bucket, data), deployment);
        return new StorageCredentials(workloadEndpoint, region, bucket, prefix, key.id(), key.secret());
    }

    @Override
    public void revokeTentacle(EnclaveId enclave, TentacleData data) {
        users.revoke(userOf(bucketOf(enclave), data));
    }

    @Override
    public void removeTentaclePrefix(EnclaveId enclave, TentacleData data) {
        String bucket = bucketOf(enclave);
        users.revoke(userOf(bucket, data));
        if (exists(bucket)) {
            deleteObjects(bucket, prefixOf(data));
        }
    }

    @Override
    public Optional<String> dropBucket(EnclaveId enclave) {
        String bucket = bucketOf(enclave);
        users.revokeAll(bucket);
        if (!exists(bucket)) {
            return Optional.empty();
        }
        deleteObjects(bucket, "");
        try {
            s3.deleteBucket(d -> d.bucket(bucket));
        } catch (NoSuchBucketException e) {
            return Optional.empty(); // removed meanwhile by an earlier try
        }
        return Optional.of(bucket);
    }

    @Override
    public boolean enforcesCredentials() {
        return users.enforced();
    }

    @Override
    public java.util.List<Missing> missingForTentacle(EnclaveId enclave, TentacleData data) {
        String bucket = bucketOf(enclave);
        String prefix = prefixOf(data);
        if (!exists(bucket)) {
            return java.util.List.of(new Missing("Bucket", bucket), new Missing("BucketPrefix", prefix));
        }
        try {
            s3.headObject(h -> h.bucket(bucket).key(prefix));
            return java.util.List.of();
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return java.util.List.of(new Missing("BucketPrefix", prefix));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return java.util.List.of(new Missing("BucketPrefix", prefix));
            }
            throw e;
        }
    }

    private boolean exists(String bucket) {
        try {
            s3.headBucket(h -> h.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Pages of at most 1,000 keys, the limit of one DeleteObjects request. */
    private void deleteObjects(String bucket, String prefix) {
        for (var page : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix).maxKeys(1000))) {
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(S3Object::key)
                    .map(key -> ObjectIdentifier.builder().key(key).build())
                    .toList();
            if (!keys.isEmpty()) {
                s3.deleteObjects(d -> d.bucket(bucket).delete(x -> x.objects(keys).quiet(true)));
            }
        }
    }

    private static String userOf(String bucket, TentacleData data) {
        return bucket + "." + data.name();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
