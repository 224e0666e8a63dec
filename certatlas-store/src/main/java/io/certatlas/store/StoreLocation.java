package io.certatlas.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the inventory lives: a CertAtlas data directory (an embedded PostgreSQL that CertAtlas
 * runs itself, under {@code <dir>/pg}) or an existing PostgreSQL 14+ reached by JDBC URL.
 */
public sealed interface StoreLocation {

    /** The embedded server's home: cluster, password, port and log all live here. */
    record DataDirectory(Path directory) implements StoreLocation {
        public DataDirectory {
            Objects.requireNonNull(directory, "directory");
            directory = directory.toAbsolutePath().normalize();
        }

        /**
         * Refuses a directory without an embedded cluster, for commands that read a store: a
         * mistyped --data-dir must not quietly become a new, empty store.
         */
        public void requireExisting() {
            if (!Files.exists(directory.resolve("pg/PG_VERSION"))) {
                throw new StoreUnavailableException("there is no CertAtlas store in " + directory
                        + " (no embedded database in " + directory.resolve("pg") + "): give the store's --data-dir,"
                        + " or --db-url for an external PostgreSQL", null);
            }
        }
    }

    /**
     * An external server. User and password may be in the URL itself; when given here they win
     * (the CLI fills them from CERTATLAS_DB_USER / CERTATLAS_DB_PASSWORD).
     */
    record JdbcUrl(String url, Optional<String> user, Optional<String> password) implements StoreLocation {
        public JdbcUrl {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException(
                        "the database URL must start with jdbc:postgresql: (for example"
                                + " jdbc:postgresql://db.example:5432/certatlas), was: " + masked(url));
            }
        }

        public static JdbcUrl of(String url) {
            return new JdbcUrl(url, Optional.empty(), Optional.empty());
        }

        @Override
        public String toString() {
            return "JdbcUrl[" + masked(url) + "]";
        }

        /** The URL with any password in it (user:password@ or password=) shown as ***: never print one. */
        static String masked(String url) {
            return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(//[^/@:]*:)[^/@]*@", "$1***@");
        }
    }

    static StoreLocation dataDirectory(Path directory) {
        return new DataDirectory(directory);
    }
}
