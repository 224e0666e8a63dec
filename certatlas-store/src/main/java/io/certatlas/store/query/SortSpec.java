package io.certatlas.store.query;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import io.certatlas.qql.QqlException;
import io.certatlas.store.access.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.SQLDataType;

/**
 * The {@code sort} of a list request ({@code [{"updated":"desc"}]}, decoded from JSON into maps)
 * as jOOQ sort fields, always ending with the id so that pages never overlap or skip rows.
 *
 * <p>Certificate fields (alias {@value CertificateFilter#ALIAS}): updated, created,
 * validFrom/validFromDate, validTo/validToDate, lastFound, keySize, subject.name (commonName),
 * issuer.name, certhash, serialNumber, type, issuerCategory, id, instanceCount, assetCount.
 * Asset fields (alias {@value AssetFilter#ALIAS}): updated, created, name, netbiosName,
 * operatingSystem, id. Field names and directions are matched ignoring case.
 */
public final class SortSpec {

    private static final Map<String, Field<?>> CERTIFICATE_FIELDS = new LinkedHashMap<>();
    private static final Map<String, Field<?>> ASSET_FIELDS = new LinkedHashMap<>();
    private static final Map<String, Field<?>> INSTANCE_FIELDS = new LinkedHashMap<>();

    static {
        String c = CertificateFilter.ALIAS;
        CERTIFICATE_FIELDS.put("updated", field(name(c, "updated"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("updatedate", field(name(c, "updated"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("created", field(name(c, "created"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("createddate", field(name(c, "created"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("validfrom", field(name(c, "valid_from"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("validfromdate", field(name(c, "valid_from"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("validto", field(name(c, "valid_to"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("validtodate", field(name(c, "valid_to"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("lastfound", field(name(c, "last_found"), SQLDataType.INSTANT));
        CERTIFICATE_FIELDS.put("keysize", field(name(c, "key_size"), SQLDataType.INTEGER));
        CERTIFICATE_FIELDS.put("subject.name", field(name(c, "subject_name"), SQLDataType.VARCHAR));
        CERTIFICATE_FIELDS.put("commonname", field(name(c, "subject_name"), SQLDataType.VARCHAR));
        CERTIFICATE_FIELDS.put("issuer.name", field(name(c, "issuer_name"), SQLDataType.VARCHAR));
        CERTIFICATE_FIELDS.put("certhash", field(name(c, "certhash"), SQLDataType.CHAR(64)));
        CERTIFICATE_FIELDS.put("serialnumber", field(name(c, "serial_number"), SQLDataType.VARCHAR));
        CERTIFICATE_FIELDS.put("type", field(name(c, "type"), SQLDataType.VARCHAR));
        CERTIFICATE_FIELDS.put("issuercategory", field(name(c, "issuer_category"), SQLDataType.VARCHAR));
        CERTIFICATE_FIELDS.put("id", field(name(c, "id"), SQLDataType.BIGINT));
        String a = AssetFilter.ALIAS;
        ASSET_FIELDS.put("updated", field(name(a, "updated"), SQLDataType.INSTANT));
        ASSET_FIELDS.put("created", field(name(a, "created"), SQLDataType.INSTANT));
        ASSET_FIELDS.put("name", field(name(a, "name"), SQLDataType.VARCHAR));
        ASSET_FIELDS.put("netbiosname", field(name(a, "netbios_name"), SQLDataType.VARCHAR));
        ASSET_FIELDS.put("operatingsystem", field(name(a, "operating_system"), SQLDataType.VARCHAR));
        ASSET_FIELDS.put("id", field(name(a, "id"), SQLDataType.BIGINT));
        String i = InstanceFilter.ALIAS;
        INSTANCE_FIELDS.put("updated", field(name(i, "updated"), SQLDataType.INSTANT));
        INSTANCE_FIELDS.put("created", field(name(i, "created"), SQLDataType.INSTANT));
        INSTANCE_FIELDS.put("lastfound", field(name(i, "last_found"), SQLDataType.INSTANT));
        INSTANCE_FIELDS.put("port", field(name(i, "port"), SQLDataType.INTEGER));
        INSTANCE_FIELDS.put("grade", field(name(i, "grade"), SQLDataType.VARCHAR));
        INSTANCE_FIELDS.put("id", field(name(i, "id"), SQLDataType.BIGINT));
    }

    /** One sort column and its direction: what a keyset seek compares a page's last row with. */
    public record Key(Field<?> field, boolean descending) {
        public SortField<?> sortField() {
            return descending ? field.desc() : field.asc();
        }
    }

    private final List<Key> keys;

    private SortSpec(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Certificate sort as a manager sees it; an empty list means the default, updated descending. */
    public static SortSpec certificates(List<? extends Map<String, ?>> sort) {
        return certificates(sort, Scope.everything());
    }

    /**
     * Certificate sort for a caller; the counts (instanceCount, assetCount) are those the caller
     * sees, so that the order of a page never hints at instances outside the scope.
     */
    public static SortSpec certificates(List<? extends Map<String, ?>> sort, Scope scope) {
        Map<String, Field<?>> known = new LinkedHashMap<>(CERTIFICATE_FIELDS);
        known.put("instancecount", scope.instanceCount(CertificateFilter.ALIAS));
        known.put("assetcount", scope.assetCount(CertificateFilter.ALIAS));
        return parse(sort, known, "certificate");
    }

    /** Asset sort; an empty list means the default, updated descending. */
    public static SortSpec assets(List<? extends Map<String, ?>> sort) {
        return parse(sort, ASSET_FIELDS, "asset");
    }

    /** Host instance sort (alias {@value InstanceFilter#ALIAS}); an empty list means the default, updated descending. */
    public static SortSpec instances(List<? extends Map<String, ?>> sort) {
        return parse(sort, INSTANCE_FIELDS, "instance");
    }

    /** The sort fields, last the id in the direction of the last field given. */
    public List<SortField<?>> fields() {
        return keys.stream().<SortField<?>>map(Key::sortField).toList();
    }

    /** The same as {@link #fields()}, as columns and directions; the last key is always the id. */
    public List<Key> keys() {
        return keys;
    }

    private static SortSpec parse(List<? extends Map<String, ?>> sort, Map<String, Field<?>> known, String what) {
        List<Key> fields = new ArrayList<>();
        boolean lastDescending = true;
        boolean idGiven = false;
        List<? extends Map<String, ?>> effective = sort.isEmpty() ? List.of(Map.of("updated", "desc")) : sort;
        for (int i = 0; i < effective.size(); i++) {
            for (Map.Entry<String, ?> entry : effective.get(i).entrySet()) {
                String key = entry.getKey().strip().toLowerCase(Locale.ROOT);
                Field<?> field = known.get(key.startsWith(what + ".") ? key.substring(what.length() + 1) : key);
                if (field == null) {
                    throw QqlException.inStructuredFilter("sort[" + i + "] '" + entry.getKey() + "' is not a " + what
                            + " sort field; use one of " + String.join(", ", publicNames(known)));
                }
                String direction = entry.getValue() == null ? "asc" : entry.getValue().toString().strip().toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    throw QqlException.inStructuredFilter("sort[" + i + "] direction '" + entry.getValue()
                            + "' of " + entry.getKey() + " must be asc or desc");
                }
                lastDescending = direction.equals("desc");
                if (idGiven) {
                    // Sorting on after the id changes nothing: it is unique. Kept out so the id stays last.
                    continue;
                }
                idGiven = key.equals("id");
                fields.add(new Key(field, lastDescending));
            }
        }
        if (!idGiven) {
            Field<?> id = known.get("id");
            fields.add(new Key(id, lastDescending));
        }
        return new SortSpec(fields);
    }

    private static List<String> publicNames(Map<String, Field<?>> known) {
        return known.keySet().stream().toList();
    }
}
