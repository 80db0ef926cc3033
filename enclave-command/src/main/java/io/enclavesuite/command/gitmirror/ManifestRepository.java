package io.enclavesuite.command.gitmirror;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * The mirror's Git working copy: writes enclave folders, commits them when something changed, and pushes the branch.
 * Created (with its branch) when the directory holds no repository yet. Only the mirror writes here, on the one
 * replica that mirrors ({@link GitMirrorDuty}).
 */
class ManifestRepository implements AutoCloseable {

    /** What a push did: pushed (or nothing to push), or refused with the remote's reason. */
    record Push(boolean done, String outcome) {
    }

    private final Git git;
    private final Path root;
    private final String branch;

    ManifestRepository(Path directory, String branch) {
        this.root = directory.toAbsolutePath().normalize();
        this.branch = branch;
        try {
            Files.createDirectories(root);
            this.git = Files.isDirectory(root.resolve(Constants.DOT_GIT))
                    ? Git.open(root.toFile())
                    : Git.init().setDirectory(root.toFile()).setInitialBranch(branch).call();
        } catch (IOException e) {
            throw new UncheckedIOException("the Git mirror's directory " + root + " cannot be opened", e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("the Git mirror's repository in " + root + " cannot be created", e);
        }
    }

    Repository repository() {
        return git.getRepository();
    }

    /** True before the first commit: a new or emptied working copy. */
    boolean isEmpty() {
        try {
            return git.getRepository().resolve(Constants.HEAD) == null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes each given folder hold exactly its files (others in it are removed) and commits, if anything changed, as
     * {@code author} at {@code when}.
     *
     * @param folders each enclave's folder (relative to the root) with its files by relative path
     * @return true when a commit was made
     */
    boolean commit(Map<String, SortedMap<String, String>> folders, String message, String authorName,
                   String authorEmail, Instant when) {
        try {
            for (Map.Entry<String, SortedMap<String, String>> folder : folders.entrySet()) {
                Path dir = root.resolve(folder.getKey());
                for (Path stale : filesIn(dir)) {
                    if (!folder.getValue().containsKey(root.relativize(stale).toString().replace('\\', '/'))) {
                        Files.delete(stale);
                    }
                }
                for (Map.Entry<String, String> file : folder.getValue().entrySet()) {
                    Path path = root.resolve(file.getKey());
                    byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                    if (!Files.exists(path) || !java.util.Arrays.equals(Files.readAllBytes(path), content)) {
                        Files.createDirectories(path.getParent());
                        Files.write(path, content);
                    }
                }
                git.add().addFilepattern(folder.getKey()).call();
                git.add().setUpdate(true).addFilepattern(folder.getKey()).call();
            }
            if (git.status().call().getUncommittedChanges().isEmpty()) {
                return false;
            }
            PersonIdent who = new PersonIdent(authorName, authorEmail, when, ZoneOffset.UTC);
            git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("the Git mirror could not write to " + root, e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("the Git mirror could not commit in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Pushes the branch to {@code remoteUrl}; a refusal or an unreachable remote is an outcome, not an exception. */
    Push push(String remoteUrl, String username, String password) {
        if (isEmpty()) {
            return new Push(true, "nothing to push");
        }
        try {
            var command = git.push().setRemote(remoteUrl)
                    .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch));
            if (password != null) {
                command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(username, password));
            }
            List<String> refused = new ArrayList<>();
            for (PushResult result : command.call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK
                            && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        refused.add(update.getRemoteName() + ": " + update.getStatus()
                                + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
                    }
                }
            }
            return refused.isEmpty() ? new Push(true, "pushed") : new Push(false, String.join("; ", refused));
        } catch (GitAPIException | RuntimeException e) {
            return new Push(false, e.getMessage());
        }
    }

    /**
     * Brings the working copy onto the remote's branch, before this replica starts mirroring: another replica may
     * have pushed since this copy last moved (or it has none). The remote wins unless it is behind this copy (commits
     * of this replica not pushed yet, which the next push sends). No branch there yet: nothing to follow.
     *
     * @return what was done, for the log
     * @throws IllegalStateException when the remote cannot be read: mirroring on a copy that may be behind would
     *                               push commits competing with the remote's
     */
    String follow(String remoteUrl, String username, String password) {
        String tracking = "refs/remotes/mirror/" + branch;
        try {
            var heads = git.lsRemote().setRemote(remoteUrl).setHeads(true);
            var fetch = git.fetch().setRemote(remoteUrl)
                    .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + tracking));
            if (password != null) {
                heads.setCredentialsProvider(new UsernamePasswordCredentialsProvider(username, password));
                fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(username, password));
            }
            if (heads.call().stream().noneMatch(ref -> ref.getName().equals(Constants.R_HEADS + branch))) {
                return "the remote has no branch " + branch + " yet";
            }
            fetch.call();
            Repository repository = git.getRepository();
            ObjectId remote = repository.resolve(tracking);
            if (remote == null) {
                throw new IllegalStateException("the remote's branch " + branch + " was not fetched");
            }
            ObjectId local = repository.resolve(Constants.HEAD);
            if (remote.equals(local)) {
                return "up to date with the remote";
            }
            if (local != null) {
                try (RevWalk walk = new RevWalk(repository)) {
                    if (walk.isMergedInto(walk.parseCommit(remote), walk.parseCommit(local))) {
                        return "ahead of the remote (commits to push)";
                    }
                }
            }
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(remote);
            update.setForceUpdate(true);
            RefUpdate.Result moved = update.update();
            if (moved != RefUpdate.Result.NEW && moved != RefUpdate.Result.FORCED
                    && moved != RefUpdate.Result.FAST_FORWARD && moved != RefUpdate.Result.NO_CHANGE) {
                throw new IllegalStateException("the branch " + branch + " could not be moved: " + moved);
            }
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remote.name()).call();
            git.clean().setCleanDirectories(true).call();
            return (local == null ? "took the remote's branch" : "moved from " + local.name() + " to the remote's")
                    + " at " + remote.name();
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new IllegalStateException("the Git mirror cannot follow " + remoteUrl + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
