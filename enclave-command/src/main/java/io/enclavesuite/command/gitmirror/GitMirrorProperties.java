package io.enclavesuite.command.gitmirror;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code enclave.git-mirror.*}: where the Git mirror of enclave manifests lives and where it pushes. The working copy
 * is a plain (non-bare) repository in {@code directory}; with a {@code remote-url} every commit is pushed to
 * {@code branch} there, as {@code username} with the password or token read from {@code password-file} (a mounted
 * Secret) or given in {@code password} (meant for the environment, {@code ENCLAVE_GITMIRROR_PASSWORD}). No
 * credential has a default.
 */
@ConfigurationProperties("enclave.git-mirror")
public record GitMirrorProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("./.enclave-data/git-mirror") Path directory,
                                  @DefaultValue("") String remoteUrl,
                                  @DefaultValue("main") String branch,
                                  @DefaultValue("Enclave Suite") String authorName,
                                  @DefaultValue("enclave-suite@localhost") String authorEmail,
                                  @DefaultValue("") String username,
                                  Path passwordFile,
                                  String password) {

    public GitMirrorProperties {
        if (branch.isBlank() || branch.contains(" ") || branch.startsWith("-")) {
            throw new IllegalArgumentException("enclave.git-mirror.branch must be a branch name, not '" + branch + "'");
        }
        if (passwordFile != null && password != null && !password.isEmpty()) {
            throw new IllegalArgumentException(
                    "enclave.git-mirror: set password-file or password, not both");
        }
    }

    /** True when commits are pushed. */
    public boolean pushes() {
        return !remoteUrl.isBlank();
    }

    /** The password or token for the remote, read when needed so a rotated Secret is picked up. */
    Optional<String> secret() {
        if (passwordFile != null) {
            try {
                return Optional.of(Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UncheckedIOException("enclave.git-mirror.password-file " + passwordFile
                        + " cannot be read", e);
            }
        }
        return password == null || password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    @Override
    public String toString() { // never the password
        return "GitMirrorProperties[enabled=" + enabled + ", directory=" + directory + ", remoteUrl=" + remoteUrl
                + ", branch=" + branch + ", username=" + username + ", passwordFile=" + passwordFile + "]";
    }
}
