package io.enclavesuite.console.signin;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.console.ConsoleProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The sign-in of a machine without a Slack app: a user id and the machine's local sign-in code, a random secret in a
 * file only the machine's owner can read (as the read API's local key is for {@code enclavectl token}). Whoever holds
 * the code may be anyone, so it is offered only when {@code enclave.console.local-sign-in.enabled} is set, never
 * beside Sign in with Slack, and every page says so.
 */
public final class LocalSignIn {

    private static final Logger log = LoggerFactory.getLogger(LocalSignIn.class);

    private final byte[] code;
    private final Path file;
    private final SecurityContextRepository contexts;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final HttpSessionRequestCache savedRequests = new HttpSessionRequestCache();

    LocalSignIn(Path file, SecurityContextRepository contexts) {
        this.file = file;
        this.code = loadOrCreate(file).getBytes(StandardCharsets.UTF_8);
        this.contexts = contexts;
        log.info("Console: local sign-in is on (code in {}); it is off whenever Sign in with Slack is configured",
                file.toAbsolutePath());
    }

    static LocalSignIn of(ConsoleProperties.LocalSignIn settings, SecurityContextRepository contexts) {
        Path file = settings.codeFile() != null ? settings.codeFile() : Path.of(".enclave-data", "console", "local-sign-in-code");
        return new LocalSignIn(file, contexts);
    }

    public Path file() {
        return file;
    }

    /**
     * Signs the person in when the code is the machine's; a new session id either way it succeeds, so a session
     * planted before sign-in is worth nothing after.
     *
     * @return where to go next, or empty when refused
     */
    Optional<String> signIn(String user, String offered, HttpServletRequest request, HttpServletResponse response) {
        if (offered == null || !MessageDigest.isEqual(code, offered.strip().getBytes(StandardCharsets.UTF_8))) {
            log.warn("Local sign-in as {} refused: wrong code", user);
            return Optional.empty();
        }
        UserId person = UserId.of(user.strip());
        request.getSession(true);
        request.changeSessionId();
        var context = holder.createEmptyContext();
        context.setAuthentication(new LocalAuthentication(person));
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        SavedRequest saved = savedRequests.getRequest(request, response);
        savedRequests.removeRequest(request, response);
        return Optional.of(saved != null ? saved.getRedirectUrl() : "/feed");
    }

    private static String loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (existing.length() < 32) {
                    throw new IllegalStateException(file + " holds a local sign-in code under 32 characters: delete it "
                            + "and a new one is made at the next start");
                }
                return existing;
            }
            byte[] random = new byte[20];
            new SecureRandom().nextBytes(random);
            String made = HexFormat.of().formatHex(random);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, made + "\n", StandardCharsets.UTF_8);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the local sign-in code " + file, e);
        }
    }

    /** A person signed in with the machine's code. */
    public static final class LocalAuthentication extends AbstractAuthenticationToken {

        private final UserId person;

        LocalAuthentication(UserId person) {
            super(AuthorityUtils.createAuthorityList("ROLE_PERSON"));
            this.person = person;
            setAuthenticated(true);
        }

        public UserId person() {
            return person;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return person.value();
        }
    }
}
