package io.enclavesuite.deploy.compose;

import io.enclavesuite.deploy.SuiteService;
import io.enclavesuite.deploy.compose.ComposeFile.Mount;
import io.enclavesuite.deploy.compose.ComposeFile.Signer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static io.enclavesuite.deploy.compose.ComposeFile.APPLICATION_JSON;
import static io.enclavesuite.deploy.compose.ComposeFile.GATEWAY;
import static io.enclavesuite.deploy.compose.ComposeFile.LOCAL_ISSUER_VOLUME;
import static io.enclavesuite.deploy.compose.ComposeFile.PUBLIC_KEYS;
import static io.enclavesuite.deploy.compose.ComposeFile.SIGNERS;
import static io.enclavesuite.deploy.compose.ComposeFile.TOKEN_SETTINGS;
import static io.enclavesuite.deploy.compose.ComposeFile.map;
import static io.enclavesuite.deploy.compose.ComposeFile.mounts;
import static io.enclavesuite.deploy.compose.ComposeFile.oneShot;

/**
 * {@link ComposeFile}'s rules about keys: who may see the principals' keys and the private token keys, and whether
 * the write services check tokens exactly as the read side does.
 */
final class ComposeKeys {

    private ComposeKeys() {
    }

    private static Signer signer(String service) {
        return SIGNERS.stream().filter(signer -> signer.service().equals(service)).findFirst().orElse(null);
    }

    /**
     * The principals' keys: a write service sees the public halves only (read-only, its key folder); the gateway
     * and the console each its own private key only (read-only, its principal key file); nobody else any of them — but the network-less
     * one-shot preflight, which checks them read-only.
     */
    static void principalKeys(String name, Map<String, Object> service, List<String> violations) {
        List<Mount> mounts = mounts(service);
        Map<String, Object> environment = map(service.get("environment"));
        boolean checker = oneShot(service) && "none".equals(service.get("network_mode"));
        Signer signer = signer(name);
        for (Mount mount : mounts.stream().filter(Mount::principals).toList()) {
            boolean allowed = SuiteService.WRITE_SERVICES.contains(name) ? mount.publicKeysOnly()
                    : signer != null ? mount.source().equals(signer.principalKey())
                    : checker;
            if (!allowed) {
                violations.add(name + ": sees principals' keys it must not (" + mount.source() + ")");
            } else if (!mount.readOnly()) {
                violations.add(name + ": mounts principals' keys writable (" + mount.source() + ")");
            }
        }
        if (SuiteService.WRITE_SERVICES.contains(name)) {
            Object folder = environment.get("ENCLAVE_PRINCIPALS_KEY_FOLDER");
            boolean mounted = mounts.stream().anyMatch(mount -> mount.source().equals(PUBLIC_KEYS) && mount.readOnly()
                    && mount.target().equals(folder));
            if (!mounted) {
                violations.add(name + ": ENCLAVE_PRINCIPALS_KEY_FOLDER is not " + PUBLIC_KEYS + " mounted read-only");
            }
        }
        if (signer != null) {
            Object keyFile = environment.get(signer.principalKeyVariable());
            boolean mounted = mounts.stream().anyMatch(mount -> mount.source().equals(signer.principalKey())
                    && mount.readOnly() && mount.target().equals(keyFile));
            if (!mounted) {
                violations.add(name + ": " + signer.principalKeyVariable() + " is not " + signer.principalKey()
                        + " mounted read-only");
            }
        }
    }

    /**
     * The write services check the bearer tokens of their /internal endpoints exactly as enclave-query checks its
     * API's: the same {@code ENCLAVE_API_AUTH_*} values (the read side's operators aside), and the local issuer's
     * key file, when there is one, from the same volume and path in it — read-only, since they only check.
     */
    static void writeServicesTrust(Map<String, Object> services, List<String> violations) {
        if (!services.containsKey("enclave-query")) {
            return;
        }
        Map<String, Object> query = map(services.get("enclave-query"));
        Map<String, String> expected = tokenSettings(query);
        if (expected.isEmpty()) {
            violations.add("enclave-query: no " + TOKEN_SETTINGS + "* settings");
        }
        for (String name : SuiteService.WRITE_SERVICES) {
            if (!services.containsKey(name)) {
                continue;
            }
            Map<String, Object> service = map(services.get(name));
            Map<String, String> actual = tokenSettings(service);
            if (!actual.keySet().equals(expected.keySet())) {
                violations.add(name + ": token settings " + actual.keySet() + " are not enclave-query's " + expected.keySet());
                continue;
            }
            expected.forEach((setting, value) -> {
                if (setting.equals(TOKEN_SETTINGS + "LOCAL_KEY_FILE")) {
                    Mount theirs = containing(query, value);
                    Mount ours = containing(service, actual.get(setting));
                    if (theirs == null || ours == null || !theirs.source().equals(ours.source())
                            || !Objects.equals(theirs.locate(value), ours.locate(actual.get(setting)))) {
                        violations.add(name + ": " + setting + " is not enclave-query's key file");
                    } else if (!ours.readOnly()) {
                        violations.add(name + ": " + setting + " is mounted writable");
                    }
                } else if (!value.equals(actual.get(setting))) {
                    violations.add(name + ": " + setting + " is not enclave-query's");
                }
            });
        }
    }

    /**
     * The private token keys: the local issuer's (query-data) only in enclave-query and, read-only, in the write
     * services, which check tokens with it; the Slack gateway's and the console's own each only in that service,
     * read-only — and in the network-less one-shots that make them. They sign with their own keys, never with the
     * local issuer's.
     */
    static void tokenKeys(String name, Map<String, Object> service, List<String> violations) {
        boolean maker = oneShot(service) && "none".equals(service.get("network_mode"));
        for (Mount mount : mounts(service)) {
            // the write services' mount of it, read-only, is writeServicesTrust's to check
            if (mount.source().equals(LOCAL_ISSUER_VOLUME) && !maker && !name.equals("enclave-query")
                    && !SuiteService.WRITE_SERVICES.contains(name)) {
                violations.add(name + ": mounts the local issuer's key (" + LOCAL_ISSUER_VOLUME + "), which signs a "
                        + "token for anyone");
            }
            for (Signer holder : SIGNERS) {
                if (mount.source().equals(holder.tokenKeyVolume()) && !maker
                        && !(name.equals(holder.service()) && mount.readOnly())) {
                    violations.add(name + ": mounts " + holder.title() + "'s token key (" + holder.tokenKeyVolume()
                            + "), which only " + (holder.service().equals(GATEWAY) ? "the gateway" : holder.title())
                            + " may hold, read-only");
                }
            }
        }
        Signer signer = signer(name);
        if (signer != null) {
            Mount key = containing(service, String.valueOf(map(service.get("environment"))
                    .get(signer.issuerKeyVariable())));
            if (key == null || !key.source().equals(signer.tokenKeyVolume())) {
                violations.add(name + ": " + signer.issuerKeyVariable() + " is not in " + signer.tokenKeyVolume());
            }
        }
    }

    private static Map<String, String> tokenSettings(Map<String, Object> service) {
        Map<String, String> settings = new TreeMap<>();
        map(service.get("environment")).forEach((key, value) -> {
            if (key.equals(APPLICATION_JSON)
                    || key.startsWith(TOKEN_SETTINGS) && !key.equals(TOKEN_SETTINGS + "OPERATORS")) {
                settings.put(key, String.valueOf(value));
            }
        });
        return settings;
    }

    private static Mount containing(Map<String, Object> service, String path) {
        return mounts(service).stream().filter(mount -> mount.locate(path) != null).findFirst().orElse(null);
    }
}
