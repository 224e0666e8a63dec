package io.certatlas.store.access;

import io.certatlas.store.access.AccessException.Kind;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rule for the name of anything the API addresses in a path by its name or its uuid (a tag,
 * an alert rule or receiver, a scan schedule: {@code /api/v1/alerts/rules/{name}}): 1 to 200
 * letters, digits, spaces and {@code . _ - @ : , + ( ) &}, not only dots, and not a uuid. Every
 * other character is refused because a client cannot put it in a path that reaches the object:
 * {@code /} and {@code \} split or break the path, {@code %} and {@code ;} are refused encoded or
 * not, {@code .} and {@code ..} are taken away by path normalisation, and a uuid names another
 * object in the same place.
 */
public final class ApiName {

    public static final String ALLOWED = "letters, digits, spaces and . _ - @ : , + ( ) &";

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._\\-@:,+()&]{1,200}");
    private static final Pattern ONLY_DOTS = Pattern.compile("\\.+");

    private ApiName() {
    }

    /**
     * The name, without surrounding spaces, when it follows the rule.
     *
     * @param field the request field it came in, as the API spells it
     * @param kind  what it names, for the message ("a tag", "an alert rule")
     * @throws AccessException INVALID naming the field, saying which characters are allowed
     */
    public static String check(String field, String kind, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            throw invalid(field, "the name of " + kind + " must be 1 to 200 characters, was '" + trimmed + "'");
        }
        if (!NAME.matcher(trimmed).matches()) {
            throw invalid(field, "the name of " + kind + " may hold only " + ALLOWED + ", so that it can stand in the"
                    + " API's paths; was '" + trimmed + "' (write e.g. 'Team-Payments')");
        }
        if (ONLY_DOTS.matcher(trimmed).matches()) {
            throw invalid(field, "the name of " + kind + " may not be only dots, which a path reads as the folder itself"
                    + " or its parent; was '" + trimmed + "'");
        }
        if (isUuid(trimmed)) {
            // The API takes a name or a uuid in the same place: a name that reads as a uuid would
            // stand for another object there (and a delete would remove that one).
            throw invalid(field, "the name of " + kind + " may not be a uuid, which the API reads as another one's id;"
                    + " was '" + trimmed + "' (write e.g. 'Team-Payments')");
        }
        return trimmed;
    }

    /** Whether a name that is already checked by a narrower rule (a username) is still one a path can hold. */
    static boolean isOnlyDots(String name) {
        return ONLY_DOTS.matcher(name).matches();
    }

    private static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static AccessException invalid(String field, String message) {
        return new AccessException(Kind.INVALID, Optional.of(field), message);
    }
}
