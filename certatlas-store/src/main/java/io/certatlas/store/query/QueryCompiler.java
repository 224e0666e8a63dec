package io.certatlas.store.query;

import io.certatlas.store.access.Scope;
import io.certatlas.store.renewal.RenewalSql;

import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.not;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.trueCondition;
import static org.jooq.impl.DSL.val;

import io.certatlas.qql.Criterion;
import io.certatlas.qql.Criterion.AnyOf;
import io.certatlas.qql.Criterion.Between;
import io.certatlas.qql.Criterion.Comparison;
import io.certatlas.qql.Criterion.Emptiness;
import io.certatlas.qql.Criterion.TextMatch;
import io.certatlas.qql.Level;
import io.certatlas.qql.QqlException;
import io.certatlas.qql.QqlToken;
import io.certatlas.qql.Query;
import io.certatlas.qql.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Compiles a query tree to one jOOQ condition, every written value a bind value. A condition on
 * an object below the current row (an asset, instance or vulnerability of the certificate) is an
 * EXISTS over the current instance_certificate links; a group puts all its conditions in one
 * EXISTS so they hold for the same object. One compiler per query: it numbers subquery aliases.
 */
final class QueryCompiler {

    /** What the condition is for: the same rows either way, in the form the planner serves best. */
    enum Purpose {
        /** Pages: read in sort order until full, so a condition that can be tested row by row wins. */
        PAGE,
        /** Counts: every matching row is read, so a condition that starts from the few rows that match wins. */
        COUNT
    }

    private final Instant now;
    private final Scope scope;
    private final Purpose purpose;
    private int aliases;
    private final List<TimeBound> timeBounds = new ArrayList<>();
    /** How many negations enclose what is being compiled. */
    private int negations;
    private boolean timeOpaque;

    QueryCompiler(Instant now) {
        this(now, Scope.everything());
    }

    /** A compiler whose conditions below a certificate only ever look at assets visible in {@code scope}. */
    QueryCompiler(Instant now, Scope scope) {
        this(now, scope, Purpose.PAGE);
    }

    QueryCompiler(Instant now, Scope scope, Purpose purpose) {
        this.now = now;
        this.scope = scope;
        this.purpose = purpose;
    }

    /**
     * The most subqueries one filter may compile to. PostgreSQL plans a conjunction of EXISTS as
     * semi-joins, and its planning time grows much faster than their number: on the demo
     * inventory, 16 conditions on one asset's tags took 0.26 s to answer, 24 took 0.95 s and 31
     * took 2.5 s; 64 ANDed asset groups took 2.8 s, 130 about 30 s and 400 nearly 7 minutes,
     * during which the connection serves no one. Real filters use a few.
     */
    static final int MAX_SUBQUERIES = 24;

    private int nextSubquery() {
        if (++aliases > MAX_SUBQUERIES) {
            throw QqlException.ofWholeFilter("the filter needs more than " + MAX_SUBQUERIES + " lookups of related"
                    + " objects, the limit (each asset:(...), instance:(...) or vulnerability:(...) group, each dotted"
                    + " condition such as asset.name or instance.port outside a group, and each condition on tags or"
                    + " interfaces counts once); put conditions on the same object into one group, use IN for"
                    + " alternatives, or split the question into several requests");
        }
        return aliases;
    }

    /**
     * A column of the top row compared with an instant derived from now ({@code now}, {@code
     * now-30d}, an expiry group's window). Asked at two instants, only rows whose column lies
     * between the two bounds can answer differently.
     */
    record TimeBound(Field<Instant> column, Instant at) {
    }

    /**
     * How what was compiled depends on now: not at all (no bounds), through {@code bounds} in the
     * order they were compiled, or in a way no bound describes ({@code opaque}: now inside a
     * subquery below the row, or inside an expression).
     */
    record TimeDependence(List<TimeBound> bounds, boolean opaque) {
        TimeDependence {
            bounds = List.copyOf(bounds);
        }
    }

    /** How the conditions compiled so far depend on now. */
    TimeDependence timeDependence() {
        return new TimeDependence(timeBounds, timeOpaque);
    }

    /** Notes that {@code column} of a row at {@code level} is compared with {@code at}, derived from now. */
    private Instant fromNow(Field<Instant> column, Level level, Instant at) {
        if (level == Level.CERTIFICATE) {
            timeBounds.add(new TimeBound(column, at));
        } else {
            timeOpaque = true;
        }
        return at;
    }

    /** The row a condition is evaluated against: its level and its table alias. */
    record Row(Level level, String alias) {
    }

    Condition compile(Query query, Row row) {
        return switch (query) {
            case Query.All all -> noCondition();
            case Query.And and -> DSL.and(and.operands().stream().map(q -> compile(q, row)).toList());
            case Query.Or or -> DSL.or(or.operands().stream().map(q -> compile(q, row)).toList());
            case Query.Not n -> not(negated(() -> compile(n.operand(), row)));
            case Query.Group group -> group.level() == row.level()
                    ? compile(group.inner(), row)
                    : ifServesGrades(row, group.level(), group.inner(),
                            below(row, group.level(), inner -> compile(group.inner(), inner)));
            case Query.Match match when servesTaggedAssetsOfTheLedger(match, row) -> tagOfServingAsset(row.alias(), match.criterion());
            case Query.Match match -> match.token().level() == row.level()
                    ? match(match.token(), match.criterion(), row.alias())
                    : ifServesGrades(row, match.token().level(), match,
                            below(row, match.token().level(), inner -> match(match.token(), match.criterion(), inner.alias())));
        };
    }

    /**
     * For a page, a condition on a certificate's instances that requires certain grades is first
     * tested on the grades of all its current instances, kept on its row and in the sort index
     * (V27): a page of instance.grade:F follows the links only of certificates that have an F
     * somewhere, instead of every certificate it walks past (14 ms warm for a scoped user's page,
     * against 5 ms). The grades are implied by {@code links}, so the rows are the same.
     *
     * <p>Written first: where PostgreSQL keeps an AND's order (in an expression, as the scoped
     * walk tests its candidates) the cheap test then decides most rows, and where it orders the
     * conditions itself (a WHERE) it puts the cheaper first anyway. As a CASE the order was
     * certain everywhere, but the manager's walk then found all 200,000 certificates with an F
     * before its first row (2.1 s a page). Not under a negation: {@code not (grades and links)}
     * cannot be planned as an anti-join, and the walk of {@code not instance.grade:F} then found
     * every F first too (745 ms, against 60 ms). Counts, which start from the few instances that
     * match, keep their plans.
     */
    private Condition ifServesGrades(Row row, Level level, Query instanceCondition, Condition links) {
        if (purpose != Purpose.PAGE || negations > 0 || row.level() != Level.CERTIFICATE || level != Level.INSTANCE) {
            return links;
        }
        return GradesRequired.of(instanceCondition)
                .map(grades -> condition("{0} && cast({1} as text[])", field(name(row.alias(), "instance_grades")),
                        val(grades.toArray(String[]::new))).and(links))
                .orElse(links);
    }

    /**
     * {@code asset.tags.name:X} on a certificate, alone (not grouped with other conditions on the
     * same asset), asked by someone who sees every asset: "an asset serving it now carries a tag
     * named X", which is exactly what the certificate_tag ledger (V4) holds. Counted there, it is
     * one index walk over the tag's certificates instead of every current link of every asset
     * carrying the tag (11.5 s against 0.57 s to count the 200,000 certificates of one tag in a
     * million). A scoped user's question must only be met by assets they see, which the ledger
     * does not tell; emptiness ("no tag") is about each asset, not the certificate's tags.
     */
    private boolean servesTaggedAssetsOfTheLedger(Query.Match match, Row row) {
        return row.level() == Level.CERTIFICATE && match.token() == QqlToken.ASSET_TAG_NAME
                && scope == Scope.everything() && !(match.criterion() instanceof Emptiness);
    }

    /**
     * The ledger's test. A page walks the sort order and tests each row, so the matching tags are
     * looked up once, before the walk, and each row is tested on the ledger's copy on the row,
     * the certificate's scope tags, which the sort index carries (V27): the first page of the
     * 200,000 certificates of one tag in a million reads 976 index pages and no row (1.6 ms),
     * against 3,900 pages probing the ledger for each row (3.2 ms), 40 ms through the links and
     * 52 ms with the tag's name matched on every row. (The planner cannot tell from the looked-up
     * ids how common the tag is, but the page of a rare tag is read from its matches, found by the
     * count form; see the reader's few-matches page.) A count joins the tags by name, so that it
     * can start from the tag's certificates.
     */
    private Condition tagOfServingAsset(String certificateAlias, Criterion criterion) {
        int n = nextSubquery();
        String t = "q" + n + "_t";
        Condition named = text(column(t, "name", String.class), criterion);
        if (purpose == Purpose.PAGE) {
            return holdsTag(field(name(certificateAlias, "scope_tags"), Long[].class), t, named);
        }
        String ct = "q" + n + "_ct";
        return exists(selectOne().from(table(name("certificate_tag")).as(ct))
                .join(table(name("tag")).as(t)).on(field(name(t, "id")).eq(field(name(ct, "tag_id"))))
                .where(field(name(ct, "certificate_id")).eq(field(name(certificateAlias, "id")))).and(named));
    }

    /** {@code tagIds} holds a tag that {@code named}, a condition on the tag table aliased {@code t}, selects. */
    private static Condition holdsTag(Field<Long[]> tagIds, String t, Condition named) {
        return condition("{0} && {1}", tagIds,
                DSL.array(DSL.select(field(name(t, "id"), Long.class)).from(table(name("tag")).as(t)).where(named)));
    }

    /** What {@code compiling} compiles, known to be under one more negation. */
    private Condition negated(Supplier<Condition> compiling) {
        negations++;
        try {
            return compiling.get();
        } finally {
            negations--;
        }
    }

    /** EXISTS over the objects of {@code level} reachable from {@code row}, holding {@code inner}. */
    private Condition below(Row row, Level level, Function<Row, Condition> inner) {
        int n = nextSubquery();
        String ic = "q" + n + "_ic";
        String hi = "q" + n + "_hi";
        String target = "q" + n + "_" + level.prefix().charAt(0);
        if (row.level() == Level.INSTANCE && level == Level.VULNERABILITY) {
            return exists(selectOne().from(table(name("finding")).as(target))
                    .where(field(name(target, "instance_id")).eq(field(name(row.alias(), "id"))))
                    .and(field(name(target, "status"), String.class).eq(inline("ACTIVE")))
                    .and(inner.apply(new Row(level, target))));
        }
        if (row.level() == Level.INSTANCE && level == Level.ASSET) {
            // The asset an instance belongs to (a list of instances is filtered on it).
            return exists(selectOne().from(table(name("asset")).as(target))
                    .where(field(name(target, "id")).eq(field(name(row.alias(), "asset_id"))))
                    .and(inner.apply(new Row(level, target))));
        }
        if (row.level() == Level.INSTANCE && level == Level.CERTIFICATE) {
            // The leaf certificate an instance serves now: the one a list of instances shows.
            return exists(selectOne().from(table(name("instance_certificate")).as(ic))
                    .join(table(name("certificate")).as(target)).on(field(name(target, "id")).eq(field(name(ic, "certificate_id"))))
                    .where(field(name(ic, "instance_id")).eq(field(name(row.alias(), "id"))))
                    .and(field(name(ic, "current"), Boolean.class).isTrue())
                    .and(field(name(ic, "chain_position"), Integer.class).eq(DSL.inline(0)))
                    .and(inner.apply(new Row(level, target))));
        }
        if (row.level() != Level.CERTIFICATE) {
            throw new IllegalStateException(level + " below " + row.level() + " is rejected by the parser");
        }
        if (level == Level.ASSET && purpose == Purpose.COUNT) {
            // The certificate_asset ledger (V4) holds a row for each asset with current links to
            // the certificate: one probe per asset instead of its instances and their links. A
            // count starts from the few assets that match and walks their certificates
            // (asset:(tags.name:Team-042 and operatingSystem:Ubuntu*) on a million: see BENCHMARKS.md).
            // The scope is tested on the asset row's own tags: probing asset_tag instead let the
            // planner hash every asset of the scope's tags first (105,000 for a user's three tags:
            // 129 ms for a team outside the scope, against 25 ms).
            String ca = "q" + n + "_ca";
            return exists(selectOne().from(table(name("certificate_asset")).as(ca))
                    .join(table(name("asset")).as(target)).on(field(name(target, "id")).eq(field(name(ca, "asset_id"))))
                    .where(field(name(ca, "certificate_id")).eq(field(name(row.alias(), "id"))))
                    .and(scope.assetVisible(target))
                    .and(inner.apply(new Row(level, target))));
        }
        var links = selectOne().from(table(name("instance_certificate")).as(ic))
                .join(table(name("host_instance")).as(hi)).on(field(name(hi, "id")).eq(field(name(ic, "instance_id"))));
        // The scope goes inside: a user's filter on assets, instances or findings must not be met
        // by one they cannot see (it would tell them it exists).
        Condition linked = field(name(ic, "certificate_id")).eq(field(name(row.alias(), "id")))
                .and(field(name(ic, "current"), Boolean.class).isTrue());
        Condition linkVisible = scope.assetIdVisible(hi + ".asset_id");
        return switch (level) {
            case INSTANCE -> exists(links.where(linked).and(linkVisible).and(inner.apply(new Row(level, hi))));
            case ASSET -> exists(links.join(table(name("asset")).as(target))
                    .on(field(name(target, "id")).eq(field(name(hi, "asset_id"))))
                    .where(linked).and(scope.assetVisible(target)).and(inner.apply(new Row(level, target))));
            case VULNERABILITY -> {
                // For a caller who sees every asset the instance row adds nothing: a finding names
                // its instance, as the link does (vulnerability.qid:38606, 200 probes fewer a page: 13 %).
                boolean everyAsset = scope == Scope.everything();
                var from = everyAsset ? selectOne().from(table(name("instance_certificate")).as(ic)) : links;
                Field<Object> instance = everyAsset ? field(name(ic, "instance_id")) : field(name(hi, "id"));
                yield exists(from.join(table(name("finding")).as(target))
                        .on(field(name(target, "instance_id")).eq(instance)
                                .and(field(name(target, "status"), String.class).eq(inline("ACTIVE"))))
                        .where(linked).and(linkVisible).and(inner.apply(new Row(level, target))));
            }
            case CERTIFICATE -> throw new IllegalStateException("a certificate is not below anything");
        };
    }

    // ------------------------------------------------------------------ one token

    private Condition match(QqlToken token, Criterion criterion, String alias) {
        return switch (token) {
            case ID, ASSET_ID, INSTANCE_ID -> number(column(alias, "id", Long.class), criterion, token);
            case CERTHASH -> certhash(column(alias, "certhash", String.class), criterion);
            case SERIAL_NUMBER -> serialNumber(column(alias, "serial_number", String.class), criterion);
            case SUBJECT_NAME -> subjectName(column(alias, "subject_name", String.class), criterion);
            case SUBJECT_ORGANIZATION -> text(column(alias, "subject_organization", String.class), criterion);
            case ISSUER_NAME -> text(column(alias, "issuer_name", String.class), criterion);
            case ISSUER_ORGANIZATION -> text(column(alias, "issuer_organization", String.class), criterion);
            case ISSUER_CATEGORY -> issuerCategory(alias, criterion, token);
            case KEY_SIZE -> number(column(alias, "key_size", Long.class), criterion, token);
            case PUBLIC_KEY_ALGORITHM -> keyword(column(alias, "public_key_algorithm", String.class), criterion);
            case SIGNATURE_ALGORITHM -> keyword(column(alias, "signature_algorithm", String.class), criterion);
            case SELF_SIGNED -> bool(column(alias, "self_signed", Boolean.class), criterion, token);
            case EXTENDED_VALIDATION -> bool(column(alias, "extended_validation", Boolean.class), criterion, token);
            case TYPE -> enumeration(column(alias, "type", String.class), criterion, token);
            case VALID_FROM -> date(instant(alias, "valid_from"), criterion, token);
            case VALID_TO -> date(instant(alias, "valid_to"), criterion, token);
            case EXPIRY_GROUP -> expiryGroup(instant(alias, "valid_to"), criterion, token);
            case LAST_FOUND -> date(instant(alias, "last_found"), criterion, token);
            case CREATED -> date(instant(alias, "created"), criterion, token);
            case UPDATED -> date(instant(alias, "updated"), criterion, token);
            case SOURCES -> enumArray(column(alias, "sources", String[].class), criterion, token);
            case SUBJECT_ALTERNATIVE_NAMES -> textArray(column(alias, "san_values", String[].class), criterion);
            case RENEWAL_RENEWED -> bool(condition(RenewalSql.renewed(alias)), criterion, token);
            case RENEWAL_STALE -> bool(condition(RenewalSql.stale(alias)), criterion, token);
            case RENEWAL_OVERDUE -> bool(condition(RenewalSql.overdue(alias, RenewalSql.DEFAULT_FRACTION, "{0}"), val(opaqueNow())), criterion, token);
            case RENEWAL_DUE -> date(field(RenewalSql.renewalPoint(alias, RenewalSql.DEFAULT_FRACTION), SQLDataType.INSTANT), criterion, token);
            case KEY_WEAKNESS -> enumArray(column(alias, "key_weaknesses", String[].class), criterion, token);
            case ASSET_NAME -> text(column(alias, "name", String.class), criterion);
            case ASSET_NETBIOS_NAME -> text(column(alias, "netbios_name", String.class), criterion);
            case ASSET_OPERATING_SYSTEM -> text(column(alias, "operating_system", String.class), criterion);
            case ASSET_WAS_URL -> text(column(alias, "was_url", String.class), criterion);
            case ASSET_PRIMARY_IP -> ip(column(alias, "primary_ip", Object.class), criterion, token);
            case ASSET_TAG_NAME -> tagName(alias, criterion);
            case ASSET_INTERFACE_HOSTNAME -> interfaces(alias, i -> text(column(i, "hostname", String.class), criterion),
                    criterion, i -> column(i, "hostname", String.class).ne(""));
            case ASSET_INTERFACE_ADDRESS -> interfaces(alias, i -> ip(column(i, "address", Object.class), criterion, token),
                    criterion, i -> column(i, "address", Object.class).isNotNull());
            case INSTANCE_PORT -> number(column(alias, "port", Long.class), criterion, token);
            case INSTANCE_GRADE -> enumeration(column(alias, "grade", String.class), criterion, token);
            case INSTANCE_SERVICE -> text(column(alias, "service", String.class), criterion);
            case INSTANCE_SSL_PROTOCOLS -> enumArray(column(alias, "ssl_protocols", String[].class), criterion, token);
            case INSTANCE_FQDN -> text(column(alias, "fqdn", String.class), criterion);
            case INSTANCE_PROTOCOL -> keyword(column(alias, "protocol", String.class), criterion);
            case VULNERABILITY_QID -> number(column(alias, "qid", Long.class), criterion, token);
            case VULNERABILITY_SEVERITY -> number(column(alias, "severity", Long.class), criterion, token);
            case VULNERABILITY_TITLE -> text(column(alias, "title", String.class), criterion);
        };
    }

    /** Applies {@code leaf} to each alternative of a list, or to the criterion itself. */
    private static Condition each(Criterion criterion, Function<Criterion, Condition> leaf) {
        if (criterion instanceof AnyOf any) {
            return DSL.or(any.alternatives().stream().map(c -> each(c, leaf)).toList());
        }
        return leaf.apply(criterion);
    }

    private static Condition text(Field<String> column, Criterion criterion) {
        return each(criterion, c -> switch (c) {
            case TextMatch t -> switch (t.mode()) {
                case EXACT -> column.eq(val(t.text()));
                case EQUALS_IGNORE_CASE, CONTAINS, WILDCARD -> column.likeIgnoreCase(TextPattern.of(t), '\\');
            };
            case Emptiness e -> e.empty() ? column.eq(inline("")) : column.ne(inline(""));
            default -> unexpected(c, "text");
        });
    }

    /** The characters of each subject name, from its end, that the B-tree of V26 holds. */
    private static final int INDEXED_ENDING = 256;

    /**
     * A subject name written as {@code *ending} (every host under a domain) is tested as "the
     * reversed, lowered name starts with the reversed, lowered ending", a range of the B-tree of
     * V26: 1,000 names of a million in about 1 ms, where the trigram index read and rechecked
     * every name sharing the ending's trigrams (11 ms). It is the ILIKE's own test, since in a
     * UTF-8 database ILIKE lowers both sides; the ILIKE is not added beside it, or the planner
     * intersects the trigram index's answer with the B-tree's. The ending is written into the
     * statement, not bound: the planner uses the B-tree for a LIKE only when it sees the prefix,
     * and a prepared statement's generic plan would not. The index holds each name's last
     * {@value #INDEXED_ENDING} characters (a longer entry may not fit a B-tree page); an ending
     * longer than that, or holding LIKE's own characters, is matched by the ILIKE.
     */
    private static Condition subjectName(Field<String> column, Criterion criterion) {
        return each(criterion, c -> {
            if (c instanceof TextMatch t && t.mode() == Criterion.TextMode.WILDCARD && t.text().startsWith("*")) {
                String ending = t.text().substring(1);
                if (!ending.isEmpty() && ending.length() <= INDEXED_ENDING
                        && ending.chars().noneMatch(ch -> ch == '*' || ch == '%' || ch == '_' || ch == '\\')) {
                    return DSL.condition("reverse(lower(right({0}, " + INDEXED_ENDING + "))) like (reverse(lower({1})) || '%')",
                            column, inline(ending));
                }
            }
            return text(column, c);
        });
    }

    /**
     * A keyword's whole value ignoring case is lower(column) = lower(value): the same test as ILIKE
     * without wildcards (in a UTF-8 database ILIKE lowers both sides), but one the B-trees on
     * lower(column) of V3 serve, in the default sort order too. Other modes are plain text matches.
     */
    private static Condition keyword(Field<String> column, Criterion criterion) {
        return each(criterion, c -> c instanceof TextMatch t && t.mode() == Criterion.TextMode.EQUALS_IGNORE_CASE
                ? DSL.lower(column).eq(DSL.lower(val(t.text())))
                : text(column, c));
    }

    /** Hashes are stored in lower case: a plain match is an equality the unique index serves. */
    private static Condition certhash(Field<String> column, Criterion criterion) {
        return each(criterion, c -> c instanceof TextMatch t && t.mode() == Criterion.TextMode.EQUALS_IGNORE_CASE
                ? column.eq(val(t.text().toLowerCase(Locale.ROOT)))
                : text(column, c));
    }

    /**
     * A serial number written as a whole value (plain or exact) is compared as a number in any of
     * its written forms ({@link SerialNumberForm}), through the lower(serial_number) index; a
     * pattern or substring loses its colons and case; anything not hex is matched as text.
     */
    private static Condition serialNumber(Field<String> column, Criterion criterion) {
        return each(criterion, c -> {
            if (c instanceof TextMatch t) {
                return switch (t.mode()) {
                    case EXACT, EQUALS_IGNORE_CASE -> SerialNumberForm.stored(t.text())
                            .map(stored -> DSL.lower(column).eq(val(stored)))
                            .orElseGet(() -> keyword(column, c));
                    case CONTAINS, WILDCARD -> text(column, new TextMatch(t.mode(), SerialNumberForm.pattern(t.text())));
                };
            }
            return keyword(column, c);
        });
    }

    /**
     * Certificate View's categories, {@code approved} and {@code unapproved}, come from the
     * managers' list of approved CAs (table approved_ca): a certificate that is not self-signed is
     * approved when its issuer is an approved CA or a CA below one (walked down the CA
     * certificates, a few rows, computed once per statement), or when its root is approved. The
     * list is read in the statement itself, so a page cached for one snapshot of the inventory
     * can never outlive a change of the list. The other values are stored on the row.
     */
    private static Condition issuerCategory(String alias, Criterion criterion, QqlToken token) {
        Field<String> category = column(alias, "issuer_category", String.class);
        return each(criterion, c -> {
            if (c instanceof Comparison cmp && cmp.value() instanceof Value.EnumValue e
                    && (e.canonical().equals("approved") || e.canonical().equals("unapproved"))) {
                Condition approvedChain = condition("coalesce({0} in (with recursive approved_below(certhash) as ("
                        + " select a.certhash from approved_ca a"
                        + " union select ca.certhash from certificate ca join approved_below b on ca.issuer_certhash = b.certhash"
                        + " where ca.is_ca) select certhash from approved_below)"
                        + " or {1} in (select a.certhash from approved_ca a), false)",
                        column(alias, "issuer_certhash", String.class), column(alias, "root_certhash", String.class));
                return category.ne(inline("Self-Signed"))
                        .and(e.canonical().equals("approved") ? approvedChain : not(approvedChain));
            }
            return enumeration(category, c, token);
        });
    }

    /** SAN values are stored lower case; whole-value matches use the GIN index on the array. */
    private static Condition textArray(Field<String[]> column, Criterion criterion) {
        return each(criterion, c -> switch (c) {
            case TextMatch t -> switch (t.mode()) {
                case EXACT -> condition("{0} @> cast(array[{1}] as text[])", column, val(t.text()));
                case EQUALS_IGNORE_CASE -> condition("{0} @> cast(array[{1}] as text[])", column, val(t.text().toLowerCase(Locale.ROOT)));
                case CONTAINS, WILDCARD -> condition("exists (select 1 from unnest({0}) as san(v) where san.v ilike {1} escape '\\')",
                        column, val(TextPattern.of(t)));
            };
            case Emptiness e -> e.empty() ? condition("cardinality({0}) = 0", column) : condition("cardinality({0}) > 0", column);
            default -> unexpected(c, "text list");
        });
    }

    private static Condition enumeration(Field<String> column, Criterion criterion, QqlToken token) {
        return each(criterion, c -> switch (c) {
            case Comparison cmp when cmp.value() instanceof Value.EnumValue e && cmp.operator() == Criterion.Operator.EQ ->
                    column.eq(val(e.canonical()));
            case Emptiness e -> e.empty() ? column.eq(inline("")) : column.ne(inline(""));
            default -> unexpected(c, token.tokenName());
        });
    }

    private static Condition enumArray(Field<String[]> column, Criterion criterion, QqlToken token) {
        return each(criterion, c -> switch (c) {
            case Comparison cmp when cmp.value() instanceof Value.EnumValue e && cmp.operator() == Criterion.Operator.EQ ->
                    condition("{0} @> cast(array[{1}] as text[])", column, val(e.canonical()));
            case Emptiness e -> e.empty() ? condition("cardinality({0}) = 0", column) : condition("cardinality({0}) > 0", column);
            default -> unexpected(c, token.tokenName());
        });
    }

    /** A boolean token whose value is a condition rather than a column: true is it, false its negation. */
    private static Condition bool(Condition holds, Criterion criterion, QqlToken token) {
        return each(criterion, c -> switch (c) {
            case Comparison cmp when cmp.value() instanceof Value.BooleanValue b -> b.bool() ? holds : not(holds);
            case Emptiness e -> e.empty() ? falseCondition() : trueCondition();
            default -> unexpected(c, token.tokenName());
        });
    }

    private static Condition bool(Field<Boolean> column, Criterion criterion, QqlToken token) {
        return each(criterion, c -> switch (c) {
            case Comparison cmp when cmp.value() instanceof Value.BooleanValue b -> column.eq(val(b.bool()));
            case Emptiness e -> e.empty() ? falseCondition() : trueCondition();
            default -> unexpected(c, token.tokenName());
        });
    }

    private static Condition number(Field<Long> column, Criterion criterion, QqlToken token) {
        return each(criterion, c -> switch (c) {
            case Comparison cmp when cmp.value() instanceof Value.NumberValue n -> switch (cmp.operator()) {
                case EQ -> column.eq(val(n.number()));
                case GT -> column.gt(val(n.number()));
                case GE -> column.ge(val(n.number()));
                case LT -> column.lt(val(n.number()));
                case LE -> column.le(val(n.number()));
            };
            case Between b when b.low() instanceof Value.NumberValue low && b.high() instanceof Value.NumberValue high ->
                    (b.lowInclusive() ? column.ge(val(low.number())) : column.gt(val(low.number())))
                            .and(b.highInclusive() ? column.le(val(high.number())) : column.lt(val(high.number())));
            case Emptiness e -> e.empty() ? falseCondition() : trueCondition();
            default -> unexpected(c, token.tokenName());
        });
    }

    /** A date names a span [start, end): a day, or one millisecond; see {@link Value.DateValue}. */
    private Condition date(Field<Instant> column, Criterion criterion, QqlToken token) {
        return each(criterion, c -> switch (c) {
            case Comparison cmp when cmp.value() instanceof Value.DateValue d -> {
                Value.Span span = resolve(d, column, token);
                yield switch (cmp.operator()) {
                    case EQ -> column.ge(val(span.start())).and(column.lt(val(span.end())));
                    case GT -> column.ge(val(span.end()));
                    case GE -> column.ge(val(span.start()));
                    case LT -> column.lt(val(span.start()));
                    case LE -> column.lt(val(span.end()));
                };
            }
            case Between b when b.low() instanceof Value.DateValue low && b.high() instanceof Value.DateValue high -> {
                Value.Span from = resolve(low, column, token);
                Value.Span to = resolve(high, column, token);
                yield column.ge(val(b.lowInclusive() ? from.start() : from.end()))
                        .and(column.lt(val(b.highInclusive() ? to.end() : to.start())));
            }
            case Emptiness e -> e.empty() ? falseCondition() : trueCondition();
            default -> unexpected(c, token.tokenName());
        });
    }

    /** A date's span at now; a date relative to now is a bound that moves with it. */
    private Value.Span resolve(Value.DateValue date, Field<Instant> column, QqlToken token) {
        Value.Span span = date.resolve(now);
        if (date instanceof Value.RelativeToNow) {
            fromNow(column, token.level(), span.start());
            fromNow(column, token.level(), span.end());
        }
        return span;
    }

    /** Now where it is used inside an expression rather than against a column. */
    private Instant opaqueNow() {
        timeOpaque = true;
        return now;
    }

    /** Expiry groups are windows from now, cumulative: "In 30 Days" includes "In 7 Days". */
    private Condition expiryGroup(Field<Instant> validTo, Criterion criterion, QqlToken token) {
        return each(criterion, c -> switch (c) {
            case Comparison cmp when cmp.value() instanceof Value.EnumValue e -> {
                Duration window = ExpiryWindow.of(e.canonical());
                Instant start = fromNow(validTo, token.level(), now);
                yield window.isZero()
                        ? validTo.lt(val(start))
                        : validTo.ge(val(start)).and(validTo.lt(val(fromNow(validTo, token.level(), now.plus(window)))));
            }
            // Empty: in no group at all, i.e. valid beyond the widest window.
            case Emptiness e -> {
                Instant widest = fromNow(validTo, token.level(), now.plus(ExpiryWindow.WIDEST));
                yield e.empty() ? validTo.ge(val(widest)) : validTo.lt(val(widest));
            }
            default -> unexpected(c, QqlToken.EXPIRY_GROUP.tokenName());
        });
    }

    private static Condition ip(Field<Object> column, Criterion criterion, QqlToken token) {
        return each(criterion, c -> switch (c) {
            case Comparison cmp when cmp.value() instanceof Value.IpValue ip -> switch (cmp.operator()) {
                case EQ -> ip.isBlock()
                        ? condition("{0} <<= cast({1} as inet)", column, val(ip.literal()))
                        : condition("{0} = cast({1} as inet)", column, val(ip.literal()));
                case GT -> condition("{0} > cast({1} as inet)", column, val(ip.literal()));
                case GE -> condition("{0} >= cast({1} as inet)", column, val(ip.literal()));
                case LT -> condition("{0} < cast({1} as inet)", column, val(ip.literal()));
                case LE -> condition("{0} <= cast({1} as inet)", column, val(ip.literal()));
            };
            case Between b when b.low() instanceof Value.IpValue low && b.high() instanceof Value.IpValue high ->
                    condition(b.lowInclusive() ? "{0} >= cast({1} as inet)" : "{0} > cast({1} as inet)", column, val(low.literal()))
                            .and(condition(b.highInclusive() ? "{0} <= cast({1} as inet)" : "{0} < cast({1} as inet)",
                                    column, val(high.literal())));
            case Emptiness e -> e.empty() ? column.isNull() : column.isNotNull();
            default -> unexpected(c, token.tokenName());
        });
    }

    /**
     * Tags and interfaces are lists of the asset: a match means "some tag / interface matches";
     * emptiness means "none / some with a value".
     */
    private Condition tagName(String assetAlias, Criterion criterion) {
        int n = nextSubquery();
        String at = "q" + n + "_at";
        String t = "q" + n + "_t";
        // A page walks its sort order, so its tags are a join: the planner then knows how many
        // assets carry the matching tags and can start from them when they are few (tried: an id
        // array hid that and turned a 20 ms grouped tag filter into a walk of the whole certificate
        // table). A count starts from the matching assets anyway, and there the ids looked up
        // first let one scan of V33's index test the tags and the operating system together.
        Function<Condition, Condition> someTag = purpose == Purpose.COUNT
                ? inner -> holdsTag(field(name(assetAlias, "tag_ids"), Long[].class), t, inner)
                : inner -> exists(selectOne().from(table(name("asset_tag")).as(at))
                        .join(table(name("tag")).as(t)).on(field(name(t, "id")).eq(field(name(at, "tag_id"))))
                        .where(field(name(at, "asset_id")).eq(field(name(assetAlias, "id"))))
                        .and(inner));
        if (criterion instanceof Emptiness e) {
            return e.empty() ? not(someTag.apply(column(t, "name", String.class).ne(""))) : someTag.apply(column(t, "name", String.class).ne(""));
        }
        return someTag.apply(text(column(t, "name", String.class), criterion));
    }

    private Condition interfaces(String assetAlias, Function<String, Condition> match, Criterion criterion,
                                 Function<String, Condition> hasValue) {
        int n = nextSubquery();
        String i = "q" + n + "_ai";
        Function<Condition, Condition> someInterface = inner -> exists(selectOne().from(table(name("asset_interface")).as(i))
                .where(field(name(i, "asset_id")).eq(field(name(assetAlias, "id"))))
                .and(inner));
        if (criterion instanceof Emptiness e) {
            return e.empty() ? not(someInterface.apply(hasValue.apply(i))) : someInterface.apply(hasValue.apply(i));
        }
        return someInterface.apply(match.apply(i));
    }

    private static <T> Field<T> column(String alias, String column, Class<T> type) {
        return field(name(alias, column), type);
    }

    private static Field<Instant> instant(String alias, String column) {
        return field(name(alias, column), SQLDataType.INSTANT);
    }

    private static Field<String> inline(String constant) {
        return DSL.inline(constant);
    }

    private static Condition unexpected(Criterion criterion, String what) {
        // The parser only builds criteria that fit the token's type; reaching this is a bug here.
        throw new IllegalStateException("criterion " + criterion + " does not apply to " + what);
    }
}
