package io.enclavesuite.trust;

import io.enclavesuite.api.CommandCatalog;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A service or operator tool that may speak on the command topics: its keys, the command types it may send
 * ({@code *}: every public command), whom it may act for, whether it is an operator — one that may act on an
 * enclave whose rules refuse its actor, by stating a reason that the enclave records (break-glass) — and whether it
 * speaks for Slack: only such a principal states channel facts (a channel archived, unarchived or renamed).
 */
public record Principal(String id, Set<String> commands, ActsFor actsFor, List<PrincipalKey> keys, boolean operator,
                        boolean channelFacts) {

    /** Lower-case words and dashes: a principal's id appears in key file names, {@code kid}s and metadata. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    public static final String ANY_COMMAND = "*";

    public Principal {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("principal id '" + id + "' must be lower-case letters, digits and '-'");
        }
        commands = Set.copyOf(new TreeSet<>(Objects.requireNonNull(commands, "commands")));
        for (String type : commands) {
            if (!type.equals(ANY_COMMAND) && CommandCatalog.owning(type).isEmpty()) {
                throw new IllegalArgumentException("principal " + id + ": " + CommandCatalog.unknownToAll(type));
            }
        }
        Objects.requireNonNull(actsFor, "actsFor");
        keys = List.copyOf(keys);
    }

    /** A principal that is no operator and does not speak for Slack. */
    public Principal(String id, Set<String> commands, ActsFor actsFor, List<PrincipalKey> keys) {
        this(id, commands, actsFor, keys, false, false);
    }

    /** A principal that does not speak for Slack. */
    public Principal(String id, Set<String> commands, ActsFor actsFor, List<PrincipalKey> keys, boolean operator) {
        this(id, commands, actsFor, keys, operator, false);
    }

    public boolean maySend(String type) {
        return commands.contains(ANY_COMMAND) || commands.contains(type);
    }

    /** The same principal as an operator. */
    public Principal asOperator() {
        return new Principal(id, commands, actsFor, keys, true, channelFacts);
    }

    public Principal withKeys(List<PrincipalKey> more) {
        List<PrincipalKey> all = new java.util.ArrayList<>(keys);
        all.addAll(more);
        return new Principal(id, commands, actsFor, all, operator, channelFacts);
    }
}
