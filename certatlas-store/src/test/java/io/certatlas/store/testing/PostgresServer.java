package io.certatlas.store.testing;

/** A PostgreSQL the tests reach by URL: {@code urlPrefix} ends in the slash before the database name. */
public record PostgresServer(String urlPrefix, String user, String password) {

    public String jdbcUrl(String database) {
        return urlPrefix + database;
    }

    /** The {@code postgres} database, which every cluster has. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }
}
