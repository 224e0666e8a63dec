package io.certatlas.store.access;

import io.certatlas.store.access.AccessException.Kind;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Tags and which assets carry them. */
public final class Tags {

    private static final String SELECT_TAG = """
            select t.id, t.uuid, t.name, t.created,
                   (select count(*) from asset_tag at where at.tag_id = t.id) as asset_count
            from tag t
            """;

    private final DSLContext db;

    public Tags(DSLContext db) {
        this.db = db;
    }

    public List<TagRecord> list() {
        return db.resultQuery(SELECT_TAG + " order by lower(t.name)").fetch().map(Tags::toTag);
    }

    public Optional<TagRecord> find(String nameOrUuid) {
        Optional<UUID> uuid = parseUuid(nameOrUuid);
        return uuid.isPresent()
                ? db.resultQuery(SELECT_TAG + " where t.uuid = ?", uuid.get()).fetchOptional().map(Tags::toTag)
                : db.resultQuery(SELECT_TAG + " where lower(t.name) = lower(?)", nameOrUuid).fetchOptional().map(Tags::toTag);
    }

    public TagRecord create(String name) {
        String trimmed = ApiName.check("name", "a tag", name);
        try {
            db.execute("insert into tag (uuid, name) values (?, ?)", UUID.randomUUID(), trimmed);
        } catch (IntegrityConstraintViolationException e) {
            throw new AccessException(Kind.CONFLICT, Optional.of("name"), "a tag named '" + trimmed + "' already exists");
        }
        return find(trimmed).orElseThrow();
    }

    /** Finds the tag or creates it: for importers and demo data that name tags freely. */
    public TagRecord ensure(String name) {
        db.execute("insert into tag (uuid, name) values (?, ?) on conflict do nothing", UUID.randomUUID(), name.strip());
        return find(name.strip()).orElseThrow();
    }

    public void delete(String nameOrUuid) {
        TagRecord tag = require(nameOrUuid);
        db.transaction(tx -> {
            // Users whose scope held the tag see less from now on: their tokens were issued for the old scope.
            tx.dsl().execute("update app_user set token_generation = token_generation + 1, updated = now()"
                    + " where id in (select user_id from user_scope_tag where tag_id = ?)", tag.id());
            tx.dsl().execute("delete from tag where id = ?", tag.id());
        });
    }

    /** Puts the tag on the assets named by UUID; answers how many assets newly carry it. */
    public int tagAssets(String nameOrUuid, Collection<UUID> assetUuids) {
        TagRecord tag = require(nameOrUuid);
        return db.execute("insert into asset_tag (asset_id, tag_id) select a.id, ? from asset a where a.uuid = any(?)"
                + " on conflict do nothing", tag.id(), assetUuids.toArray(UUID[]::new));
    }

    /**
     * Puts the tag on every asset whose name or address matches {@code pattern}, where {@code *}
     * stands for any run of characters; answers how many assets newly carry it. An empty pattern
     * is refused: it matches no asset, and a caller who sent one meant something else.
     */
    public int tagAssetsNamed(String nameOrUuid, String pattern) {
        if (pattern.isBlank()) {
            throw new AccessException(Kind.INVALID, Optional.of("namePattern"), "the asset name or address pattern is empty;"
                    + " give one such as 'web-*' or '10.1.*'");
        }
        return tagAssetsMatching(nameOrUuid, pattern.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                .replace('*', '%'));
    }

    /** Puts the tag on every asset whose name or address matches the SQL LIKE pattern given. */
    public int tagAssetsMatching(String nameOrUuid, String likePattern) {
        TagRecord tag = require(nameOrUuid);
        return db.execute("insert into asset_tag (asset_id, tag_id) select a.id, ? from asset a"
                + " where a.name ilike ? or host(a.primary_ip) like ? on conflict do nothing",
                tag.id(), likePattern, likePattern);
    }

    public int untagAssets(String nameOrUuid, Collection<UUID> assetUuids) {
        TagRecord tag = require(nameOrUuid);
        return db.execute("delete from asset_tag at using asset a where a.id = at.asset_id and at.tag_id = ?"
                + " and a.uuid = any(?)", tag.id(), assetUuids.toArray(UUID[]::new));
    }

    private TagRecord require(String nameOrUuid) {
        return find(nameOrUuid).orElseThrow(() -> new AccessException(Kind.NOT_FOUND,
                "no tag named '" + nameOrUuid + "'; list the tags with GET /api/v1/tags or 'certatlas tag list'"));
    }

    private static Optional<UUID> parseUuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static TagRecord toTag(Record r) {
        return new TagRecord(r.get("id", Long.class), r.get("uuid", UUID.class), r.get("name", String.class),
                r.get("asset_count", Long.class), r.get("created", OffsetDateTime.class).toInstant());
    }
}
