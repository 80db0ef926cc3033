package io.enclavesuite.command.binding;

import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives a new enclave its internal name from its channel's name at creation: normalised to a DNS label
 * ({@code #Growth Team!} → {@code growth-team}); a name already taken — by another channel's enclave, live or
 * deprovisioned — or reserved gets a short suffix derived from the channel id ({@code growth-team-3f9a}), so the
 * same channel always gets the same name and a retried command lands on the same enclave. The name never changes
 * afterwards: a rename changes only the display name.
 */
@Component
@EnableConfigurationProperties(EnclaveNaming.Rules.class)
public class EnclaveNaming {

    /**
     * @param reserved names never given to an enclave (the reference system refuses Kubernetes' own namespaces)
     */
    @ConfigurationProperties("enclave.naming")
    public record Rules(List<String> reserved) {
        public Rules {
            reserved = reserved == null
                    ? List.of("default", "kube-system", "kube-public", "kube-node-lease", "enclave-suite", "system")
                    : List.copyOf(reserved);
        }
    }

    private static final String FALLBACK = "enclave";
    private static final int[] SUFFIX_LENGTHS = {4, 6, 8, 12};

    private final ChannelBindings bindings;
    private final Set<String> reserved;

    EnclaveNaming(ChannelBindings bindings, Rules rules) {
        this.bindings = bindings;
        this.reserved = rules.reserved().stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** The name for a new enclave of this channel: its base name, or with the shortest suffix that is free. */
    public EnclaveId nameFor(ChannelRef channel) {
        String channelId = channel.id().value();
        String base = base(channel.name(), EnclaveId.MAX_LENGTH - 1 - SUFFIX_LENGTHS[SUFFIX_LENGTHS.length - 1]);
        if (available(base, channelId)) {
            return EnclaveId.of(base);
        }
        String digest = digest(channelId);
        for (int length : SUFFIX_LENGTHS) {
            String candidate = base + "-" + digest.substring(0, length);
            if (available(candidate, channelId)) {
                return EnclaveId.of(candidate);
            }
        }
        // A channel deprovisioned and provisioned again more often than the suffixes allow: count on.
        for (int n = 2; ; n++) {
            String candidate = base + "-" + digest.substring(0, 8) + "-" + n;
            if (available(candidate, channelId)) {
                return EnclaveId.of(candidate);
            }
        }
    }

    /** Why an explicitly requested name cannot be used, if it cannot. */
    public Optional<String> refusal(EnclaveId requested) {
        return reserved.contains(requested.value())
                ? Optional.of("enclave name '" + requested + "' is reserved")
                : Optional.empty();
    }

    private boolean available(String name, String channelId) {
        return !reserved.contains(name) && (bindings.nameFree(name) || bindings.boundTo(name, channelId));
    }

    /** Lower-case ASCII letters and digits, every other run of characters one '-', trimmed to fit. */
    static String base(String channelName, int maxLength) {
        String ascii = Normalizer.normalize(channelName, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String label = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (label.length() > maxLength) {
            label = label.substring(0, maxLength).replaceAll("-+$", "");
        }
        return label.isEmpty() ? FALLBACK : label;
    }

    private static String digest(String channelId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(channelId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
