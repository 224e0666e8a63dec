package io.certatlas.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL streaming replica (hot standby) of the store's database that list, count and
 * export reads may go to, while it is reachable and no further behind the primary than a bound.
 *
 * <p>How far behind it is gets measured by positions in the write-ahead log, not by clocks: every
 * check reads the primary's {@code pg_current_wal_lsn()} and keeps it with the moment it was read;
 * the replica is as old as the newest of those moments whose position it has replayed ({@code
 * pg_last_wal_replay_lsn()}). It is usable when that is at most {@code maxLag} ago: it then holds
 * every write the primary had committed {@code maxLag} ago. An idle primary with a paused replica
 * is thus no lag at all, and a busy primary with a replica a second behind is one second. Checks
 * run in the background every {@link #checkInterval}; a read that finds the replica gone marks it
 * so at once. Each change of state is logged once, at WARN when reads leave the replica.
 */
public final class ReadReplica implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);

    /** Where the replica is and how far behind the primary it may be. */
    public record Settings(StoreLocation.JdbcUrl url, Duration maxLag) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(maxLag, "maxLag");
            if (maxLag.compareTo(Duration.ofMillis(100)) < 0 || maxLag.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("--db-read-max-lag must be from 0.1 to 86400 seconds (for example 10),"
                        + " was " + maxLag.toMillis() / 1000.0);
            }
        }
    }

    /** A sample of the primary's WAL position and when it was read. */
    private record PrimaryPosition(long nanos, long lsn) {}

    private final HikariDataSource pool;
    // The lag check's own connection to each side: a check that queued behind busy readers for a
    // pooled connection would be late, or time out, and send reads away from a sound replica.
    private final HikariDataSource primaryCheck;
    private final HikariDataSource replicaCheck;
    private final Settings settings;
    private final Duration checkInterval;
    private final ArrayDeque<PrimaryPosition> positions = new ArrayDeque<>();
    private final Thread checker;
    private volatile boolean usable;
    // System.nanoTime() until which the last measurement vouches for the bound: measured lag plus
    // the time since stays within maxLag plus one interval. A late check (a primary slow to answer)
    // then sends reads to the primary instead of stretching the bound.
    private volatile long vouchedUntil;
    // What the last state change said, so that each change is logged once.
    private String state = "";
    private volatile boolean closed;

    private ReadReplica(HikariDataSource pool, HikariDataSource primaryCheck, HikariDataSource replicaCheck, Settings settings) {
        this.pool = pool;
        this.primaryCheck = primaryCheck;
        this.replicaCheck = replicaCheck;
        this.settings = settings;
        this.checkInterval = checkInterval(settings.maxLag());
        this.checker = Thread.ofPlatform().daemon().name("certatlas-read-replica-check").unstarted(this::checkUntilClosed);
    }

    /**
     * Opens a pool on the replica and checks it once before returning: a replica that is up and
     * close behind takes reads at once. One that cannot be reached, or is not a standby, or lags,
     * does not stop the server: reads go to the primary (logged) until a check finds it usable.
     */
    public static ReadReplica open(Settings settings, HikariDataSource primary) {
        HikariConfig config = replicaPoolConfig(settings, "certatlas-read");
        config.setReadOnly(true);
        HikariDataSource pool = new HikariDataSource(config);
        HikariConfig check = replicaPoolConfig(settings, "certatlas-read-check");
        check.setReadOnly(true);
        check.setMaximumPoolSize(1);
        HikariDataSource replicaCheck = new HikariDataSource(check);
        HikariConfig primarySide = Database.poolConfig(primary.getJdbcUrl(), Optional.ofNullable(primary.getUsername()),
                Optional.ofNullable(primary.getPassword()), "certatlas-read-check-primary");
        primarySide.setMaximumPoolSize(1);
        primarySide.setMinimumIdle(0);
        primarySide.setInitializationFailTimeout(-1);
        primarySide.setConnectionTimeout(1_000);
        ReadReplica replica = new ReadReplica(pool, new HikariDataSource(primarySide), replicaCheck, settings);
        replica.check();
        replica.checker.start();
        return replica;
    }

    private static HikariConfig replicaPoolConfig(Settings settings, String name) {
        HikariConfig config = Database.poolConfig(settings.url().url(), settings.url().user(), settings.url().password(), name);
        // Start whether or not the replica answers: reads go to the primary meanwhile.
        config.setInitializationFailTimeout(-1);
        config.setMinimumIdle(0);
        // A replica that stopped costs a read this long before it falls back to the primary.
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(500);
        return config;
    }

    /** How often the lag is measured: a tenth of the bound, from 100 ms to 1 s. */
    static Duration checkInterval(Duration maxLag) {
        Duration tenth = maxLag.dividedBy(10);
        return tenth.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100)
                : tenth.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : tenth;
    }

    public Duration maxLag() {
        return settings.maxLag();
    }

    public Duration checkInterval() {
        return checkInterval;
    }

    /** Reads may go to the replica now (last check found it reachable and within the bound). */
    public boolean usable() {
        return usable;
    }

    /**
     * A connection to the replica for a read, when it is usable; empty when it is not, or when
     * it could not be reached (it is then marked unusable until a check finds it back).
     */
    public Optional<Connection> connection() {
        if (!usable || closed) {
            return Optional.empty();
        }
        if (System.nanoTime() - vouchedUntil > 0) {
            change(false, "has not been measured for too long (the lag check is late)");
            return Optional.empty();
        }
        // The pool gives up after 1 s so that a replica that stopped costs little; one that is only
        // busy (every connection reading) is waited for as long as the primary's pool would be.
        long giveUp = System.nanoTime() + Database.CONNECTION_WAIT.toNanos();
        while (true) {
            try {
                return Optional.of(pool.getConnection());
            } catch (SQLException e) {
                if (!busy(e)) {
                    failed(e);
                    return Optional.empty();
                }
                if (!usable || closed || System.nanoTime() - giveUp > 0) {
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * The pool's time-out with no failed connection behind it (HikariCP gives the last failure to
     * connect as the cause): the replica is answering, only all its connections are taken.
     */
    static boolean busy(SQLException e) {
        return e instanceof SQLTransientConnectionException && e.getCause() == null;
    }

    /** A read on a replica connection failed on the way to the replica: reads go to the primary until a check finds it back. */
    public void failed(Exception e) {
        change(false, "cannot be reached (" + ConnectionFailure.rootMessage(e) + ")");
    }

    private void checkUntilClosed() {
        while (!closed) {
            try {
                Thread.sleep(checkInterval);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                check();
            }
        }
    }

    /** Measures the replica once and says whether reads may go to it. */
    void check() {
        long primaryLsn;
        long now = System.nanoTime();
        try (Connection c = primaryCheck.getConnection();
             PreparedStatement s = c.prepareStatement("select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint");
             ResultSet r = s.executeQuery()) {
            r.next();
            primaryLsn = r.getLong(1);
        } catch (SQLException | RuntimeException e) {
            change(false, "cannot be compared with the primary, which cannot be reached (" + ConnectionFailure.rootMessage(e) + ")");
            return;
        }
        remember(new PrimaryPosition(now, primaryLsn));
        long replayed;
        try (Connection c = replicaCheck.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint");
             ResultSet r = s.executeQuery()) {
            r.next();
            boolean inRecovery = r.getBoolean(1);
            replayed = r.getLong(2);
            if (!inRecovery || r.wasNull()) {
                change(false, "is not a streaming replica (pg_is_in_recovery() is false, or it has replayed no WAL):"
                        + " point --db-read-url at a hot standby of the --db-url database");
                return;
            }
        } catch (SQLException | RuntimeException e) {
            change(false, "cannot be reached (" + ConnectionFailure.rootMessage(e) + ")");
            return;
        }
        // Measured from after the replica answered: what it holds is at least that old by then.
        long measured = System.nanoTime();
        Optional<Duration> lag = lag(replayed, measured);
        if (lag.isPresent() && lag.get().compareTo(settings.maxLag()) <= 0) {
            vouchedUntil = measured + settings.maxLag().minus(lag.get()).plus(checkInterval).toNanos();
            change(true, "is within " + format(settings.maxLag()) + " of the primary");
        } else {
            change(false, "lags the primary by " + lag.map(ReadReplica::format).orElseGet(() -> "more than "
                    + format(oldestKept(measured))) + ", beyond --db-read-max-lag " + format(settings.maxLag()));
        }
    }

    private void remember(PrimaryPosition position) {
        synchronized (positions) {
            positions.addLast(position);
            // Kept long enough to tell a lag of twice the bound, and never more than that in count.
            long keep = 2 * settings.maxLag().toNanos() + 2 * checkInterval.toNanos();
            while (positions.size() > 2 && position.nanos() - positions.peekFirst().nanos() > keep) {
                positions.removeFirst();
            }
        }
    }

    /**
     * How old the replica's data is: now minus the newest sample of the primary's position it
     * has replayed; empty when it has replayed none of the samples kept (older than all of them).
     */
    private Optional<Duration> lag(long replayed, long now) {
        synchronized (positions) {
            Iterator<PrimaryPosition> newestFirst = positions.descendingIterator();
            while (newestFirst.hasNext()) {
                PrimaryPosition p = newestFirst.next();
                if (p.lsn() <= replayed) {
                    return Optional.of(Duration.ofNanos(Math.max(0, now - p.nanos())));
                }
            }
        }
        return Optional.empty();
    }

    /** How long ago the oldest position kept was read. */
    private Duration oldestKept(long now) {
        synchronized (positions) {
            return Duration.ofNanos(now - positions.peekFirst().nanos());
        }
    }

    private void change(boolean nowUsable, String why) {
        String next = (nowUsable ? "list, count and export reads go to the read replica "
                : "list, count and export reads go to the primary: the read replica ") + url() + " " + why;
        synchronized (this) {
            boolean changed = nowUsable != usable || state.isEmpty();
            usable = nowUsable;
            if (!changed || closed) {
                return;
            }
            state = next;
        }
        if (nowUsable) {
            LOG.info(next);
        } else {
            LOG.warn(next);
        }
    }

    private static String format(Duration d) {
        return d.toMillis() < 10_000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    @Override
    public void close() {
        closed = true;
        checker.interrupt();
        try {
            checker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        replicaCheck.close();
        primaryCheck.close();
    }

    /** The replica's URL with any password in it masked. */
    private String url() {
        String text = settings.url().toString();
        return text.substring(text.indexOf('[') + 1, text.length() - 1);
    }

    @Override
    public String toString() {
        return "read replica " + url();
    }
}
