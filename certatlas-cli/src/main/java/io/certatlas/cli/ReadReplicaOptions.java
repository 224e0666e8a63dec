package io.certatlas.cli;

import io.certatlas.store.ReadReplica;
import io.certatlas.store.StoreLocation;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code serve --db-read-url}: a streaming replica of the {@code --db-url} database that list,
 * count and export reads go to while it is within {@code --db-read-max-lag} of the primary. Its
 * user and password come from the URL, or CERTATLAS_DB_READ_USER / CERTATLAS_DB_READ_PASSWORD,
 * or else from CERTATLAS_DB_USER / CERTATLAS_DB_PASSWORD (a physical replica has the primary's roles).
 */
public final class ReadReplicaOptions {

    @Option(names = "--db-read-url", paramLabel = "JDBC_URL",
            description = "Send list, count and export reads to this streaming replica (hot standby) of the --db-url"
                    + " database, e.g. jdbc:postgresql://replica:5432/certatlas (user and password in the URL or in"
                    + " CERTATLAS_DB_READ_USER / CERTATLAS_DB_READ_PASSWORD, else those of --db-url).")
    Optional<String> url;

    @Option(names = "--db-read-max-lag", paramLabel = "SECONDS", defaultValue = "10",
            description = "Reads leave the replica while it is further behind the primary than this, and come back"
                    + " when it has caught up (default: ${DEFAULT-VALUE}).")
    double maxLagSeconds;

    /** The replica the options name, if any; bad values are an IllegalArgumentException saying what to change. */
    public Optional<ReadReplica.Settings> settings(StoreOptions store) {
        if (url.isEmpty()) {
            return Optional.empty();
        }
        if (store.dbUrl.isEmpty()) {
            throw new IllegalArgumentException("--db-read-url needs --db-url: a read replica streams from an external"
                    + " PostgreSQL, give that primary's URL too");
        }
        if (!(maxLagSeconds >= 0.1 && maxLagSeconds <= 86_400)) {
            throw new IllegalArgumentException("--db-read-max-lag must be from 0.1 to 86400 seconds (for example 10),"
                    + " was " + maxLagSeconds);
        }
        StoreLocation.JdbcUrl location;
        try {
            location = new StoreLocation.JdbcUrl(url.get(), credential("user", "CERTATLAS_DB_READ_USER",
                    "CERTATLAS_DB_USER"), credential("password", "CERTATLAS_DB_READ_PASSWORD", "CERTATLAS_DB_PASSWORD"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--db-read-url: " + e.getMessage(), e);
        }
        return Optional.of(new ReadReplica.Settings(location, Duration.ofMillis(Math.round(maxLagSeconds * 1000))));
    }

    /** The replica's own variable; else the primary's, unless the replica's URL names its own. */
    private Optional<String> credential(String parameter, String replicaVariable, String primaryVariable) {
        Optional<String> own = StoreOptions.env(replicaVariable);
        if (own.isPresent() || url.get().toLowerCase(java.util.Locale.ROOT).matches(".*[?&]" + parameter + "=.*")) {
            return own;
        }
        return StoreOptions.env(primaryVariable);
    }
}
