package io.certatlas.store.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.store.Database;
import io.certatlas.store.query.SortSpec;
import io.certatlas.store.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pages read from the end of a list are the pages read from its start: a list of 30,000 rows
 * with many equal sort values (so the id decides between them), in both directions, from the top
 * and from a known position, full pages, the partial last page and pages past the end.
 */
class KeysetQueryTest {

    static final int ROWS = 30_000;

    static Database db;
    static DSLContext sql;
    static final Table<?> LIST = table(name("keyset_rows")).as("k");
    static final Condition EVEN = DSL.condition("k.id % 2 = 0");

    @BeforeAll
    static void fill() {
        db = TestDatabase.fresh();
        sql = db.dsl();
        sql.execute("create table keyset_rows (id bigint primary key, v integer not null)");
        // v repeats (0..999), in an order unrelated to id.
        sql.execute("insert into keyset_rows select i, (i * 7919) % 1000 from generate_series(1, " + ROWS + ") i");
        sql.execute("create index keyset_rows_v on keyset_rows (v, id)");
        sql.execute("vacuum analyze keyset_rows");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static List<SortSpec.Key> keys(boolean descending) {
        return List.of(new SortSpec.Key(field(name("k", "v"), SQLDataType.INTEGER), descending),
                new SortSpec.Key(field(name("k", "id"), SQLDataType.BIGINT), descending));
    }

    private static long length(Condition where) {
        return sql.selectCount().from(LIST).where(where).fetchOne(0, Long.class);
    }

    /** The ids of the whole list in order, the reference every page is compared with. */
    private static List<Long> all(Condition where, boolean descending) {
        return sql.select(field(name("k", "id"), Long.class)).from(LIST).where(where)
                .orderBy(keys(descending).stream().map(SortSpec.Key::sortField).toList())
                .fetch(0, Long.class);
    }

    private static KeysetPage read(Condition where, boolean descending, Seek seek) {
        return KeysetQuery.ids(sql, LIST, where, keys(descending), seek);
    }

    @Test
    void aPageNearTheEndIsTheSamePageFromEitherEnd() {
        for (boolean descending : List.of(false, true)) {
            for (Condition where : List.of(DSL.noCondition(), EVEN)) {
                List<Long> all = all(where, descending);
                long length = length(where);
                for (long skip : List.of(10_000L, 14_000L, length - 1_000, length - 200, length - 150, length - 1,
                        length, length + 5_000)) {
                    Seek top = new Seek(Optional.empty(), skip, 200);
                    KeysetPage forwards = read(where, descending, top);
                    KeysetPage fromTheEnd = read(where, descending, top.inListOf(length));
                    List<Long> expected = all.subList((int) Math.min(skip, all.size()),
                            (int) Math.min(skip + 200, all.size()));
                    String what = (descending ? "descending" : "ascending") + " " + where + " skip " + skip;
                    assertThat(forwards.ids()).as(what).containsExactlyElementsOf(expected);
                    assertThat(fromTheEnd.ids()).as(what).containsExactlyElementsOf(expected);
                    assertThat(fromTheEnd.last()).as(what).isEqualTo(forwards.last());
                }
            }
        }
    }

    @Test
    void afterAKnownPositionThePageFromTheEndIsTheOneAfterIt() {
        for (boolean descending : List.of(false, true)) {
            List<Long> all = all(EVEN, descending);
            long length = length(EVEN);
            // The end of page 0 of size 100, then every later start: the walk's own position.
            SeekPosition endOfFirst = read(EVEN, descending, new Seek(Optional.empty(), 0, 100)).last().orElseThrow();
            for (long skip : List.of(10_000L, 13_000L, length - 100 - 200, length - 100 - 7, length - 100,
                    length)) {
                Seek seek = new Seek(Optional.of(endOfFirst), skip, 200);
                List<Long> expected = all.subList((int) Math.min(100 + skip, all.size()),
                        (int) Math.min(100 + skip + 200, all.size()));
                String what = (descending ? "descending" : "ascending") + " skip " + skip;
                assertThat(read(EVEN, descending, seek).ids()).as(what).containsExactlyElementsOf(expected);
                assertThat(read(EVEN, descending, seek.inListOf(length)).ids()).as(what)
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void eachWaypointIsTheRowItsOffsetNamesAndAReadFromItIsTheSamePage() {
        for (boolean descending : List.of(false, true)) {
            List<Long> all = all(EVEN, descending);
            long length = length(EVEN);
            SeekPosition endOfFirst = read(EVEN, descending, new Seek(Optional.empty(), 0, 100)).last().orElseThrow();
            for (Optional<SeekPosition> after : List.of(Optional.<SeekPosition>empty(), Optional.of(endOfFirst))) {
                int start = after.isPresent() ? 100 : 0;
                for (long skip : List.of(1L, 10_000L, 13_000L, length - start - 200, length - start - 7, length - start)) {
                    Seek seek = new Seek(after, skip, 200);
                    for (Seek asked : List.of(seek, seek.inListOf(length))) {
                        KeysetPage page = read(EVEN, descending, asked);
                        String what = (descending ? "descending" : "ascending") + " after " + start + " skip " + skip
                                + (asked.listLength().isPresent() ? " from the end" : "");
                        // The row before the page, then the page's last row (none past the end of the list).
                        if (!page.ids().isEmpty()) {
                            assertThat(page.waypoints()).as(what).hasSize(2);
                            assertThat(page.waypoints().get(0).offset()).as(what).isEqualTo(skip);
                            assertThat(page.waypoints().get(1).offset()).as(what).isEqualTo(skip + page.ids().size());
                        }
                        for (Waypoint waypoint : page.waypoints()) {
                            long id = (Long) waypoint.position().values().get(1);
                            assertThat(id).as(what + " waypoint " + waypoint.offset())
                                    .isEqualTo(all.get((int) (start + waypoint.offset() - 1)));
                            Seek fromIt = new Seek(Optional.of(waypoint.position()), skip - Math.min(skip, waypoint.offset()), 200);
                            if (waypoint.offset() <= skip) {
                                assertThat(read(EVEN, descending, fromIt).ids()).as(what).isEqualTo(page.ids());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLengthLongerThanTheListCanBeFallsBackToTheWalkFromTheStart() {
        // Counted elsewhere (a caller's mistake): reading from the end would run past the start.
        List<Long> all = all(DSL.noCondition(), false);
        Seek seek = new Seek(Optional.empty(), ROWS - 100, 200);
        assertThat(read(DSL.noCondition(), false, seek.inListOf(2L * ROWS)).ids())
                .containsExactlyElementsOf(all.subList(ROWS - 100, ROWS));
    }
}
