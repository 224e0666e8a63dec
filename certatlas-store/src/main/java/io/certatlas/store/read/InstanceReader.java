package io.certatlas.store.read;

import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.store.StatementRows;
import io.certatlas.store.access.Scope;
import io.certatlas.store.query.InstanceFilter;
import io.certatlas.store.query.SortSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Reads host instances for v2's instance list: those serving a certificate now, on assets the
 * caller may see, paged by keyset like certificates.
 */
final class InstanceReader {

    private static final String ALIAS = InstanceFilter.ALIAS;

    private InstanceReader() {
    }

    /** What every listed instance is: one of a visible asset, serving a leaf now. */
    private static Condition listed(Condition filter, Scope scope) {
        return filter.and(scope.assetIdVisible(ALIAS + ".asset_id"))
                .and(DSL.condition("exists (select 1 from instance_certificate served where served.instance_id = "
                        + ALIAS + ".id and served.current and served.chain_position = 0)"));
    }

    static InstancePage page(Connection connection, DSLContext local, Condition filter, Scope scope,
                             List<SortSpec.Key> keys, Seek seek) throws SQLException {
        KeysetPage ids = KeysetQuery.ids(local, table(name("host_instance")).as(ALIAS), listed(filter, scope), keys, seek);
        if (ids.ids().isEmpty()) {
            return new InstancePage(List.of(), ids.last(), ids.waypoints());
        }
        Map<Long, ServedInstance> byId = new HashMap<>();
        // The leaf: if an instance ever records two current leaves, the newest is the one shown.
        StatementRows.forEach(connection, """
                select distinct on (hi.id) hi.id, hi.port, hi.protocol, hi.service, hi.grade, hi.grade_with_trust_ignored,
                       coalesce(hi.scanned, hi.last_found), a.id, a.uuid, a.name,
                       coalesce(host(a.primary_ip), (select host(ai.address) from asset_interface ai
                                                      where ai.asset_id = a.id and ai.address is not null
                                                      order by ai.id limit 1), '0.0.0.0'),
                       c.id, c.certhash, c.subject_name, c.last_found, hi.grade_summary::text
                from host_instance hi
                join asset a on a.id = hi.asset_id
                join instance_certificate ic on ic.instance_id = hi.id and ic.current and ic.chain_position = 0
                join certificate c on c.id = ic.certificate_id
                where hi.id = any(?)
                order by hi.id, ic.last_found desc
                """, List.<Object>of((Object) ids.ids().toArray(Long[]::new)), resultSet -> {
            CertificateReader.Columns r = new CertificateReader.Columns(resultSet);
            ServedInstance instance = new ServedInstance(r.longValue(), r.intValue(), r.string(), r.string(),
                    r.string(), r.string(), r.instant(), r.longValue(), r.uuid(), r.string(), r.string(), r.longValue(),
                    r.string(), r.string(), r.instant(), Optional.ofNullable(r.string()));
            byId.put(instance.id(), instance);
        });
        List<ServedInstance> rows = new ArrayList<>(ids.ids().size());
        for (Long id : ids.ids()) {
            ServedInstance row = byId.get(id);
            if (row != null) {
                rows.add(row);
            }
        }
        return new InstancePage(rows, ids.last(), ids.waypoints());
    }

    static long count(DSLContext local, Condition filter, Scope scope) {
        return local.selectCount().from(table(name("host_instance")).as(ALIAS)).where(listed(filter, scope))
                .fetchOne(0, Long.class);
    }
}
