package io.certatlas.server.certview;

import static org.jooq.impl.DSL.field;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import tools.jackson.databind.node.ObjectNode;

/**
 * v2's {@code assetType}. A managed asset is one CertAtlas keeps as an asset: created by a scan
 * (the server's, or a scanner's observations) or by an operator. An unmanaged certificate is
 * known without one: imported from a file with no place, or no longer served on any asset, so it
 * lives only as names on the certificate. MANAGED lists certificates served now on at least one
 * asset, UNMANAGED those served on none, ALL (the default) both.
 */
enum AssetType {
    MANAGED, UNMANAGED, ALL;

    /** The condition on the certificate aliased {@code alias}; the count is kept by the database (V4). */
    Condition condition(String alias) {
        return switch (this) {
            case MANAGED -> field(DSL.name(alias, "asset_count"), Integer.class).gt(DSL.inline(0));
            case UNMANAGED -> field(DSL.name(alias, "asset_count"), Integer.class).eq(DSL.inline(0));
            case ALL -> DSL.noCondition();
        };
    }

    static AssetType from(ObjectNode body) {
        String given = Fields.choice(body, "assetType", "ALL", "MANAGED", "UNMANAGED", "ALL");
        try {
            return valueOf(given);
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("assetType", "'assetType' must be MANAGED, UNMANAGED or ALL");
        }
    }
}
