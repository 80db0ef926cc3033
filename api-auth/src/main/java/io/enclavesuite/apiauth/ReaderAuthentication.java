package io.enclavesuite.apiauth;

import io.enclavesuite.api.enclave.UserId;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

import java.util.List;
import java.util.Map;

/**
 * A caller authenticated by a bearer JWT, whose principal is the person the token names in {@code sub}: what the
 * controllers take as {@code @AuthenticationPrincipal UserId reader}. The API has no roles — what a person may see
 * is decided per enclave and room by the same rules as the write side — so there are no authorities.
 */
public final class ReaderAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    private ReaderAuthentication(Jwt token, UserId reader) {
        super(token, reader, token, List.of());
        setAuthenticated(true);
    }

    /**
     * @throws InvalidBearerTokenException when {@code sub} is not a user id: a valid token for someone the API cannot
     *                                     filter for is refused like a bad token (401), never answered unfiltered
     */
    public static ReaderAuthentication of(Jwt token) {
        String subject = token.getSubject();
        if (subject == null) {
            throw new InvalidBearerTokenException("the token names no one: it has no sub claim");
        }
        return UserId.ifUser(subject).map(reader -> new ReaderAuthentication(token, reader))
                .orElseThrow(() -> new InvalidBearerTokenException("the token's sub '" + shown(subject)
                        + "' is not a Slack user id (U or W, then 2 to 30 upper-case letters or digits)"));
    }

    /**
     * The subject as RFC 6750 lets an error description carry it (printable ASCII without {@code "} and {@code \}),
     * cut short: Spring drops a description with anything else for a bare "Invalid token".
     */
    private static String shown(String subject) {
        String cut = subject.length() > 64 ? subject.substring(0, 64) + "..." : subject;
        return cut.codePoints().map(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    public UserId reader() {
        return (UserId) getPrincipal();
    }

    @Override
    public String getName() {
        return reader().value();
    }

    @Override
    public Map<String, Object> getTokenAttributes() {
        return getToken().getClaims();
    }
}
