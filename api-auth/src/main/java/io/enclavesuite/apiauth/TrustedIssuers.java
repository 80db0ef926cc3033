package io.enclavesuite.apiauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTParser;
import io.enclavesuite.auth.LocalTokenIssuer;
import io.enclavesuite.auth.ServiceTokenIssuer;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;

import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The issuers whose bearer tokens the suite accepts, each with its own keys: the local issuer or the real identity
 * provider ({@link BearerTokens#decoder}), and beside either the suite's own services that sign people in themselves
 * ({@code enclave.api.auth.service-issuers}, {@link ServiceTokenIssuer}). A token is routed by its {@code iss} to
 * that issuer's check alone (Spring Security's {@link JwtIssuerAuthenticationManagerResolver}), so the name in
 * {@code iss} only chooses which key must have signed it: the console's key cannot speak as the Slack gateway.
 */
public final class TrustedIssuers {

    private static final Logger log = LoggerFactory.getLogger(TrustedIssuers.class);
    static final String UNTRUSTED = "the token's issuer (iss) is not one this API trusts";

    /** Issuer ({@code iss}) → the check of its tokens. */
    private final Map<String, JwtDecoder> decoders;
    private final Map<String, AuthenticationManager> managers = new LinkedHashMap<>();

    private TrustedIssuers(Map<String, JwtDecoder> decoders) {
        this.decoders = Collections.unmodifiableMap(new LinkedHashMap<>(decoders));
        this.decoders.forEach((issuer, decoder) -> {
            JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
            provider.setJwtAuthenticationConverter(ReaderAuthentication::of);
            managers.put(issuer, new ProviderManager(provider));
        });
    }

    /**
     * The configured issuers; a service issuer's public key file is read now, so a missing or wrong one fails the
     * start naming it.
     *
     * @throws IllegalArgumentException when a key file holds no P-256 public key, or two issuers share a key
     */
    public static TrustedIssuers of(ApiAuthProperties auth) {
        Map<String, JwtDecoder> decoders = new LinkedHashMap<>();
        decoders.put(auth.localIssuer() ? LocalTokenIssuer.ISSUER : auth.issuerUri(), BearerTokens.decoder(auth));
        Map<String, String> keyOwners = new LinkedHashMap<>();
        if (auth.localIssuer()) { // made by the decoder if it was missing
            keyOwners.put(thumbprint(LocalTokenIssuer.read(auth.localKeyFile()).verificationKey()),
                    "the local issuer (enclave.api.auth.local-key-file)");
        }
        auth.serviceIssuers().forEach((service, file) -> {
            ECKey key = ServiceTokenIssuer.readPublicKey(file);
            String owner = keyOwners.putIfAbsent(thumbprint(key), "service issuer " + service);
            if (owner != null) {
                throw new IllegalArgumentException("enclave.api.auth.service-issuers." + service + " (" + file
                        + ") holds the same key as " + owner + ": each issuer signs with a key of its own");
            }
            decoders.put(ServiceTokenIssuer.issuerOf(service), BearerTokens.serviceDecoder(service, key));
            log.info("API tokens: also the service issuer '{}', key {} from {}", ServiceTokenIssuer.issuerOf(service),
                    key.getKeyID(), file.toAbsolutePath());
        });
        return new TrustedIssuers(decoders);
    }

    /** The {@code iss} values accepted, in the order: the local issuer or the provider, then the services. */
    public Set<String> issuers() {
        return decoders.keySet();
    }

    /**
     * Checks {@code token} exactly as a request's bearer token is checked: by the decoder of the issuer its
     * {@code iss} names.
     *
     * @throws BadJwtException when the token is not a JWT or names no trusted issuer; what the issuer's decoder throws
     */
    public Jwt decode(String token) {
        String issuer;
        try {
            issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new BadJwtException("not a JWT: " + e.getMessage(), e);
        }
        JwtDecoder decoder = issuer == null ? null : decoders.get(issuer);
        if (decoder == null) {
            throw new BadJwtException(UNTRUSTED);
        }
        return decoder.decode(token);
    }

    /** For the resource server: the authentication of each trusted issuer, picked by the token's {@code iss}. */
    AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver() {
        AuthenticationManager untrusted = authentication -> {
            throw new InvalidBearerTokenException(UNTRUSTED);
        };
        return new JwtIssuerAuthenticationManagerResolver(issuer -> managers.getOrDefault(issuer, untrusted));
    }

    private static String thumbprint(ECKey key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute a key's thumbprint", e);
        }
    }
}
