package io.certatlas.store.issuers;

import io.certatlas.store.access.AccessException;
import io.certatlas.store.access.AccessException.Kind;
import io.certatlas.store.access.Scope;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The managers' list of approved issuing CAs, which decides Certificate View's issuerCategory
 * {@code approved} / {@code unapproved} (see the query compiler). Every change is a committed
 * write, so a page of certificates cached before it is never answered after it.
 */
public final class ApprovedCas {

    private static final String SELECT = """
            select c.certhash, c.subject_name, c.subject_organization, c.subject_dn, c.type, c.valid_to,
                   a.approved_by, a.approved
            from approved_ca a join certificate c on c.certhash = a.certhash
            """;

    private final DSLContext db;

    public ApprovedCas(DSLContext db) {
        this.db = db;
    }

    /** The approved CAs whose certificate {@code scope} may see, by subject name. */
    public List<ApprovedCa> list(Scope scope) {
        return db.resultQuery(SELECT + " where {0} order by lower(c.subject_name), c.certhash",
                scope.certificateVisible("c")).fetch().map(ApprovedCas::toApproved);
    }

    /**
     * Approves the CA certificate {@code written} (a certhash in any usual form: upper case,
     * colons as {@code openssl x509 -fingerprint -sha256} prints them). Approving it again changes
     * nothing. The certificate must be in the inventory and be a CA.
     */
    public ApprovedCa approve(String written, String approvedBy) {
        String certhash = certhash(written);
        Record ca = db.resultQuery("select is_ca, subject_name, issuer_certhash from certificate where certhash = ?", certhash)
                .fetchOptional()
                .orElseThrow(() -> new AccessException(Kind.NOT_FOUND, "no certificate " + certhash + " in the inventory:"
                        + " import the CA certificate first (./certatlas import ca.pem), then approve it"));
        if (!Boolean.TRUE.equals(ca.get("is_ca", Boolean.class))) {
            String issuer = ca.get("issuer_certhash", String.class);
            throw new AccessException(Kind.INVALID, "certificate " + certhash + " (" + ca.get("subject_name", String.class)
                    + ") is not a CA certificate: approve the CA that issued it"
                    + (issuer == null ? "" : " (" + issuer.strip() + ")"));
        }
        db.execute("insert into approved_ca (certhash, approved_by) values (?, ?) on conflict (certhash) do nothing",
                certhash, approvedBy);
        return find(certhash).orElseThrow();
    }

    /** Takes a CA off the list; false when it was not on it. */
    public boolean remove(String written) {
        return db.execute("delete from approved_ca where certhash = ?", certhash(written)) > 0;
    }

    public Optional<ApprovedCa> find(String written) {
        return db.resultQuery(SELECT + " where a.certhash = ?", certhash(written)).fetchOptional().map(ApprovedCas::toApproved);
    }

    /** A certhash as stored: 64 lower-case hex digits; colons, spaces and case as people write them are accepted. */
    static String certhash(String written) {
        String hex = written == null ? "" : written.strip().replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new AccessException(Kind.INVALID, "'" + (written == null ? "" : written.strip())
                    + "' is not a certhash: give the SHA-256 of the CA certificate, 64 hex digits"
                    + " (colons allowed, as openssl x509 -noout -fingerprint -sha256 prints it)");
        }
        return hex;
    }

    private static ApprovedCa toApproved(Record r) {
        return new ApprovedCa(r.get("certhash", String.class).strip(), r.get("subject_name", String.class),
                r.get("subject_organization", String.class), r.get("subject_dn", String.class), r.get("type", String.class),
                r.get("valid_to", OffsetDateTime.class).toInstant(), r.get("approved_by", String.class),
                r.get("approved", OffsetDateTime.class).toInstant());
    }
}
