package io.certatlas.store.read;

import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.store.access.Scope;
import io.certatlas.store.read.AssetRow.InterfaceRow;
import io.certatlas.store.read.AssetRow.TagRef;
import io.certatlas.store.read.InstanceRow.FindingRow;
import io.certatlas.x509.DistinguishedName;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.Record;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads certificates and their assets for the API. Every page is read with a fixed number of
 * statements whatever its size: the page of ids (filter, scope, sort and paging done by
 * PostgreSQL), then the rows, assets, instances, findings, tags and interfaces of that page.
 */
public final class CertificateReader {

    /** How the certificate table is aliased in filter and sort conditions given to this reader. */
    public static final String CERTIFICATE_ALIAS = "c";
    /** How the asset table is aliased in asset filter and sort conditions given to this reader. */
    public static final String ASSET_ALIAS = "a";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, List<String>>> NAMES_BY_KIND = new TypeReference<>() {};

    private static final String CERTIFICATE_COLUMNS = """
            c.id, c.certhash, c.der, c.serial_number,
            c.subject_dn, c.subject_name, c.subject_organization, c.subject_organization_unit,
            c.subject_locality, c.subject_state, c.subject_country,
            c.issuer_dn, c.issuer_name, c.issuer_organization, c.issuer_organization_unit,
            c.issuer_locality, c.issuer_state, c.issuer_country, c.issuer_certhash, c.root_certhash,
            r.subject_dn as root_dn, r.subject_name as root_name, r.subject_organization as root_organization,
            r.subject_organization_unit as root_organization_unit, r.subject_locality as root_locality,
            r.subject_state as root_state, r.subject_country as root_country,
            c.valid_from, c.valid_to, c.key_size, c.public_key_algorithm, c.signature_algorithm, c.self_signed,
            c.type, c.issuer_category, c.extended_validation, c.subject_alternative_names::text as sans,
            c.key_usage, c.enhanced_key_usage, c.subject_key_identifier, c.auth_key_identifier, c.sources,
            c.imported, c.order_status, c.created, c.updated, c.last_found
            """;

    private final DSLContext db;

    public CertificateReader(DSLContext db) {
        this.db = db;
    }

    /**
     * One page of certificates matching {@code filter} (a condition on alias {@value #CERTIFICATE_ALIAS})
     * within the scope, each with at most {@code assetCap} of its visible assets (0: none read).
     */
    public List<CertificateRow> page(Condition filter, Scope scope, List<? extends OrderField<?>> sort,
                                     Page page, int assetCap) {
        List<Long> ids = db.select(field(name(CERTIFICATE_ALIAS, "id"), Long.class))
                .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                .where(filter).and(scope.certificateVisible(CERTIFICATE_ALIAS))
                .orderBy(sort)
                .limit(inline(page.size())).offset(inline(page.offset()))
                .fetch(0, Long.class);
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, CertificateRow> byId = certificates(ids, scope);
        Map<Long, List<AssetRow>> assets = assetCap > 0 ? assetsByCertificate(ids, scope, assetCap) : Map.of();
        List<CertificateRow> rows = new ArrayList<>(ids.size());
        for (Long id : ids) {
            CertificateRow row = byId.get(id);
            if (row != null) {
                rows.add(row.withAssets(assets.getOrDefault(id, List.of())));
            }
        }
        return rows;
    }

    /** The certificate with this hash if the caller may see it. */
    public Optional<CertificateRow> find(String certhash, Scope scope) {
        Optional<Long> id = db.select(field(name(CERTIFICATE_ALIAS, "id"), Long.class))
                .from(table(name("certificate")).as(CERTIFICATE_ALIAS))
                .where(condition("c.certhash = ?", certhash.toLowerCase(java.util.Locale.ROOT)))
                .and(scope.certificateVisible(CERTIFICATE_ALIAS))
                .fetchOptional(0, Long.class);
        return id.map(i -> certificates(List.of(i), scope).get(i));
    }

    /**
     * The visible assets serving a certificate, filtered by {@code assetFilter} (a condition on
     * alias {@value #ASSET_ALIAS}), sorted and paged by PostgreSQL; tags and instances only when asked.
     */
    public List<AssetRow> assetsOf(long certificateId, Condition assetFilter, Scope scope,
                                   List<? extends OrderField<?>> sort, Page page,
                                   boolean withTags, boolean withInstances) {
        List<Long> assetIds = db.select(field(name(ASSET_ALIAS, "id"), Long.class))
                .from(table(name("asset")).as(ASSET_ALIAS))
                .where(condition("exists (select 1 from instance_certificate ic join host_instance hi on hi.id = ic.instance_id"
                        + " where ic.certificate_id = ? and ic.current and hi.asset_id = a.id)", certificateId))
                .and(assetFilter)
                .and(scope.assetVisible(ASSET_ALIAS))
                .orderBy(sort)
                .limit(inline(page.size())).offset(inline(page.offset()))
                .fetch(0, Long.class);
        if (assetIds.isEmpty()) {
            return List.of();
        }
        Map<Long, List<InstanceRow>> instances = withInstances
                ? instancesOf(List.of(certificateId), assetIds).getOrDefault(certificateId, Map.of())
                : Map.of();
        Map<Long, AssetRow> assets = assetRows(assetIds, withTags, instances);
        return assetIds.stream().map(assets::get).toList();
    }

    private Map<Long, CertificateRow> certificates(List<Long> ids, Scope scope) {
        String counts = """
                left join lateral (
                    select count(*) as instance_count, count(distinct hi.asset_id) as asset_count
                    from instance_certificate ic
                    join host_instance hi on hi.id = ic.instance_id
                    join asset a on a.id = hi.asset_id
                    where ic.certificate_id = c.id and ic.current and {0}
                ) n on true
                """;
        return db.resultQuery("select " + CERTIFICATE_COLUMNS + ", n.instance_count, n.asset_count"
                        + " from certificate c left join certificate r on r.certhash = c.root_certhash "
                        + counts + " where c.id = any({1})",
                        scope.assetVisible("a"), field("?", Long[].class, (Object) ids.toArray(Long[]::new)))
                .fetch()
                .stream()
                .map(CertificateReader::toCertificate)
                .collect(Collectors.toMap(CertificateRow::id, Function.identity()));
    }

    private Map<Long, List<AssetRow>> assetsByCertificate(List<Long> certificateIds, Scope scope, int cap) {
        var pairs = db.resultQuery("""
                        select x.certificate_id, x.asset_id from (
                            select ca.certificate_id, ca.asset_id,
                                   row_number() over (partition by ca.certificate_id order by a.updated desc, a.id desc) as rn
                            from (select distinct ic.certificate_id, hi.asset_id
                                  from instance_certificate ic join host_instance hi on hi.id = ic.instance_id
                                  where ic.certificate_id = any({0}) and ic.current) ca
                            join asset a on a.id = ca.asset_id
                            where {1}
                        ) x where x.rn <= {2} order by x.certificate_id, x.rn
                        """,
                        field("?", Long[].class, (Object) certificateIds.toArray(Long[]::new)),
                        scope.assetVisible("a"), inline(cap))
                .fetch();
        if (pairs.isEmpty()) {
            return Map.of();
        }
        List<Long> assetIds = pairs.stream().map(r -> r.get(1, Long.class)).distinct().toList();
        Map<Long, Map<Long, List<InstanceRow>>> instances = instancesOf(certificateIds, assetIds);
        Map<Long, AssetRow> plainAssets = assetRows(assetIds, true, Map.of());
        Map<Long, List<AssetRow>> result = new HashMap<>();
        for (Record pair : pairs) {
            long certificateId = pair.get(0, Long.class);
            long assetId = pair.get(1, Long.class);
            AssetRow plain = plainAssets.get(assetId);
            List<InstanceRow> served = instances.getOrDefault(certificateId, Map.of()).getOrDefault(assetId, List.of());
            result.computeIfAbsent(certificateId, k -> new ArrayList<>()).add(new AssetRow(plain.id(), plain.uuid(),
                    plain.name(), plain.netbiosName(), plain.operatingSystem(), plain.wasUrl(), plain.primaryIp(),
                    plain.created(), plain.updated(), plain.certificateCount(), plain.interfaces(), plain.tags(), served));
        }
        return result;
    }

    /** certificate id -> asset id -> the instances of that asset serving that certificate, with findings. */
    private Map<Long, Map<Long, List<InstanceRow>>> instancesOf(Collection<Long> certificateIds, Collection<Long> assetIds) {
        var rows = db.resultQuery("""
                        select ic.certificate_id, hi.asset_id, hi.id, hi.protocol, hi.port, hi.fqdn, hi.service,
                               hi.ssl_protocols, hi.cipher_suites::text as cipher_suites, hi.grade,
                               hi.grade_with_trust_ignored, hi.grade_summary::text as grade_summary, hi.scanned
                        from instance_certificate ic join host_instance hi on hi.id = ic.instance_id
                        where ic.certificate_id = any({0}) and hi.asset_id = any({1}) and ic.current
                        order by hi.port, hi.fqdn, hi.id
                        """,
                        field("?", Long[].class, (Object) certificateIds.toArray(Long[]::new)),
                        field("?", Long[].class, (Object) assetIds.toArray(Long[]::new)))
                .fetch();
        List<Long> instanceIds = rows.stream().map(r -> r.get("id", Long.class)).distinct().toList();
        Map<Long, List<FindingRow>> findings = findingsOf(instanceIds);
        Map<Long, Map<Long, List<InstanceRow>>> result = new HashMap<>();
        for (Record r : rows) {
            long instanceId = r.get("id", Long.class);
            String summary = r.get("grade_summary", String.class);
            OffsetDateTime scanned = r.get("scanned", OffsetDateTime.class);
            InstanceRow instance = new InstanceRow(instanceId, r.get("protocol", String.class), r.get("port", Integer.class),
                    r.get("fqdn", String.class), r.get("service", String.class), strings(r.get("ssl_protocols", String[].class)),
                    namesByKind(r.get("cipher_suites", String.class)), r.get("grade", String.class),
                    r.get("grade_with_trust_ignored", String.class), Optional.ofNullable(summary),
                    Optional.ofNullable(scanned).map(OffsetDateTime::toInstant),
                    findings.getOrDefault(instanceId, List.of()));
            result.computeIfAbsent(r.get("certificate_id", Long.class), k -> new HashMap<>())
                    .computeIfAbsent(r.get("asset_id", Long.class), k -> new ArrayList<>())
                    .add(instance);
        }
        return result;
    }

    private Map<Long, List<FindingRow>> findingsOf(List<Long> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<FindingRow>> result = new HashMap<>();
        db.resultQuery("select instance_id, qid, title, severity from finding where instance_id = any({0})"
                                + " and status = 'ACTIVE' order by instance_id, severity desc, qid",
                        field("?", Long[].class, (Object) instanceIds.toArray(Long[]::new)))
                .fetch()
                .forEach(r -> result.computeIfAbsent(r.get(0, Long.class), k -> new ArrayList<>())
                        .add(new FindingRow(r.get(1, Integer.class), r.get(2, String.class), r.get(3, Integer.class))));
        return result;
    }

    private Map<Long, AssetRow> assetRows(List<Long> assetIds, boolean withTags, Map<Long, List<InstanceRow>> instances) {
        Object ids = assetIds.toArray(Long[]::new);
        Map<Long, List<InterfaceRow>> interfaces = new HashMap<>();
        db.resultQuery("select asset_id, hostname, coalesce(host(address), '') from asset_interface"
                        + " where asset_id = any({0}) order by asset_id, id", field("?", Long[].class, ids))
                .fetch()
                .forEach(r -> interfaces.computeIfAbsent(r.get(0, Long.class), k -> new ArrayList<>())
                        .add(new InterfaceRow(r.get(1, String.class), r.get(2, String.class))));
        Map<Long, List<TagRef>> tags = new HashMap<>();
        if (withTags) {
            db.resultQuery("select at.asset_id, t.name, t.uuid from asset_tag at join tag t on t.id = at.tag_id"
                            + " where at.asset_id = any({0}) order by at.asset_id, lower(t.name)", field("?", Long[].class, ids))
                    .fetch()
                    .forEach(r -> tags.computeIfAbsent(r.get(0, Long.class), k -> new ArrayList<>())
                            .add(new TagRef(r.get(1, String.class), r.get(2, UUID.class))));
        }
        Map<Long, AssetRow> result = new HashMap<>();
        db.resultQuery("""
                        select a.id, a.uuid, a.name, a.netbios_name, a.operating_system, a.was_url,
                               coalesce(host(a.primary_ip), '') as primary_ip, a.created, a.updated,
                               (select count(distinct ic.certificate_id) from host_instance hi
                                join instance_certificate ic on ic.instance_id = hi.id
                                where hi.asset_id = a.id and ic.current) as certificate_count
                        from asset a where a.id = any({0})
                        """, field("?", Long[].class, ids))
                .fetch()
                .forEach(r -> {
                    long id = r.get("id", Long.class);
                    result.put(id, new AssetRow(id, r.get("uuid", UUID.class), r.get("name", String.class),
                            r.get("netbios_name", String.class), r.get("operating_system", String.class),
                            r.get("was_url", String.class), r.get("primary_ip", String.class),
                            instant(r, "created"), instant(r, "updated"), r.get("certificate_count", Long.class),
                            interfaces.getOrDefault(id, List.of()), tags.getOrDefault(id, List.of()),
                            instances.getOrDefault(id, List.of())));
                });
        return result;
    }

    private static CertificateRow toCertificate(Record r) {
        DistinguishedName subject = distinguishedName(r, "subject");
        DistinguishedName issuer = distinguishedName(r, "issuer");
        Optional<String> rootHash = Optional.ofNullable(r.get("root_certhash", String.class));
        DistinguishedName root = r.get("root_dn", String.class) != null ? distinguishedName(r, "root")
                : Boolean.TRUE.equals(r.get("self_signed", Boolean.class)) ? subject : issuer;
        return new CertificateRow(
                r.get("id", Long.class),
                r.get("certhash", String.class).trim(),
                r.get("der", byte[].class),
                r.get("serial_number", String.class),
                subject,
                issuer,
                Optional.ofNullable(r.get("issuer_certhash", String.class)).map(String::trim),
                root,
                rootHash.map(String::trim),
                instant(r, "valid_from"),
                instant(r, "valid_to"),
                r.get("key_size", Integer.class),
                r.get("public_key_algorithm", String.class),
                r.get("signature_algorithm", String.class),
                r.get("self_signed", Boolean.class),
                r.get("type", String.class),
                r.get("issuer_category", String.class),
                r.get("extended_validation", Boolean.class),
                namesByKind(r.get("sans", String.class)),
                strings(r.get("key_usage", String[].class)),
                strings(r.get("enhanced_key_usage", String[].class)),
                r.get("subject_key_identifier", String.class),
                r.get("auth_key_identifier", String.class),
                strings(r.get("sources", String[].class)),
                r.get("imported", Boolean.class),
                r.get("order_status", String.class),
                instant(r, "created"),
                instant(r, "updated"),
                instant(r, "last_found"),
                r.get("instance_count", Long.class),
                r.get("asset_count", Long.class),
                List.of());
    }

    private static DistinguishedName distinguishedName(Record r, String prefix) {
        String dnColumn = prefix.equals("root") ? "root_dn" : prefix + "_dn";
        return new DistinguishedName(
                r.get(dnColumn, String.class),
                r.get(prefix + "_name", String.class),
                r.get(prefix + "_organization", String.class),
                strings(r.get(prefix + "_organization_unit", String[].class)),
                r.get(prefix + "_locality", String.class),
                r.get(prefix + "_state", String.class),
                r.get(prefix + "_country", String.class));
    }

    private static Instant instant(Record r, String column) {
        return r.get(column, OffsetDateTime.class).toInstant();
    }

    private static List<String> strings(String[] values) {
        return values == null ? List.of() : List.copyOf(Arrays.asList(values));
    }

    private static Map<String, List<String>> namesByKind(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return JSON.readValue(json, NAMES_BY_KIND);
    }
}
