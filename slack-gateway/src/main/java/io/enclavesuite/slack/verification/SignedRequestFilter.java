package io.enclavesuite.slack.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The door of every Slack endpoint: a request whose signature does not check out gets a 401 problem response and
 * goes no further, so nothing it says can become a command. Bolt checks the signature again behind this filter;
 * this one is stricter (constant-time comparison, timestamps refused in both directions) and answers in
 * problem+json. The body is read once, bounded, and handed on unchanged.
 */
public final class SignedRequestFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SignedRequestFilter.class);
    /** Slack's payloads are a few kilobytes; a view submission with many blocks stays well under this. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final SlackRequestVerifier verifier;
    private final io.enclavesuite.slack.GatewayMetrics metrics;
    private final ObjectMapper json = new ObjectMapper();

    public SignedRequestFilter(SlackRequestVerifier verifier, io.enclavesuite.slack.GatewayMetrics metrics) {
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            metrics.request(false, "TOO_LARGE");
            problem(response, 413, "Request too large", "a Slack request is at most " + MAX_BODY_BYTES + " bytes");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            metrics.request(false, "TOO_LARGE");
            problem(response, 413, "Request too large", "a Slack request is at most " + MAX_BODY_BYTES + " bytes");
            return;
        }
        Verification verification = verifier.verify(request.getHeader(SlackRequestVerifier.TIMESTAMP_HEADER),
                request.getHeader(SlackRequestVerifier.SIGNATURE_HEADER), body);
        if (verification instanceof Verification.Rejected rejected) {
            metrics.request(false, rejected.reason().name());
            log.warn("Refused a request to {} from {}: {}", request.getRequestURI(), request.getRemoteAddr(),
                    rejected.message());
            // The reason is for the log: the caller learns only that the request was not accepted as Slack's.
            problem(response, 401, "Not a verified Slack request",
                    "the request's Slack signature or timestamp did not check out");
            return;
        }
        metrics.request(true, "none");
        chain.doFilter(new RereadableRequest(request, body), response);
    }

    private void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }

    /** The request with its body already read, so the servlet behind reads the same bytes again. */
    private static final class RereadableRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        RereadableRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory: read it synchronously");
                }

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
