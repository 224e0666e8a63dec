package io.certatlas.store.access;

import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.noCondition;

import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * What a caller may see. A manager sees everything; a user sees the assets that carry at least
 * one tag of their scope, and certificates only through those assets. The predicates are SQL
 * conditions placed inside the statement that reads the data, never filters applied afterwards.
 */
public sealed interface Scope {

    /** The condition on an asset row aliased {@code alias}. */
    Condition assetVisible(String alias);

    /** The condition on a certificate row aliased {@code alias}: it is served on a visible asset. */
    Condition certificateVisible(String alias);

    /**
     * The condition that the asset whose id is in {@code qualifiedColumn} (ours, e.g.
     * {@code "hi.asset_id"}) is visible. Filters use it inside their own subqueries, so that a
     * condition on assets, instances or findings can only ever be met by visible ones.
     */
    Condition assetIdVisible(String qualifiedColumn);

    /** How many current instances of the certificate aliased {@code alias} the caller sees. */
    Field<Integer> instanceCount(String alias);

    /** How many assets serving the certificate aliased {@code alias} the caller sees. */
    Field<Integer> assetCount(String alias);

    static Scope everything() {
        return Everything.INSTANCE;
    }

    /** The scope of a user whose scope is these tags (by id); no tags: nothing is visible. */
    static Scope tags(List<Long> tagIds) {
        return new Tags(tagIds);
    }

    enum Everything implements Scope {
        INSTANCE;

        @Override
        public Condition assetVisible(String alias) {
            return noCondition();
        }

        @Override
        public Condition certificateVisible(String alias) {
            return noCondition();
        }

        @Override
        public Condition assetIdVisible(String qualifiedColumn) {
            return noCondition();
        }

        /** Kept on the row by the database (migration V4), so a page never counts. */
        @Override
        public Field<Integer> instanceCount(String alias) {
            return field(DSL.name(alias, "instance_count"), Integer.class);
        }

        @Override
        public Field<Integer> assetCount(String alias) {
            return field(DSL.name(alias, "asset_count"), Integer.class);
        }
    }

    /**
     * The assets carrying at least one of these tags. The ids are read once per request and bound
     * as one array: the planner then sees how many assets the scope really holds (through a join
     * to user_scope_tag it guessed one tag, and chose plans that took seconds for a wide scope).
     */
    record Tags(List<Long> tagIds) implements Scope {
        public Tags {
            tagIds = List.copyOf(tagIds);
        }

        /** The asset row carries its tags (kept by the database, migration V4): no probe needed. */
        @Override
        public Condition assetVisible(String alias) {
            return condition(alias + ".tag_ids && ?::bigint[]", (Object) tagIds.toArray(Long[]::new));
        }

        @Override
        public Condition assetIdVisible(String qualifiedColumn) {
            // The column is ours (never user input), so it may be spliced; the tag ids are bound.
            return condition("exists (select 1 from asset_tag scope_at where scope_at.asset_id = " + qualifiedColumn
                    + " and scope_at.tag_id = any(?))", (Object) tagIds.toArray(Long[]::new));
        }

        /**
         * The certificate row carries the tags of the assets serving it (kept by the database,
         * migration V4), so the test costs no probe: a wide scope walks the sort order and checks
         * each row in place, a narrow one is found through the GIN index on those tags.
         */
        @Override
        public Condition certificateVisible(String alias) {
            return condition(alias + ".scope_tags && ?::bigint[]", (Object) tagIds.toArray(Long[]::new));
        }

        @Override
        public Field<Integer> instanceCount(String alias) {
            return overVisibleServingAssets("coalesce(sum(scope_ca.instances), 0)", alias);
        }

        @Override
        public Field<Integer> assetCount(String alias) {
            return overVisibleServingAssets("count(*)", alias);
        }

        /**
         * {@code aggregate} over the assets within the scope that serve the certificate now, read
         * from the certificate_asset ledger (V4: one row per serving asset, with its number of
         * current links): one probe per asset rather than per instance and link, which for a
         * certificate served on many instances of few assets is most of a scoped page's work.
         */
        private Field<Integer> overVisibleServingAssets(String aggregate, String alias) {
            return field("(select " + aggregate + "::int from certificate_asset scope_ca"
                    + " join asset scope_a on scope_a.id = scope_ca.asset_id"
                    + " where scope_ca.certificate_id = " + alias + ".id and {0})",
                    Integer.class, assetVisible("scope_a"));
        }
    }
}
