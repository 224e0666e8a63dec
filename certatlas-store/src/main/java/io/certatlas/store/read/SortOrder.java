package io.certatlas.store.read;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Field;
import org.jooq.SortField;

/**
 * The {@code sort} of a list request as SQL: named fields, each ascending or descending, then
 * the row id so that paging is stable. Unknown fields are refused with the list of known ones.
 */
public final class SortOrder {

    /** One requested key: a field name as the API spells it and a direction. */
    public record Key(String field, boolean descending) {}

    private static final Map<String, String> CERTIFICATE_COLUMNS = columns(
            "updated", "updated", "updateDate", "updated", "created", "created", "createdDate", "created",
            "validFrom", "valid_from", "validFromDate", "valid_from", "validTo", "valid_to", "validToDate", "valid_to",
            "lastFound", "last_found", "keySize", "key_size", "certhash", "certhash", "id", "id",
            "serialNumber", "serial_number", "subject.name", "subject_name", "commonName", "subject_name",
            "issuer.name", "issuer_name", "type", "type", "issuerCategory", "issuer_category",
            "signatureAlgorithm", "signature_algorithm", "publicKeyAlgorithm", "public_key_algorithm");

    private static final Map<String, String> ASSET_COLUMNS = columns(
            "updated", "updated", "created", "created", "name", "name", "id", "id", "netbiosName", "netbios_name",
            "operatingSystem", "operating_system", "primaryIp", "primary_ip");

    private SortOrder() {}

    public static List<SortField<?>> certificates(List<Key> keys) {
        return order(keys, CERTIFICATE_COLUMNS, CertificateReader.CERTIFICATE_ALIAS, "updated");
    }

    public static List<SortField<?>> assets(List<Key> keys) {
        return order(keys, ASSET_COLUMNS, CertificateReader.ASSET_ALIAS, "updated");
    }

    public static List<String> certificateFields() {
        return List.copyOf(CERTIFICATE_COLUMNS.keySet());
    }

    public static List<String> assetFields() {
        return List.copyOf(ASSET_COLUMNS.keySet());
    }

    private static List<SortField<?>> order(List<Key> keys, Map<String, String> columns, String alias, String defaultField) {
        List<Key> effective = keys.isEmpty() ? List.of(new Key(defaultField, true)) : keys;
        List<SortField<?>> order = new ArrayList<>();
        boolean lastDescending = true;
        for (Key key : effective) {
            String column = lookup(columns, key.field());
            Field<Object> f = field(name(alias, column));
            order.add(key.descending() ? f.desc() : f.asc());
            lastDescending = key.descending();
        }
        Field<Object> id = field(name(alias, "id"));
        order.add(lastDescending ? id.desc() : id.asc());
        return order;
    }

    private static String lookup(Map<String, String> columns, String field) {
        for (Map.Entry<String, String> entry : columns.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(field.strip())) {
                return entry.getValue();
            }
        }
        throw new IllegalArgumentException("cannot sort by '" + field + "'; sort by one of " + String.join(", ", columns.keySet()));
    }

    private static Map<String, String> columns(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1].toLowerCase(Locale.ROOT));
        }
        return map;
    }
}
