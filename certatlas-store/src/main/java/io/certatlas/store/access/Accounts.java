package io.certatlas.store.access;

import io.certatlas.store.access.AccessException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/** User accounts and their scopes. Password hashing is the caller's (the server's encoder). */
public final class Accounts {

    private static final String SELECT_ACCOUNT = """
            select u.id, u.uuid, u.username, u.password_hash, u.role, u.failed_logins, u.locked_until, u.created,
                   coalesce(array(select t.name from user_scope_tag s join tag t on t.id = s.tag_id
                                  where s.user_id = u.id order by lower(t.name)), '{}') as scope_tags,
                   coalesce(array(select s.tag_id from user_scope_tag s where s.user_id = u.id order by s.tag_id), '{}')
                       as scope_tag_ids
            from app_user u
            """;

    private final DSLContext db;

    public Accounts(DSLContext db) {
        this.db = db;
    }

    public Optional<Account> find(String username) {
        return db.resultQuery(SELECT_ACCOUNT + " where lower(u.username) = lower(?)", username)
                .fetchOptional()
                .map(Accounts::toAccount);
    }

    public List<Account> list() {
        return db.resultQuery(SELECT_ACCOUNT + " order by lower(u.username)").fetch().map(Accounts::toAccount);
    }

    public boolean isEmpty() {
        return db.resultQuery("select count(*) from app_user").fetchOne(0, Long.class) == 0;
    }

    /** Creates an account; the scope names tags that must exist. */
    public Account create(String username, String passwordHash, Role role, List<String> scopeTags) {
        validateUsername(username);
        return db.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            long id;
            try {
                id = t.resultQuery(
                        "insert into app_user (uuid, username, password_hash, role) values (?, ?, ?, ?) returning id",
                        UUID.randomUUID(), username, passwordHash, role.name()).fetchOne(0, Long.class);
            } catch (IntegrityConstraintViolationException e) {
                throw new AccessException(Kind.CONFLICT, "a user named '" + username + "' already exists; choose another name");
            }
            new Accounts(t).replaceScope(id, scopeTags);
            return new Accounts(t).find(username).orElseThrow();
        });
    }

    public Account setScope(String username, List<String> scopeTags) {
        return db.transactionResult(tx -> {
            Accounts accounts = new Accounts(tx.dsl());
            Account account = accounts.find(username).orElseThrow(() -> notFound(username));
            accounts.replaceScope(account.id(), scopeTags);
            return accounts.find(username).orElseThrow();
        });
    }

    public void setPasswordHash(String username, String passwordHash) {
        int changed = db.execute("update app_user set password_hash = ?, failed_logins = 0, locked_until = null,"
                + " updated = now() where lower(username) = lower(?)", passwordHash, username);
        if (changed == 0) {
            throw notFound(username);
        }
    }

    public void delete(String username) {
        int changed = db.execute("delete from app_user where lower(username) = lower(?)", username);
        if (changed == 0) {
            throw notFound(username);
        }
    }

    /**
     * Counts a failed login; after {@code freeAttempts} failures in a row the account is locked
     * for a time that doubles with each further failure, up to {@code maxLock}.
     */
    public void recordFailedLogin(long accountId, int freeAttempts, Duration firstLock, Duration maxLock) {
        db.transaction(tx -> {
            DSLContext t = tx.dsl();
            int failures = t.resultQuery(
                    "update app_user set failed_logins = failed_logins + 1 where id = ? returning failed_logins",
                    accountId).fetchOne(0, Integer.class);
            if (failures >= freeAttempts) {
                int doublings = Math.min(failures - freeAttempts, 20);
                Duration lock = firstLock.multipliedBy(1L << doublings);
                if (lock.compareTo(maxLock) > 0) {
                    lock = maxLock;
                }
                t.execute("update app_user set locked_until = now() + ? * interval '1 millisecond' where id = ?",
                        lock.toMillis(), accountId);
            }
        });
    }

    public void recordSuccessfulLogin(long accountId) {
        db.execute("update app_user set failed_logins = 0, locked_until = null where id = ? and failed_logins > 0", accountId);
    }

    private void replaceScope(long userId, List<String> scopeTags) {
        db.execute("delete from user_scope_tag where user_id = ?", userId);
        for (String name : scopeTags) {
            Long tagId = db.resultQuery("select id from tag where lower(name) = lower(?)", name)
                    .fetchOptional(0, Long.class).orElse(null);
            if (tagId == null) {
                throw new AccessException(Kind.INVALID,
                        "scope names tag '" + name + "', which does not exist; create it first (POST /api/v1/tags or 'certatlas tag add')");
            }
            db.execute("insert into user_scope_tag (user_id, tag_id) values (?, ?) on conflict do nothing", userId, tagId);
        }
    }

    private static void validateUsername(String username) {
        if (username == null || username.isBlank() || username.length() > 100
                || !username.chars().allMatch(c -> Character.isLetterOrDigit(c) || "._-@".indexOf(c) >= 0)) {
            throw new AccessException(Kind.INVALID,
                    "username must be 1 to 100 letters, digits or . _ - @, was '" + username + "'");
        }
    }

    private static AccessException notFound(String username) {
        return new AccessException(Kind.NOT_FOUND, "no user named '" + username + "'");
    }

    private static Account toAccount(Record r) {
        OffsetDateTime locked = r.get("locked_until", OffsetDateTime.class);
        String[] tags = r.get("scope_tags", String[].class);
        Long[] tagIds = r.get("scope_tag_ids", Long[].class);
        return new Account(
                r.get("id", Long.class),
                r.get("uuid", UUID.class),
                r.get("username", String.class),
                r.get("password_hash", String.class),
                Role.valueOf(r.get("role", String.class)),
                r.get("failed_logins", Integer.class),
                Optional.ofNullable(locked).map(OffsetDateTime::toInstant),
                tags == null ? List.of() : new ArrayList<>(Arrays.asList(tags)),
                tagIds == null ? List.of() : Arrays.asList(tagIds),
                r.get("created", OffsetDateTime.class).toInstant());
    }

}
