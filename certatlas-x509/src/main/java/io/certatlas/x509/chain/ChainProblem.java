package io.certatlas.x509.chain;

import java.util.Objects;

/**
 * One thing wrong with a served chain. {@code position} is the certificate's place in the path the
 * judge built (0 = the leaf, counting up towards the root), or -1 when the problem concerns the
 * chain as a whole; {@code certificate} is that certificate's subject (RFC 4514), "" for -1.
 */
public record ChainProblem(Kind kind, int position, String certificate, String message) {

    /** What is wrong. The names are stable: reports and alert rules match on them. */
    public enum Kind {
        /** No trusted root was reached and the top certificate's issuer is unknown (not served, not trusted). */
        MISSING_INTERMEDIATE,
        /** An issuer of the right name was found but none of them signed the certificate. */
        UNKNOWN_ISSUER,
        /** The chain ends in a self-signed root that is not among the trust anchors. */
        UNTRUSTED_ROOT,
        /** The leaf signs itself. */
        SELF_SIGNED,
        EXPIRED,
        NOT_YET_VALID,
        /** The leaf does not name the expected host or address (RFC 6125; subject alternative names only). */
        NAME_MISMATCH,
        /** RSA under 2048 bits or not a multiple of 8, EC under 224 bits, DSA, or explicit curve parameters. */
        WEAK_KEY,
        /** MD2, MD4, MD5 or SHA-1 signature on a certificate other than the root. */
        WEAK_SIGNATURE,
        /** The signature does not verify with the issuer's key. */
        BAD_SIGNATURE,
        /** An issuing certificate is not a CA (basic constraints) or may not sign certificates (key usage). */
        NOT_A_CA,
        /** A CA's path length constraint is exceeded. */
        PATH_LENGTH_EXCEEDED,
        /** Key usage forbids what the certificate is used for. */
        KEY_USAGE,
        /** Extended key usage does not allow TLS server authentication. */
        EXTENDED_KEY_USAGE,
        /** A name in the certificate is outside what an issuer's name constraints allow. */
        NAME_CONSTRAINTS,
        /** A critical extension the judge does not understand. */
        UNKNOWN_CRITICAL_EXTENSION,
        /** Certificate policy processing failed. */
        POLICY,
        /** The certificate breaks an encoding or profile rule of RFC 5280 or the CA/Browser Forum. */
        PROFILE_VIOLATION,
        /** The certificate cannot be parsed. */
        MALFORMED,
        /** Building a path took more candidates than the judge allows (a hostile chain); it gave up. */
        TOO_COMPLEX,
        /** Validation failed for a reason the judge cannot name more precisely (see the message). */
        INVALID
    }

    public ChainProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(message, "message");
    }
}
