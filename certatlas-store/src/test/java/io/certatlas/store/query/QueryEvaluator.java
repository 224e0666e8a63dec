package io.certatlas.store.query;

import io.certatlas.qql.Criterion;
import io.certatlas.qql.Criterion.AnyOf;
import io.certatlas.qql.Criterion.Between;
import io.certatlas.qql.Criterion.Comparison;
import io.certatlas.qql.Criterion.Emptiness;
import io.certatlas.qql.Criterion.TextMatch;
import io.certatlas.qql.Level;
import io.certatlas.qql.QqlToken;
import io.certatlas.qql.Query;
import io.certatlas.qql.Value;
import io.certatlas.store.query.QueryFixture.Asset;
import io.certatlas.store.query.QueryFixture.Cert;
import io.certatlas.store.query.QueryFixture.Finding;
import io.certatlas.store.query.QueryFixture.Instance;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An in-memory reading of a query tree over {@link QueryFixture}, written from the language's
 * documented meaning and sharing no code with the SQL compiler, so that disagreement between the
 * two points at a bug in one of them.
 */
final class QueryEvaluator {

    private final QueryFixture data;
    private final Instant now;

    QueryEvaluator(QueryFixture data, Instant now) {
        this.data = data;
        this.now = now;
    }

    /** The ids of the certificates the query selects. */
    Set<Long> certificates(Query query) {
        return data.certificates.stream().filter(c -> eval(query, new Ctx(c, null, null, null)))
                .map(Cert::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The ids of the assets an asset filter selects (the asset groups apply to the asset itself). */
    Set<Long> assets(Query query) {
        return data.assets.stream().filter(a -> evalAssetFilter(query, a))
                .map(Asset::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean evalAssetFilter(Query query, Asset asset) {
        return switch (query) {
            case Query.All all -> true;
            case Query.And and -> and.operands().stream().allMatch(q -> evalAssetFilter(q, asset));
            case Query.Or or -> or.operands().stream().anyMatch(q -> evalAssetFilter(q, asset));
            case Query.Not not -> !evalAssetFilter(not.operand(), asset);
            case Query.Group group -> eval(group.inner(), new Ctx(null, asset, null, null));
            case Query.Match match -> throw new AssertionError("no bare match in an asset filter");
        };
    }

    /** Where evaluation stands: the certificate, and the asset / instance / finding a group fixed. */
    private record Ctx(Cert cert, Asset asset, Instance instance, Finding finding) {
        Level level() {
            return finding != null ? Level.VULNERABILITY : instance != null ? Level.INSTANCE : asset != null ? Level.ASSET : Level.CERTIFICATE;
        }
    }

    private boolean eval(Query query, Ctx ctx) {
        return switch (query) {
            case Query.All all -> true;
            case Query.And and -> and.operands().stream().allMatch(q -> eval(q, ctx));
            case Query.Or or -> or.operands().stream().anyMatch(q -> eval(q, ctx));
            case Query.Not not -> !eval(not.operand(), ctx);
            case Query.Group group -> some(ctx, group.level(), inner -> eval(group.inner(), inner));
            case Query.Match match -> match.token().level() == ctx.level()
                    ? token(match.token(), match.criterion(), ctx)
                    : some(ctx, match.token().level(), inner -> token(match.token(), match.criterion(), inner));
        };
    }

    /** Whether some object of {@code level} reachable from {@code ctx} satisfies {@code test}. */
    private boolean some(Ctx ctx, Level level, java.util.function.Predicate<Ctx> test) {
        if (ctx.level() == Level.INSTANCE && level == Level.VULNERABILITY) {
            return ctx.instance().findings().stream().filter(Finding::active)
                    .anyMatch(f -> test.test(new Ctx(ctx.cert(), null, ctx.instance(), f)));
        }
        List<Instance> served = data.links.stream()
                .filter(l -> l.current() && l.certificateId() == ctx.cert().id())
                .map(l -> data.instances.get((int) l.instanceId() - 1))
                .toList();
        return switch (level) {
            case INSTANCE -> served.stream().anyMatch(i -> test.test(new Ctx(ctx.cert(), null, i, null)));
            case ASSET -> served.stream().map(i -> data.assets.get((int) i.assetId() - 1))
                    .anyMatch(a -> test.test(new Ctx(ctx.cert(), a, null, null)));
            case VULNERABILITY -> served.stream().anyMatch(i -> i.findings().stream().filter(Finding::active)
                    .anyMatch(f -> test.test(new Ctx(ctx.cert(), null, i, f))));
            case CERTIFICATE -> throw new AssertionError("nothing is below to reach a certificate");
        };
    }

    private boolean token(QqlToken token, Criterion criterion, Ctx ctx) {
        Cert c = ctx.cert();
        Asset a = ctx.asset();
        Instance i = ctx.instance();
        Finding f = ctx.finding();
        return switch (token) {
            case ID -> number(c.id(), criterion);
            case CERTHASH -> text(c.certhash(), criterion);
            case SERIAL_NUMBER -> serial(c.serialNumber(), criterion);
            case SUBJECT_NAME -> text(c.subjectName(), criterion);
            case SUBJECT_ORGANIZATION -> text(c.subjectOrganization(), criterion);
            case ISSUER_NAME -> text(c.issuerName(), criterion);
            case ISSUER_ORGANIZATION -> text(c.issuerOrganization(), criterion);
            case ISSUER_CATEGORY -> enumeration(c.issuerCategory(), criterion);
            case KEY_SIZE -> number(c.keySize(), criterion);
            case PUBLIC_KEY_ALGORITHM -> text(c.publicKeyAlgorithm(), criterion);
            case SIGNATURE_ALGORITHM -> text(c.signatureAlgorithm(), criterion);
            case SELF_SIGNED -> bool(c.selfSigned(), criterion);
            case EXTENDED_VALIDATION -> bool(c.extendedValidation(), criterion);
            case TYPE -> enumeration(c.type(), criterion);
            case VALID_FROM -> date(c.validFrom(), criterion);
            case VALID_TO -> date(c.validTo(), criterion);
            case EXPIRY_GROUP -> expiry(c.validTo(), criterion);
            case LAST_FOUND -> date(c.lastFound(), criterion);
            case CREATED -> date(c.created(), criterion);
            case UPDATED -> date(c.updated(), criterion);
            case SOURCES -> enumList(c.sources(), criterion);
            case SUBJECT_ALTERNATIVE_NAMES -> textList(c.sanValues(), criterion);
            // The fixture records no successors (the renewal ledger is never refreshed there).
            case RENEWAL_RENEWED, RENEWAL_STALE -> bool(false, criterion);
            case RENEWAL_OVERDUE -> bool("Leaf".equals(c.type()) && served(c) && !renewalPoint(c).isAfter(now), criterion);
            case RENEWAL_DUE -> date(renewalPoint(c), criterion);
            // The fixture stores no key weaknesses (key_weaknesses keeps its default, empty).
            case KEY_WEAKNESS -> enumList(List.of(), criterion);
            case ASSET_ID -> number(a.id(), criterion);
            case ASSET_NAME -> text(a.name(), criterion);
            case ASSET_NETBIOS_NAME -> text(a.netbiosName(), criterion);
            case ASSET_OPERATING_SYSTEM -> text(a.operatingSystem(), criterion);
            case ASSET_WAS_URL -> text(a.wasUrl(), criterion);
            case ASSET_PRIMARY_IP -> ip(a.primaryIp(), criterion);
            case ASSET_TAG_NAME -> criterion instanceof Emptiness e
                    ? e.empty() == a.tags().isEmpty()
                    : a.tags().stream().anyMatch(t -> text(t, criterion));
            case ASSET_INTERFACE_HOSTNAME -> criterion instanceof Emptiness e
                    ? e.empty() != a.interfaces().stream().anyMatch(x -> !x.hostname().isEmpty())
                    : a.interfaces().stream().anyMatch(x -> text(x.hostname(), criterion));
            case ASSET_INTERFACE_ADDRESS -> criterion instanceof Emptiness e
                    ? e.empty() != a.interfaces().stream().anyMatch(x -> x.address() != null)
                    : a.interfaces().stream().anyMatch(x -> ip(x.address(), criterion));
            case INSTANCE_ID -> number(i.id(), criterion);
            case INSTANCE_PORT -> number(i.port(), criterion);
            case INSTANCE_GRADE -> enumeration(i.grade(), criterion);
            case INSTANCE_SERVICE -> text(i.service(), criterion);
            case INSTANCE_SSL_PROTOCOLS -> enumList(i.sslProtocols(), criterion);
            case INSTANCE_FQDN -> text(i.fqdn(), criterion);
            case INSTANCE_PROTOCOL -> text("tcp", criterion);
            case VULNERABILITY_QID -> number(f.qid(), criterion);
            case VULNERABILITY_SEVERITY -> number(f.severity(), criterion);
            case VULNERABILITY_TITLE -> text(f.title(), criterion);
        };
    }

    private boolean served(Cert c) {
        return data.links.stream().anyMatch(l -> l.current() && l.certificateId() == c.id());
    }

    /** Two thirds of the lifetime after validFrom. */
    private static Instant renewalPoint(Cert c) {
        long micros = java.time.temporal.ChronoUnit.MICROS.between(c.validFrom(), c.validTo());
        return c.validFrom().plus(micros * 2 / 3, java.time.temporal.ChronoUnit.MICROS);
    }

    // ---------------------------------------------------------------- criteria, by value kind

    private static boolean text(String value, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> text(value, x));
            case Emptiness e -> e.empty() == value.isEmpty();
            case TextMatch t -> {
                String v = value.toLowerCase(Locale.ROOT);
                String w = t.text().toLowerCase(Locale.ROOT);
                yield switch (t.mode()) {
                    case EXACT -> value.equals(t.text());
                    case EQUALS_IGNORE_CASE -> v.equals(w);
                    case CONTAINS -> v.contains(w);
                    case WILDCARD -> Pattern.compile(List.of(w.split("\\*", -1)).stream().map(Pattern::quote)
                            .collect(Collectors.joining(".*")), Pattern.DOTALL).matcher(v).matches();
                };
            }
            default -> throw new AssertionError(criterion);
        };
    }

    /** SAN values are stored lower case: whole-value matches compare with the value as written. */
    /** A whole serial written as hex (any case, colons, a 00 byte) is the same number; patterns ignore colons and case. */
    private static boolean serial(String value, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> serial(value, x));
            case TextMatch t when t.mode() == Criterion.TextMode.EXACT || t.mode() == Criterion.TextMode.EQUALS_IGNORE_CASE -> {
                String hex = t.text().strip().replaceAll("[:\\s-]", "").replaceFirst("^0[xX]", "");
                yield hex.matches("[0-9a-fA-F]+")
                        ? new java.math.BigInteger(hex, 16).equals(new java.math.BigInteger(value, 16))
                        : text(value, new TextMatch(Criterion.TextMode.EQUALS_IGNORE_CASE, t.text()));
            }
            case TextMatch t -> text(value, new TextMatch(t.mode(), t.text().replaceAll("[:\\s-]", "")));
            default -> text(value, criterion);
        };
    }

    private static boolean textList(List<String> values, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> textList(values, x));
            case Emptiness e -> e.empty() == values.isEmpty();
            case TextMatch t when t.mode() == Criterion.TextMode.EXACT -> values.contains(t.text());
            default -> values.stream().anyMatch(v -> text(v, criterion));
        };
    }

    private static boolean enumeration(String value, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> enumeration(value, x));
            case Emptiness e -> e.empty() == value.isEmpty();
            case Comparison cmp -> value.equals(((Value.EnumValue) cmp.value()).canonical());
            default -> throw new AssertionError(criterion);
        };
    }

    private static boolean enumList(List<String> values, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> enumList(values, x));
            case Emptiness e -> e.empty() == values.isEmpty();
            case Comparison cmp -> values.contains(((Value.EnumValue) cmp.value()).canonical());
            default -> throw new AssertionError(criterion);
        };
    }

    private static boolean bool(boolean value, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> bool(value, x));
            case Emptiness e -> !e.empty();
            case Comparison cmp -> value == ((Value.BooleanValue) cmp.value()).bool();
            default -> throw new AssertionError(criterion);
        };
    }

    private static boolean number(long value, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> number(value, x));
            case Emptiness e -> !e.empty();
            case Comparison cmp -> {
                long n = ((Value.NumberValue) cmp.value()).number();
                yield switch (cmp.operator()) {
                    case EQ -> value == n;
                    case GT -> value > n;
                    case GE -> value >= n;
                    case LT -> value < n;
                    case LE -> value <= n;
                };
            }
            case Between b -> {
                long low = ((Value.NumberValue) b.low()).number();
                long high = ((Value.NumberValue) b.high()).number();
                yield (b.lowInclusive() ? value >= low : value > low) && (b.highInclusive() ? value <= high : value < high);
            }
            default -> throw new AssertionError(criterion);
        };
    }

    private boolean date(Instant value, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> date(value, x));
            case Emptiness e -> !e.empty();
            case Comparison cmp -> {
                Value.Span span = ((Value.DateValue) cmp.value()).resolve(now);
                yield switch (cmp.operator()) {
                    // A date names a span: equal = inside it, after = from its end on, before = before its start.
                    case EQ -> !value.isBefore(span.start()) && value.isBefore(span.end());
                    case GT -> !value.isBefore(span.end());
                    case GE -> !value.isBefore(span.start());
                    case LT -> value.isBefore(span.start());
                    case LE -> value.isBefore(span.end());
                };
            }
            case Between b -> {
                Value.Span low = ((Value.DateValue) b.low()).resolve(now);
                Value.Span high = ((Value.DateValue) b.high()).resolve(now);
                yield !value.isBefore(b.lowInclusive() ? low.start() : low.end())
                        && value.isBefore(b.highInclusive() ? high.end() : high.start());
            }
            default -> throw new AssertionError(criterion);
        };
    }

    private boolean expiry(Instant validTo, Criterion criterion) {
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> expiry(validTo, x));
            case Emptiness e -> e.empty() == !validTo.isBefore(now.plus(java.time.Duration.ofDays(180)));
            case Comparison cmp -> {
                String group = ((Value.EnumValue) cmp.value()).canonical();
                if (group.equals("Expired")) {
                    yield validTo.isBefore(now);
                }
                int days = Integer.parseInt(group.split(" ")[1]);
                yield !validTo.isBefore(now) && validTo.isBefore(now.plus(java.time.Duration.ofDays(days)));
            }
            default -> throw new AssertionError(criterion);
        };
    }

    private static boolean ip(String address, Criterion criterion) {
        if (criterion instanceof Emptiness e) {
            return e.empty() == (address == null);
        }
        if (address == null) {
            return false;
        }
        long value = ipv4(address);
        return switch (criterion) {
            case AnyOf any -> any.alternatives().stream().anyMatch(x -> ip(address, x));
            case Comparison cmp -> {
                Value.IpValue ip = (Value.IpValue) cmp.value();
                if (ip.v6()) {
                    yield false;
                }
                long other = ipv4(ip.address());
                yield switch (cmp.operator()) {
                    case EQ -> ip.isBlock()
                            ? (value >>> (32 - ip.prefixLength())) == (other >>> (32 - ip.prefixLength())) || ip.prefixLength() == 0
                            : value == other;
                    case GT -> value > other;
                    case GE -> value >= other;
                    case LT -> value < other;
                    case LE -> value <= other;
                };
            }
            case Between b -> {
                long low = ipv4(((Value.IpValue) b.low()).address());
                long high = ipv4(((Value.IpValue) b.high()).address());
                yield (b.lowInclusive() ? value >= low : value > low) && (b.highInclusive() ? value <= high : value < high);
            }
            default -> throw new AssertionError(criterion);
        };
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String part : Objects.requireNonNull(address).split("\\.")) {
            value = value * 256 + Integer.parseInt(part);
        }
        return value;
    }
}
