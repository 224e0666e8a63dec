package io.certatlas.store.access;

import io.certatlas.store.StatementRows;
import io.certatlas.store.access.AccessException.Kind;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** User accounts and their scopes. Password hashing is the caller's (the server's encoder). */
public final class Accounts {

    /** Every account lookup reads the one definition of an account's row (migration V30). */
    private static final String SELECT_ACCOUNT = "select a.* from account_row a";

    private final DSLContext db;

    public Accounts(DSLContext db) {
        this.db = db;
    }

    public Optional<Account> find(String username) {
        return accounts(SELECT_ACCOUNT + " where lower(a.username) = lower(?)", username).stream().findFirst();
    }

    /** The account a token names: by its uuid, which no other account ever gets (a name can be reused). */
    public Optional<Account> find(UUID uuid) {
        // Asked on every authenticated request: a function, so that PostgreSQL keeps its plan (V30).
        return accounts("select a.* from account_by_uuid(?) a", uuid).stream().findFirst();
    }

    public List<Account> list() {
        return accounts(SELECT_ACCOUNT + " order by lower(a.username)");
    }

    /**
     * The accounts a statement selects, read through JDBC: jOOQ learning an untyped row's columns
     * from its metadata cost more JVM time than PostgreSQL spent on the statement, on every
     * authenticated request (8 % of the server's CPU samples under the v1 API's load).
     */
    private List<Account> accounts(String sql, Object... values) {
        return db.connectionResult(connection -> {
            List<Account> accounts = new ArrayList<>();
            StatementRows.forEach(connection, sql, List.of(values), row -> accounts.add(toAccount(row)));
            return accounts;
        });
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
                throw new AccessException(Kind.CONFLICT, Optional.of("username"), "a user named '" + username
                        + "' already exists; choose another name");
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
            accounts.revokeTokens(account.id());
            return accounts.find(username).orElseThrow();
        });
    }

    /** Changes the account's role; every token issued before stops working (it was issued for the old role). */
    public Account setRole(String username, Role role) {
        return db.transactionResult(tx -> {
            Accounts accounts = new Accounts(tx.dsl());
            Account account = accounts.find(username).orElseThrow(() -> notFound(username));
            if (role != Role.MANAGER) {
                accounts.keepAManagerBesides(account);
            }
            tx.dsl().execute("update app_user set role = ?, updated = now() where id = ?", role.name(), account.id());
            accounts.revokeTokens(account.id());
            return accounts.find(username).orElseThrow();
        });
    }

    /** Sets a new password: ends a lock-out, and every token issued before stops working. */
    public void setPasswordHash(String username, String passwordHash) {
        db.transaction(tx -> {
            Long id = tx.dsl().resultQuery("update app_user set password_hash = ?, token_generation = token_generation + 1,"
                    + " updated = now() where lower(username) = lower(?) returning id", passwordHash, username)
                    .fetchOptional(0, Long.class).orElseThrow(() -> notFound(username));
            new LoginThrottle(tx.dsl()).clear(LoginThrottle.account(id));
        });
    }

    /** Deletes the account; its tokens stop working, and a new account of the same name never inherits them. */
    public void delete(String username) {
        db.transaction(tx -> {
            Accounts accounts = new Accounts(tx.dsl());
            accounts.keepAManagerBesides(accounts.find(username).orElseThrow(() -> notFound(username)));
            Long id = tx.dsl().resultQuery("delete from app_user where lower(username) = lower(?) returning id", username)
                    .fetchOptional(0, Long.class).orElseThrow(() -> notFound(username));
            new LoginThrottle(tx.dsl()).clear(LoginThrottle.account(id));
        });
    }

    /**
     * Refuses to demote or delete the only manager, after which nobody could manage users through
     * the API. The managers' rows stay locked until the caller's transaction ends, so that two
     * managers demoting each other at once cannot both succeed.
     */
    private void keepAManagerBesides(Account account) {
        if (account.role() != Role.MANAGER) {
            return;
        }
        List<Long> managers = db.resultQuery("select id from app_user where role = ? order by id for update", Role.MANAGER.name())
                .fetch(0, Long.class);
        if (managers.stream().allMatch(id -> id == account.id())) {
            throw new AccessException(Kind.CONFLICT, "'" + account.username() + "' is the only manager; make another user"
                    + " a manager first (PUT /api/v1/users/{username}/role or 'certatlas user role <name> manager')");
        }
    }

    /** Advances the account's token generation: tokens carry the generation they were issued in. */
    private void revokeTokens(long accountId) {
        db.execute("update app_user set token_generation = token_generation + 1, updated = now() where id = ?", accountId);
    }

    private void replaceScope(long userId, List<String> scopeTags) {
        db.execute("delete from user_scope_tag where user_id = ?", userId);
        for (String name : scopeTags) {
            Long tagId = db.resultQuery("select id from tag where lower(name) = lower(?)", name)
                    .fetchOptional(0, Long.class).orElse(null);
            if (tagId == null) {
                throw new AccessException(Kind.INVALID, Optional.of("scope"),
                        "scope names tag '" + name + "', which does not exist; create it first (POST /api/v1/tags or 'certatlas tag add')");
            }
            db.execute("insert into user_scope_tag (user_id, tag_id) values (?, ?) on conflict do nothing", userId, tagId);
        }
    }

    private static void validateUsername(String username) {
        if (username == null || username.isBlank() || username.length() > 100
                || !username.chars().allMatch(c -> Character.isLetterOrDigit(c) || "._-@".indexOf(c) >= 0)
                || ApiName.isOnlyDots(username)) {
            // Only dots: /api/v1/users/.. would be read as /api/v1, and that user could not be addressed.
            throw new AccessException(Kind.INVALID, Optional.of("username"),
                    "username must be 1 to 100 letters, digits or . _ - @, not only dots, was '" + username + "'");
        }
    }

    private static AccessException notFound(String username) {
        return new AccessException(Kind.NOT_FOUND, "no user named '" + username + "'");
    }

    private static Account toAccount(ResultSet r) throws SQLException {
        OffsetDateTime locked = r.getObject("locked_until", OffsetDateTime.class);
        return new Account(
                r.getLong("id"),
                r.getObject("uuid", UUID.class),
                r.getString("username"),
                r.getString("password_hash"),
                Role.valueOf(r.getString("role")),
                r.getLong("token_generation"),
                r.getInt("failed_logins"),
                Optional.ofNullable(locked).map(OffsetDateTime::toInstant),
                elements(r, "scope_tags", String[].class),
                elements(r, "scope_tag_ids", Long[].class),
                r.getObject("created", OffsetDateTime.class).toInstant());
    }

    /** The elements of an array column; SQL NULL (an account without scope): none. */
    private static <T> List<T> elements(ResultSet r, String column, Class<T[]> type) throws SQLException {
        Array array = r.getArray(column);
        return array == null ? List.of() : Arrays.asList(type.cast(array.getArray()));
    }

}
