package io.certatlas.store.query;

import java.time.Duration;

/** The window of each expiryGroup value; zero means "Expired" (valid_to before now). */
final class ExpiryWindow {

    /** The widest group: a certificate valid beyond it is in no group. */
    static final Duration WIDEST = Duration.ofDays(180);

    private ExpiryWindow() {
    }

    static Duration of(String group) {
        if (group.equals("Expired")) {
            return Duration.ZERO;
        }
        // "In N Days": the catalogue holds only well-formed values.
        return Duration.ofDays(Long.parseLong(group.replaceAll("\\D", "")));
    }
}
