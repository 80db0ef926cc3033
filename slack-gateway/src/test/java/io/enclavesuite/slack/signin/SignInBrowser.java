package io.enclavesuite.slack.signin;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's steps through Sign in with Slack, one request at a time (no redirect is followed by itself, so each is
 * looked at), with the sign-in's cookie held by hand: the test decides what the browser sends back. The gateway's
 * public URL, as Slack and the links name it, is reached on the test's local port.
 */
final class SignInBrowser {

    /** Where a step landed: the authorize URL at Slack, and the cookie the gateway set for this sign-in. */
    record Started(HttpResponse<String> response, URI authorize, String setCookie, String cookieName,
                   String cookieValue) {

        String cookie() {
            return cookieName + "=" + cookieValue;
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String publicUrl;
    private final int port;

    SignInBrowser(String publicUrl, int port) {
        this.publicUrl = publicUrl;
        this.port = port;
    }

    /** A join prompt's link for this invitation. */
    String link(String invitation) {
        return publicUrl + SignInController.START + "?state=" + URLEncoder.encode(invitation, StandardCharsets.UTF_8);
    }

    /** The browser follows a join prompt's link: off to Slack, with the sign-in's cookie. */
    Started start(String link) throws Exception {
        HttpResponse<String> response = get(link, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        String setCookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("__Host-"))
                .findFirst().orElseThrow();
        String pair = setCookie.split(";")[0];
        return new Started(response, URI.create(response.headers().firstValue("Location").orElseThrow()), setCookie,
                pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }

    /** The person approves at Slack, which sends the browser back to the redirect URI it was given. */
    URI slackApproves(Started started) throws Exception {
        HttpResponse<String> back = get(started.authorize().toString(), null);
        assertThat(back.statusCode()).isEqualTo(302);
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        assertThat(callback.toString()).startsWith(publicUrl + SignInController.CALLBACK + "?");
        return callback;
    }

    /** Back at the gateway, with this cookie (or none). */
    HttpResponse<String> callback(URI back, String cookie) throws Exception {
        return get(back.toString(), cookie);
    }

    /** A GET as the browser sends it; the gateway's public URL is the local port. */
    HttpResponse<String> get(String url, String cookie) throws Exception {
        String local = url.startsWith(publicUrl) ? "http://127.0.0.1:" + port + url.substring(publicUrl.length()) : url;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(local)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }
}
