package io.enclavesuite.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A service of the suite that authenticates people itself (the Slack gateway checks Slack's request signature, the
 * console signs people in) and asks the read side and the write services' {@code /internal} endpoints on their
 * behalf: an issuer of its own, {@code enclave-suite:<service>}, with an ES256 key only it holds. The read side
 * trusts it with the public half alone ({@link #writePublicKey}), so a leaked public key mints nothing, and one
 * service's key cannot speak as another's issuer.
 * <p>
 * Tokens name the person ({@code sub}), this API ({@code aud} = {@value #AUDIENCE}), the issuer, when they were made
 * and end ({@code iat}, {@code exp}), an id ({@code jti}) and the service that minted them ({@code azp}). Key files
 * are those of the local issuer: PKCS#8 PEM, generated owner-only when missing; the public half SubjectPublicKeyInfo
 * PEM ({@code openssl pkey -pubout}).
 */
public final class ServiceTokenIssuer {

    public static final String ISSUER_PREFIX = "enclave-suite:";
    public static final String AUDIENCE = LocalTokenIssuer.AUDIENCE;
    public static final JWSAlgorithm ALGORITHM = Es256Keys.ALGORITHM;
    /** The claim naming the service that minted a token (OpenID Connect's "authorized party"). */
    public static final String SERVICE_CLAIM = "azp";

    private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final String service;
    private final ECKey key;

    private ServiceTokenIssuer(String service, ECKey key) {
        this.service = service;
        this.key = key;
    }

    /** Reads the service's private key at {@code privateKeyFile}, or generates it there when there is none yet. */
    public static ServiceTokenIssuer loadOrCreate(String service, Path privateKeyFile) {
        return new ServiceTokenIssuer(requireService(service),
                Es256Keys.loadOrCreate(privateKeyFile, service + " token key"));
    }

    /** A new key in memory only: for tests. */
    public static ServiceTokenIssuer generate(String service) {
        return new ServiceTokenIssuer(requireService(service), Es256Keys.generate());
    }

    /** {@code enclave-suite:<service>}: the {@code iss} of the service's tokens. */
    public static String issuerOf(String service) {
        return ISSUER_PREFIX + requireService(service);
    }

    /**
     * @throws IllegalArgumentException when {@code service} is not a name the suite gives a service (lower-case
     *                                  letters, digits and hyphens, starting with a letter, up to 63 characters)
     */
    public static String requireService(String service) {
        if (service == null || !SERVICE.matcher(service).matches()) {
            throw new IllegalArgumentException("'" + service + "' is not a service name: lower-case letters, digits "
                    + "and '-', starting with a letter, at most 63 characters (e.g. slack-gateway)");
        }
        return service;
    }

    /**
     * The public half of a service's token key, as {@link #writePublicKey} wrote it: what the read side verifies that
     * service's tokens with.
     *
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException with the file and the reason, when it holds no EC P-256 public key
     */
    public static ECKey readPublicKey(Path publicKeyFile) {
        return Es256Keys.readPublic(publicKeyFile);
    }

    /**
     * Writes the public half of the key at {@code privateKeyFile} (made when missing) to {@code publicKeyFile}: what an
     * operator hands the read side, which never sees the private key.
     */
    public static void writePublicKey(String service, Path privateKeyFile, Path publicKeyFile) {
        loadOrCreate(service, privateKeyFile).writePublicKey(publicKeyFile);
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return ISSUER_PREFIX + service;
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The public half as a JWK. */
    public ECKey verificationKey() {
        return key.toPublicJWK();
    }

    /** The public half as PEM (SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes it. */
    public String publicKeyPem() {
        return Es256Keys.publicPem(key);
    }

    /** Writes {@link #publicKeyPem()} to {@code file}, replacing what is there in one move. */
    public void writePublicKey(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".pub", ".pem");
            try {
                Files.writeString(temporary, publicKeyPem(), StandardCharsets.US_ASCII);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + service + " token key's public half to " + file, e);
        }
    }

    /** A token for {@code user}, valid from now for {@code validFor}. */
    public String mint(String user, Duration validFor) {
        return mint(user, Instant.now(), validFor);
    }

    /** A token for {@code user}, valid from {@code issuedAt} for {@code validFor}. */
    public String mint(String user, Instant issuedAt, Duration validFor) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a token names a person: the user is missing");
        }
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("a token must be valid for some time, not " + validFor);
        }
        return sign(new JWTClaimsSet.Builder().issuer(issuer()).audience(AUDIENCE).subject(user)
                .claim(SERVICE_CLAIM, service).issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(validFor))).jwtID(UUID.randomUUID().toString()).build());
    }

    /** Any claims, signed with this key: for tests of what the API refuses. */
    public String sign(JWTClaimsSet claims) {
        return Es256Keys.sign(key, claims);
    }
}
