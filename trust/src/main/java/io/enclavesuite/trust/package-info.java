/**
 * Who is speaking on the suite's command topics. A <em>principal</em> is a service or an operator tool holding an
 * Ed25519 key; it signs each command envelope it publishes with a detached JWS (RFC 7515 appendix F, EdDSA per
 * RFC 8037) over the record value's exact bytes, carried in the {@link io.enclavesuite.trust.EnvelopeSignature#HEADER}
 * record header. The {@link io.enclavesuite.trust.PrincipalRegistry} says which keys belong to which principal, which
 * commands each may send and for whom it may act; the intake checks all of it before it reads the payload.
 */
package io.enclavesuite.trust;
