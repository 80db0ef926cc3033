package io.enclavesuite.trust;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The registry as configured, with the public keys of a key folder added to its principals. The folder is looked at
 * again at most every {@code rescan}, and the registry rebuilt when a key file was added, replaced or removed — so a
 * principal's key is rotated without a restart. A folder that cannot be read keeps the last good registry (and says
 * so in the log) rather than refusing every command.
 */
public final class ReloadingRegistry implements Supplier<PrincipalRegistry> {

    private static final Logger log = LoggerFactory.getLogger(ReloadingRegistry.class);

    private final Collection<Principal> configured;
    private final Set<String> revoked;
    private final Path keyFolder;
    private final Duration rescan;
    private final Clock clock;
    private volatile Snapshot current;

    private record Snapshot(PrincipalRegistry registry, String fingerprint, Instant checkedAt) {
    }

    /** @param keyFolder null: only the configured keys */
    public ReloadingRegistry(Collection<Principal> configured, Set<String> revoked, Path keyFolder, Duration rescan,
                             Clock clock) {
        this.configured = List.copyOf(configured);
        this.revoked = Set.copyOf(revoked);
        this.keyFolder = keyFolder;
        this.rescan = rescan;
        this.clock = clock;
        String fingerprint = keyFolder == null ? "" : PrincipalKeyFiles.fingerprint(keyFolder);
        this.current = new Snapshot(build(), fingerprint, clock.instant());
        log.info("Principals: {}", describe(current.registry()));
    }

    @Override
    public PrincipalRegistry get() {
        Snapshot snapshot = current;
        Instant now = clock.instant();
        if (keyFolder == null || now.isBefore(snapshot.checkedAt().plus(rescan))) {
            return snapshot.registry();
        }
        synchronized (this) {
            snapshot = current;
            if (now.isBefore(snapshot.checkedAt().plus(rescan))) {
                return snapshot.registry();
            }
            try {
                String fingerprint = PrincipalKeyFiles.fingerprint(keyFolder);
                PrincipalRegistry registry = snapshot.registry();
                if (!fingerprint.equals(snapshot.fingerprint())) {
                    registry = build();
                    log.info("Principals' keys changed in {}: {}", keyFolder, describe(registry));
                }
                current = new Snapshot(registry, fingerprint, now);
            } catch (RuntimeException e) {
                log.error("Cannot read the principals' keys in {}; keeping the keys read before: {}", keyFolder,
                        e.getMessage());
                current = new Snapshot(snapshot.registry(), snapshot.fingerprint(), now);
            }
            return current.registry();
        }
    }

    private PrincipalRegistry build() {
        Map<String, List<PrincipalKey>> found = keyFolder == null ? Map.of() : PrincipalKeyFiles.read(keyFolder);
        List<Principal> principals = new ArrayList<>();
        for (Principal principal : configured) {
            principals.add(principal.withKeys(found.getOrDefault(principal.id(), List.of())));
        }
        found.keySet().stream().filter(id -> configured.stream().noneMatch(p -> p.id().equals(id)))
                .forEach(id -> log.warn("Keys in {} for '{}', which is not a registered principal: ignored", keyFolder, id));
        return PrincipalRegistry.of(principals, revoked);
    }

    private static String describe(PrincipalRegistry registry) {
        List<String> parts = new ArrayList<>();
        registry.principals().values().forEach(p -> parts.add(p.id() + " (" + p.keys().size() + " key"
                + (p.keys().size() == 1 ? "" : "s") + ", acts " + p.actsFor().describe(p.id())
                + (p.operator() ? ", operator: may override with a stated reason" : "") + ")"));
        return parts.isEmpty() ? "none registered: every command will be refused" : String.join(", ", parts);
    }
}
