package io.certatlas.store.jobs;

import io.certatlas.store.access.AccessException;
import io.certatlas.store.access.AccessException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * The credentials of scanner agents: each bound to one {@link Zone}, revocable, and no user's.
 * A token reads {@code certatlas-agent_ID_SECRET}: the id (16 hex digits) finds its row, the
 * secret (64 hex digits, 256 random bits) is checked against the SHA-256 kept there. A slow hash
 * guards guessable passwords; a random 256-bit secret cannot be guessed, and the check runs on
 * every request of the agent.
 */
public final class AgentTokens {

    /** How every agent token starts; also how the server tells one from a user's JWT. */
    public static final String PREFIX = "certatlas-agent_";

    private static final Pattern TOKEN = Pattern.compile(Pattern.quote(PREFIX) + "([0-9a-f]{16})_([0-9a-f]{64})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final String COLUMNS = "public_id, name, zone, created_by, created, revoked";

    private final DSLContext db;

    public AgentTokens(DSLContext db) {
        this.db = db;
    }

    /** Whether a bearer token has the shape of an agent token (it may still be unknown or revoked). */
    public static boolean looksLikeAgentToken(String bearer) {
        return bearer.startsWith(PREFIX);
    }

    /**
     * Creates a token for an agent of {@code zone}; its secret is in the answer and nowhere else.
     *
     * @throws AccessException INVALID for a bad name, CONFLICT when a token in force has the name
     */
    public IssuedAgentToken create(String name, Zone zone, String createdBy) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AccessException(Kind.INVALID, "an agent name is 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit (e.g. dmz-scanner-1), was " + (name == null ? "nothing" : "'" + name + "'"));
        }
        String id = HEX.formatHex(random(8));
        String secret = HEX.formatHex(random(32));
        try {
            db.execute("insert into agent_token (public_id, name, zone, secret_sha256, created_by) values (?, ?, ?, ?, ?)",
                    id, name, zone.name(), sha256(secret), createdBy);
        } catch (IntegrityConstraintViolationException e) {
            throw new AccessException(Kind.CONFLICT, "an agent token named '" + name + "' is already in force; revoke it first"
                    + " or choose another name");
        }
        return new IssuedAgentToken(find(id).orElseThrow(), PREFIX + id + "_" + secret);
    }

    /** Every token, in force or revoked, newest first; never a secret. */
    public List<AgentToken> list() {
        return db.resultQuery("select " + COLUMNS + " from agent_token order by created desc, id desc").fetch().map(AgentTokens::toToken);
    }

    public Optional<AgentToken> find(String id) {
        return db.resultQuery("select " + COLUMNS + " from agent_token where public_id = ?", id).fetchOptional().map(AgentTokens::toToken);
    }

    /**
     * Revokes a token by its id, or by the name of the token in force so named; the agent using
     * it is refused from its next request on. Revoking a revoked token changes nothing.
     *
     * @throws AccessException NOT_FOUND when no token has that id or name
     */
    public AgentToken revoke(String idOrName) {
        db.execute("update agent_token set revoked = now() where revoked is null and (public_id = ? or lower(name) = lower(?))",
                idOrName, idOrName);
        return find(idOrName).or(() -> db.resultQuery("select " + COLUMNS + " from agent_token where lower(name) = lower(?)"
                        + " order by created desc, id desc limit 1", idOrName).fetchOptional().map(AgentTokens::toToken))
                .orElseThrow(() -> new AccessException(Kind.NOT_FOUND, "no agent token has the id or name '" + idOrName
                        + "'; 'certatlas agent list' or GET /api/v1/agent-tokens shows them"));
    }

    /** The token in force that {@code presented} is, if it is one: right shape, known id, matching secret, not revoked. */
    public Optional<AgentToken> authenticate(String presented) {
        Matcher parts = TOKEN.matcher(presented);
        if (!parts.matches()) {
            return Optional.empty();
        }
        return db.resultQuery("select " + COLUMNS + ", secret_sha256 from agent_token where public_id = ? and revoked is null",
                        parts.group(1)).fetchOptional()
                .filter(row -> MessageDigest.isEqual(row.get("secret_sha256", String.class).getBytes(StandardCharsets.US_ASCII),
                        sha256(parts.group(2)).getBytes(StandardCharsets.US_ASCII)))
                .map(AgentTokens::toToken);
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static String sha256(String secret) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static AgentToken toToken(Record r) {
        return new AgentToken(r.get("public_id", String.class), r.get("name", String.class), new Zone(r.get("zone", String.class)),
                r.get("created_by", String.class), r.get("created", OffsetDateTime.class).toInstant(),
                Optional.ofNullable(r.get("revoked", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }
}
