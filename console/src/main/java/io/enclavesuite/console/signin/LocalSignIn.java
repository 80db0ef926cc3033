package io.enclavesuite.console.signin;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.auth.LocalSignInCodes;
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
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The sign-in of a machine without a Slack app: a person's own local sign-in code, {@code <user id>.<mac>}. The MAC is
 * derived from the machine's secret, a random value in a file only the machine's owner can read (as the read API's
 * local key is for {@code enclavectl token}); the owner hands each person theirs ({@code enclavectl console-code}). The
 * person signed in is the user id of a code whose MAC verifies, and nothing else the browser sends
 * ({@link LocalSignInCodes}). Wrong codes are throttled per claimed user id and address. It is offered only when
 * {@code enclave.console.local-sign-in.enabled} is set, never beside Sign in with Slack, and every page says so.
 */
public final class LocalSignIn {

    private static final Logger log = LoggerFactory.getLogger(LocalSignIn.class);

    private final LocalSignInCodes codes;
    private final Path file;
    private final SignInThrottle throttle;
    private final SecurityContextRepository contexts;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final RequestCache savedRequests;

    LocalSignIn(Path file, SecurityContextRepository contexts, RequestCache savedRequests, Clock clock) {
        this.file = file;
        this.codes = LocalSignInCodes.loadOrCreate(file);
        this.throttle = new SignInThrottle(clock);
        this.contexts = contexts;
        this.savedRequests = savedRequests;
        log.info("Console: local sign-in is on (the machine's secret in {}; a person's code, U….<mac>: enclavectl "
                + "console-code --user U…); it is off whenever Sign in with Slack is configured",
                file.toAbsolutePath());
    }

    static LocalSignIn of(ConsoleProperties.LocalSignIn settings, SecurityContextRepository contexts,
                          RequestCache savedRequests, Clock clock) {
        Path file = settings.codeFile() != null ? settings.codeFile()
                : Path.of(".enclave-data", "console", "local-sign-in-code");
        return new LocalSignIn(file, contexts, savedRequests, clock);
    }

    public Path file() {
        return file;
    }

    /** What a sign-in came to. */
    sealed interface Outcome {
        /** Signed in: go {@code next}. */
        record SignedIn(String next) implements Outcome {
        }

        /** Not the form of a code at all: nobody is claimed, nothing is checked. */
        record Malformed() implements Outcome {
        }

        /** A code for {@code claimed} whose MAC is not this machine's for that user id. */
        record WrongCode(String claimed) implements Outcome {
        }

        /** Too many wrong codes for {@code claimed} from this address: nothing checked until {@code until}. */
        record Paused(String claimed, Instant until) implements Outcome {
        }
    }

    /**
     * Signs in the person {@code offered} names when it is their own code; a new session id when it succeeds, so a
     * session planted before sign-in is worth nothing after. Logs the user id a refusal claimed, never the code.
     */
    Outcome signIn(String offered, HttpServletRequest request, HttpServletResponse response) {
        String address = request.getRemoteAddr();
        Optional<LocalSignInCodes.Claim> parsed = LocalSignInCodes.parse(offered);
        if (parsed.isEmpty()) {
            log.warn("Local sign-in from {} refused: not the form of a local sign-in code", address);
            return new Outcome.Malformed();
        }
        LocalSignInCodes.Claim claim = parsed.get();
        Optional<Instant> paused = throttle.attempt(claim.userId(), address);
        if (paused.isPresent()) {
            log.warn("Local sign-in as {} from {} refused: too many wrong codes, paused until {}", claim.userId(),
                    address, paused.get());
            return new Outcome.Paused(claim.userId(), paused.get());
        }
        if (!codes.isGenuine(claim)) {
            log.warn("Local sign-in as {} from {} refused: not that person's code", claim.userId(), address);
            return new Outcome.WrongCode(claim.userId());
        }
        // the MAC is this machine's for this user id: the code names the person, and only a verified code does
        UserId person = UserId.of(claim.userId());
        throttle.succeeded(person.value(), address);
        request.getSession(true);
        request.changeSessionId();
        var context = holder.createEmptyContext();
        context.setAuthentication(new LocalAuthentication(person));
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        SavedRequest saved = savedRequests.getRequest(request, response);
        savedRequests.removeRequest(request, response);
        return new Outcome.SignedIn(saved != null ? saved.getRedirectUrl() : "/feed");
    }

    /**
     * A person signed in with their own local sign-in code: what the session keeps of a local sign-in, their user id
     * and nothing else (never the code). Serialized into the session table, so its form is fixed by
     * {@code serialVersionUID}: a change to its fields signs everyone out once (an unreadable session is read as none).
     */
    public static final class LocalAuthentication extends AbstractAuthenticationToken {

        private static final long serialVersionUID = 1L;

        /**
         * The user id as a string ({@link UserId} is a value of the API, not made to be serialized), checked again on
         * the way out ({@link Person#of}): a session row is data, and a malformed id is no one.
         */
        private final String person;

        LocalAuthentication(UserId person) {
            super(AuthorityUtils.createAuthorityList("ROLE_PERSON"));
            this.person = person.value();
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return person;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LocalAuthentication local && super.equals(local) && person.equals(local.person);
        }

        @Override
        public int hashCode() {
            return 31 * super.hashCode() + person.hashCode();
        }
    }
}
