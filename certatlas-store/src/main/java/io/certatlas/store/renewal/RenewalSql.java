package io.certatlas.store.renewal;

/**
 * The renewal states as SQL over a {@code certificate} row alias, shared by the query language
 * and the alert conditions so that "overdue" means the same thing in a filter and in an alert.
 */
public final class RenewalSql {

    /** The default renewal point: two thirds of the lifetime (a 47-day certificate after ~31 days). */
    public static final double DEFAULT_FRACTION = 2.0 / 3.0;

    private RenewalSql() {
    }

    /** The instant at {@code fraction} of the certificate's lifetime. */
    public static String renewalPoint(String alias, double fraction) {
        return "(" + alias + ".valid_from + (" + alias + ".valid_to - " + alias + ".valid_from) * " + fraction(fraction) + ")";
    }

    /** A leaf still served on some endpoint past its renewal point; {@code nowParameter} is SQL for now. */
    public static String overdue(String alias, double fraction, String nowParameter) {
        return "(" + alias + ".type = 'Leaf' and " + alias + ".instance_count > 0 and "
                + renewalPoint(alias, fraction) + " <= " + nowParameter + ")";
    }

    /** Still served somewhere although a successor for the same names was seen served. */
    public static String stale(String alias) {
        return "(" + alias + ".instance_count > 0 and exists (select 1 from certificate_renewal r_s where r_s.certificate_id = "
                + alias + ".id))";
    }

    /** An endpoint that served it serves a successor now. */
    public static String renewed(String alias) {
        return "exists (select 1 from certificate_renewal r_r where r_r.certificate_id = " + alias
                + ".id and r_r.renewed is not null)";
    }

    private static String fraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the renewal point must be a fraction of the lifetime above 0 and at most 1, was " + fraction);
        }
        return Double.toString(fraction);
    }
}
