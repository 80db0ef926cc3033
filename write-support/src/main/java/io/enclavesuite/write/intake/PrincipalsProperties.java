package io.enclavesuite.write.intake;

import io.enclavesuite.receipts.signing.VerificationKeyFile;
import io.enclavesuite.trust.ActsFor;
import io.enclavesuite.trust.Principal;
import io.enclavesuite.trust.PrincipalKey;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code enclave.principals}: who may speak on this service's command topic. Nothing is trusted by default: a
 * principal the registry does not name, or a key it does not list (inline or in {@code key-folder}), is refused.
 *
 * @param registry  the principals by id
 * @param keyFolder public keys as {@code <id>.pub.pem} / {@code <id>.<label>.pub.pem}, looked at again every
 *                  {@code rescan}; null: only the inline keys
 * @param revoked   key thumbprints never accepted again, whatever their window
 */
@ConfigurationProperties("enclave.principals")
public record PrincipalsProperties(Map<String, Entry> registry, Path keyFolder,
                                   @DefaultValue("30s") Duration rescan, Set<String> revoked) {

    public PrincipalsProperties {
        registry = registry == null ? Map.of() : new TreeMap<>(registry);
        revoked = revoked == null ? Set.of() : Set.copyOf(revoked);
    }

    /**
     * @param commands command types it may send; {@code *} for every public command
     * @param actsFor  {@code self} (default), {@code slack-users} or {@code anyone}
     * @param people   people it may act for besides
     * @param keys     keys given inline, besides those in the key folder
     * @param operator whether it may act on an enclave whose rules refuse its actor, with a stated reason that the
     *                 enclave records and its owner is told of (break-glass); false by default
     * @param channelFacts whether it speaks for Slack: only such a principal states that a channel was archived,
     *                 unarchived or renamed; false by default (the Slack gateway's entry sets it)
     */
    public record Entry(List<String> commands, String actsFor, Set<String> people, List<Key> keys, boolean operator,
                        boolean channelFacts) {
    }

    /** A public key as PEM text or a file, with the window in which it may sign. */
    public record Key(String publicKey, Path publicKeyFile, Instant notBefore, Instant notAfter) {

        PrincipalKey toKey(String principal) {
            if ((publicKey == null) == (publicKeyFile == null)) {
                throw new IllegalArgumentException("a key of principal " + principal
                        + " needs exactly one of public-key (PEM text) and public-key-file");
            }
            return publicKey != null
                    ? new PrincipalKey(VerificationKeyFile.fromPem(publicKey), notBefore, notAfter, "configuration")
                    : new PrincipalKey(VerificationKeyFile.read(publicKeyFile), notBefore, notAfter, publicKeyFile.toString());
        }
    }

    List<Principal> principals() {
        return registry.entrySet().stream().map(e -> {
            Entry entry = e.getValue();
            return new Principal(e.getKey(), Set.copyOf(entry.commands() == null ? List.of() : entry.commands()),
                    ActsFor.parse(entry.actsFor(), entry.people()),
                    entry.keys() == null ? List.of() : entry.keys().stream().map(k -> k.toKey(e.getKey())).toList(),
                    entry.operator(), entry.channelFacts());
        }).toList();
    }
}
