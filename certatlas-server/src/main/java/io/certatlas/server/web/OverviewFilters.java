package io.certatlas.server.web;

import java.time.Instant;

/**
 * The QQL filter behind each figure of the overview: the page links every number and bar to
 * the certificate list under exactly this filter, so the list shows what was counted. They say
 * in the query language what {@code OverviewReader} says in SQL, and the browser test checks
 * that each pair agrees.
 */
final class OverviewFilters {

    static final String ALL = "";
    static final String EXPIRED = "expiryGroup:Expired";
    static final String WEAK_KEYS = "(publicKeyAlgorithm:RSA and keySize<2048) or (publicKeyAlgorithm:DSA and keySize<2048)"
            + " or (publicKeyAlgorithm:EC and keySize<256)";
    static final String SELF_SIGNED = "selfSigned:true";
    static final String SHA1 = "signatureAlgorithm:SHA1*";

    private OverviewFilters() {
    }

    static String expiringWithin(int days) {
        return "expiryGroup:In " + days + " Days";
    }

    /** Certificates served on an endpoint with this grade. */
    static String grade(String grade) {
        return "instance.grade:" + quoted(grade);
    }

    static String validTo(Instant start, Instant end) {
        return "validToDate:[" + start + " .. " + end + ")";
    }

    static String issuer(String name) {
        return "issuer.name:" + quoted(name);
    }

    static String key(String algorithm, int size) {
        return "publicKeyAlgorithm:" + quoted(algorithm) + " and keySize=" + size;
    }

    /**
     * An exact value: backticks, or double quotes when the value holds a backtick (a value
     * holding both is a name no CA uses; its quotes are dropped, which widens the match).
     */
    private static String quoted(String value) {
        if (!value.contains("`")) {
            return "`" + value + "`";
        }
        return "\"" + value.replace("\"", "") + "\"";
    }
}
