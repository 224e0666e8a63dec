package io.certatlas.store.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application schema as PostgreSQL's catalogue describes it (the connection's current
 * schema, where Flyway puts it): its tables and their columns, its sequences, and the schema
 * version Flyway recorded. Read from the catalogue, not from a list in the code, so that a table a
 * later migration adds is backed up without anyone remembering to.
 */
final class SchemaCatalog {

    static final String FLYWAY_HISTORY = "flyway_schema_history";

    /** A table to copy: its stored columns in order (generated columns are computed again on load). */
    record Table(String name, boolean partitioned, List<String> columns) {
        Table {
            columns = List.copyOf(columns);
        }

        String copyOutSql() {
            String cols = String.join(", ", columns.stream().map(SchemaCatalog::quote).toList());
            // COPY reads a partitioned table only through a query (its rows live in the partitions).
            return partitioned
                    ? "COPY (SELECT " + cols + " FROM " + quote(name) + ") TO STDOUT"
                    : "COPY " + quote(name) + " (" + cols + ") TO STDOUT";
        }

        String copyInSql() {
            return "COPY " + quote(name) + " (" + String.join(", ", columns.stream().map(SchemaCatalog::quote).toList())
                    + ") FROM STDIN";
        }
    }

    /** A sequence that hands out a table column's values (identity or serial). */
    record OwnedSequence(String sequence, String table, String column) {}

    private SchemaCatalog() {}

    /** Every table of the schema but Flyway's history, by name; partitions are read through their parent. */
    static List<Table> tables(Connection c) throws SQLException {
        Map<String, Boolean> partitioned = new LinkedHashMap<>();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT t.relname, t.relkind = 'p', a.attname
                  FROM pg_class t
                  JOIN pg_namespace n ON n.oid = t.relnamespace
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
                                     AND a.attgenerated = ''
                 WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND NOT t.relispartition
                   AND t.relname <> 'flyway_schema_history'
                 ORDER BY t.relname, a.attnum""")) {
            while (rs.next()) {
                partitioned.put(rs.getString(1), rs.getBoolean(2));
                columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(3));
            }
        }
        return columns.entrySet().stream()
                .map(e -> new Table(e.getKey(), partitioned.get(e.getKey()), e.getValue()))
                .toList();
    }

    /** Whether Flyway's history table is there: a CertAtlas schema, at some version. */
    static boolean hasFlywayHistory(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(quote_ident(current_schema()) || '.' || ?) IS NOT NULL")) {
            s.setString(1, FLYWAY_HISTORY);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The latest version Flyway applied successfully, if the schema has a history. */
    static Optional<String> schemaVersion(Connection c) throws SQLException {
        if (!hasFlywayHistory(c)) {
            return Optional.empty();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + FLYWAY_HISTORY
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    static String serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every sequence of the schema with its current state. */
    static List<BackupManifest.SequenceEntry> sequences(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'S' AND n.nspname = current_schema() ORDER BY c.relname""")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        List<BackupManifest.SequenceEntry> sequences = new ArrayList<>();
        for (String name : names) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + quote(name))) {
                rs.next();
                sequences.add(new BackupManifest.SequenceEntry(name, rs.getLong(1), rs.getBoolean(2)));
            }
        }
        return sequences;
    }

    /** The sequences that belong to a table column (identity columns, serials). */
    static List<OwnedSequence> ownedSequences(Connection c) throws SQLException {
        List<OwnedSequence> owned = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT s.relname, t.relname, a.attname
                  FROM pg_class s
                  JOIN pg_namespace n ON n.oid = s.relnamespace
                  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                                  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                  JOIN pg_class t ON t.oid = d.refobjid
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                 WHERE s.relkind = 'S' AND n.nspname = current_schema()
                 ORDER BY s.relname""")) {
            while (rs.next()) {
                owned.add(new OwnedSequence(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return owned;
    }

    /** Whether the table holds at least one row. */
    static boolean hasRows(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + quote(table) + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** An identifier as SQL text, quoted so that any name the catalogue holds is read as that name. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
