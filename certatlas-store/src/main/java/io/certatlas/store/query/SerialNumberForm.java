package io.certatlas.store.query;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A serial number as people write it, brought to the form the store keeps (lower-case hex of the
 * number's bytes, no colons, no sign-only leading {@code 00}: see {@code CertificateAnalyzer}).
 * Certificate View, openssl, browsers and Windows each write the same number differently:
 * {@code 00:A1:B2}, {@code a1b2}, {@code A1 B2}, {@code 0xa1b2}; all of them find the certificate.
 */
final class SerialNumberForm {

    private static final Pattern SEPARATORS = Pattern.compile("[:\\s-]");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private SerialNumberForm() {
    }

    /** The stored form of {@code written}, when it is a hex number at all (else it is matched as text). */
    static Optional<String> stored(String written) {
        String hex = SEPARATORS.matcher(written.strip().toLowerCase(Locale.ROOT)).replaceAll("");
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || !HEX.matcher(hex).matches()) {
            return Optional.empty();
        }
        int first = 0;
        while (first < hex.length() - 1 && hex.charAt(first) == '0') {
            first++;
        }
        String digits = hex.substring(first);
        return Optional.of(digits.length() % 2 == 0 ? digits : "0" + digits);
    }

    /** A pattern's text without the separators, in lower case: {@code *A1:B2*} finds {@code 00a1b2c3}. */
    static String pattern(String written) {
        return SEPARATORS.matcher(written.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
