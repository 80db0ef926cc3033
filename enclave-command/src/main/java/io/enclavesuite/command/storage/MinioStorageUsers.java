package io.enclavesuite.command.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.command.database.CredentialKey;
import io.minio.admin.MinioAdminClient;
import io.minio.admin.UserInfo;

import java.util.List;

/**
 * MinIO's users through its admin API: per generation of a tentacle's data a canned policy {@code <bucket>.<data>}
 * allowing list, read, write and delete under that generation's prefix only, and a user with that policy. The administrator key the
 * suite is configured with needs MinIO's {@code admin:CreateUser}/{@code admin:CreatePolicy} rights.
 */
public final class MinioStorageUsers implements StorageUsers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MinioAdminClient admin;
    private final DerivedAccessKeys keys;

    public MinioStorageUsers(MinioAdminClient admin, CredentialKey key) {
        this.admin = admin;
        this.keys = new DerivedAccessKeys(key);
    }

    @Override
    public AccessKey grant(String bucket, String prefix, String user, int deployment) {
        AccessKey key = keys.of(user, deployment);
        try {
            admin.addCannedPolicy(user, policy(bucket, prefix));
            admin.addUser(key.id(), UserInfo.Status.ENABLED, key.secret(), user, List.of());
            admin.setPolicy(key.id(), false, user);
            return key;
        } catch (Exception e) {
            throw new IllegalStateException("MinIO refused user " + key.id() + " for s3://" + bucket + "/" + prefix
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void revoke(String user) {
        String id = keys.idOf(user);
        try {
            if (admin.listUsers().containsKey(id)) {
                admin.deleteUser(id);
            }
            if (admin.listCannedPolicies().containsKey(user)) {
                admin.removeCannedPolicy(user);
            }
        } catch (Exception e) {
            throw new IllegalStateException("MinIO could not remove user " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void revokeAll(String bucket) {
        try {
            for (String policy : admin.listCannedPolicies().keySet()) {
                if (policy.startsWith(bucket + ".")) {
                    revoke(policy);
                }
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("MinIO could not list the policies of " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean enforced() {
        return true;
    }

    /** IAM policy JSON: list the bucket only under the prefix, and object operations only below it. */
    static String policy(String bucket, String prefix) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode location = statements.addObject().put("Effect", "Allow");
        location.putArray("Action").add("s3:GetBucketLocation");
        location.putArray("Resource").add("arn:aws:s3:::" + bucket);
        ObjectNode list = statements.addObject().put("Effect", "Allow");
        list.putArray("Action").add("s3:ListBucket");
        list.putArray("Resource").add("arn:aws:s3:::" + bucket);
        list.putObject("Condition").putObject("StringLike").putArray("s3:prefix").add(prefix + "*");
        ObjectNode objects = statements.addObject().put("Effect", "Allow");
        objects.putArray("Action").add("s3:GetObject").add("s3:PutObject").add("s3:DeleteObject")
                .add("s3:AbortMultipartUpload").add("s3:ListMultipartUploadParts");
        objects.putArray("Resource").add("arn:aws:s3:::" + bucket + "/" + prefix + "*");
        return policy.toString();
    }
}
