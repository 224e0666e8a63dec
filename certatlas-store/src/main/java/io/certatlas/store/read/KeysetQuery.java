package io.certatlas.store.read;

import static org.jooq.impl.DSL.inline;

import io.certatlas.store.query.SortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Reads the ids of a page by keyset: the sort keys and id of each row are selected (which the
 * sort indexes answer without visiting the table where the filter allows), the page starts
 * strictly after a known position when there is one, and rows still to be passed over are
 * passed over in that narrow form.
 */
final class KeysetQuery {

    private KeysetQuery() {
    }

    static KeysetPage ids(DSLContext local, Table<?> from, Condition where, List<SortSpec.Key> keys, Seek seek) {
        List<Field<?>> fields = keys.stream().<Field<?>>map(SortSpec.Key::field).toList();
        Condition after = seek.after().map(position -> after(keys, position)).orElse(DSL.noCondition());
        Result<Record> rows = local.select(fields).from(from).where(where).and(after)
                .orderBy(keys.stream().map(SortSpec.Key::sortField).toList())
                .limit(inline(seek.size())).offset(inline(seek.skip()))
                .fetch();
        List<Long> ids = new ArrayList<>(rows.size());
        for (Record row : rows) {
            ids.add(((Number) row.get(fields.size() - 1)).longValue());
        }
        Optional<SeekPosition> last = rows.isEmpty() ? Optional.empty()
                : Optional.of(new SeekPosition(rows.get(rows.size() - 1).intoList()));
        return new KeysetPage(ids, last);
    }

    /**
     * Rows after {@code position} in the order of {@code keys}. All keys in one direction is one
     * row comparison, which a B-tree on those columns serves as a range; mixed directions spell
     * out "first key beyond, or equal and the next beyond, ...".
     */
    static Condition after(List<SortSpec.Key> keys, SeekPosition position) {
        if (position.values().size() != keys.size()) {
            throw new IllegalArgumentException("a position of " + position.values().size() + " values for a sort of "
                    + keys.size() + " keys");
        }
        boolean descending = keys.get(0).descending();
        if (keys.stream().allMatch(key -> key.descending() == descending)) {
            List<Field<?>> columns = keys.stream().<Field<?>>map(SortSpec.Key::field).toList();
            List<Field<?>> values = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                values.add(value(keys.get(i), position.values().get(i)));
            }
            return descending ? DSL.row(columns).lt(DSL.row(values)) : DSL.row(columns).gt(DSL.row(values));
        }
        List<Condition> alternatives = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Condition alternative = DSL.noCondition();
            for (int j = 0; j < i; j++) {
                alternative = alternative.and(equal(keys.get(j), position.values().get(j)));
            }
            SortSpec.Key key = keys.get(i);
            alternatives.add(alternative.and(beyond(key, position.values().get(i))));
        }
        return DSL.or(alternatives);
    }

    @SuppressWarnings("unchecked")
    private static Condition equal(SortSpec.Key key, Object value) {
        return ((Field<Object>) key.field()).eq((Field<Object>) value(key, value));
    }

    @SuppressWarnings("unchecked")
    private static Condition beyond(SortSpec.Key key, Object value) {
        Field<Object> column = (Field<Object>) key.field();
        Field<Object> bound = (Field<Object>) value(key, value);
        return key.descending() ? column.lt(bound) : column.gt(bound);
    }

    @SuppressWarnings("unchecked")
    private static Field<?> value(SortSpec.Key key, Object value) {
        return DSL.val(value, (org.jooq.DataType<Object>) key.field().getDataType());
    }
}
