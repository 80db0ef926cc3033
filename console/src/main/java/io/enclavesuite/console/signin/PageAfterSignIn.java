package io.enclavesuite.console.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.MediaType;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Set;

/**
 * The page a signed-out person asked for, so that signing in takes them there: kept in the session as its address
 * alone (path and query). Spring's own request cache keeps the whole request — every header and cookie, the locales —
 * and the session is a row in the database, so it keeps here only what the redirect needs. As in Spring's default,
 * only a page is remembered: a GET that is not a script's fetch (the live feed, its refresh, the "Why?" drawer), not
 * asking for JSON or an event stream.
 */
final class PageAfterSignIn implements RequestCache {

    static final String ATTRIBUTE = PageAfterSignIn.class.getName() + ".PAGE";

    /** Asked for by the page's script, never a page to land on. */
    private static final Set<String> FRAGMENTS = Set.of("/feed/items", "/feed/stream", "/why/drawer", "/favicon.ico");

    private static final RequestMatcher PAGES = new AndRequestMatcher(
            request -> "GET".equals(request.getMethod()),
            request -> !FRAGMENTS.contains(request.getServletPath()),
            new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest")),
            notAsking(MediaType.APPLICATION_JSON),
            notAsking(MediaType.TEXT_EVENT_STREAM));

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        if (PAGES.matches(request)) {
            request.getSession().setAttribute(ATTRIBUTE, new SimpleSavedRequest(UrlUtils.buildRequestUrl(request)));
        }
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE) instanceof SavedRequest page ? page : null;
    }

    /** Nothing to restore into the request: only GETs are kept, and the redirect asks for the page again. */
    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        return null;
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ATTRIBUTE);
        }
    }

    private static RequestMatcher notAsking(MediaType type) {
        MediaTypeRequestMatcher asking = new MediaTypeRequestMatcher(new HeaderContentNegotiationStrategy(), type);
        asking.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        asking.setUseEquals(true);
        return new NegatedRequestMatcher(asking);
    }
}
