package io.certatlas.store.keys;

import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.StoreException;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.keys.KeyWeakness;
import io.certatlas.x509.keys.SingleKeyChecks;
import io.certatlas.x509.keys.SubjectKey;
import io.certatlas.x509.keys.gcd.Arithmetic;
import io.certatlas.x509.keys.gcd.BatchGcd;
import io.certatlas.x509.keys.gcd.ModulusPopulation;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The weak-key audit of one inventory: the single-key checks of {@code io.certatlas.x509.keys},
 * plus what only the whole population shows: moduli sharing a prime (batch GCD) and one key on
 * many certificates. Results go to {@code certificate_key}, to {@code certificate.key_weaknesses}
 * (QQL {@code keyWeakness}) and, as findings, to every endpoint currently serving a weak key.
 *
 * <p>Incremental: a new certificate's modulus is checked against the whole population at once
 * ({@link ModulusPopulation}, loaded from the database on first use and kept in memory), then
 * added to it. An import that brings more than {@value #INCREMENTAL_LIMIT} new moduli at once gets
 * a full batch GCD instead, which is quasi-linear where one check per key would be quadratic.
 *
 * <p>One instance per database ({@code Database.keyAudit()}): it holds the population.
 */
public final class KeyAudit implements AutoCloseable {

    static final int INCREMENTAL_LIMIT = 2_000;
    /** Longer moduli are checked alone but kept out of the population: a hostile certificate must not cost the GCD much. */
    static final int MAX_MODULUS_BITS = 16_384;
    private static final System.Logger LOG = System.getLogger(KeyAudit.class.getName());
    private static final String SHARED_DETAIL =
            "shares a prime factor with another RSA key in the inventory (found by batch GCD): its private key can be computed";

    private final DataSource dataSource;
    private final Arithmetic arithmetic;
    private final ForkJoinPool pool;
    private final ReentrantLock auditLock = new ReentrantLock();
    private final Object loading = new Object();
    private volatile ModulusPopulation population;
    /** Partners found while judging an observation, kept for the audit that follows its recording. */
    private final Map<BigInteger, List<BigInteger>> pendingPartners = new ConcurrentHashMap<>();
    private volatile CompletableFuture<AuditSummary> recomputation = CompletableFuture.completedFuture(
            new AuditSummary(0, 0, Map.of(), Duration.ZERO));

    public KeyAudit(DataSource dataSource) {
        this(dataSource, Arithmetic.best(), Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    public KeyAudit(DataSource dataSource, Arithmetic arithmetic, int threads) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.arithmetic = Objects.requireNonNull(arithmetic, "arithmetic");
        this.pool = new ForkJoinPool(threads);
    }

    public String arithmetic() {
        return arithmetic.name();
    }

    // ---------------------------------------------------------------- before an observation is recorded

    /**
     * The key findings of a chain about to be recorded, so that they arrive in the observation's own
     * transaction (a finding recorded later would be closed by the next scan of the same endpoint).
     */
    public List<ObservedFinding> findingsFor(List<CertificateFacts> chain) {
        Map<KeyWeakness, List<String>> lines = new EnumMap<>(KeyWeakness.class);
        Set<String> seen = new HashSet<>();
        // Loaded before a connection is taken: loading takes one of its own, and recorders share a small pool.
        ModulusPopulation known = population();
        try (Connection c = dataSource.getConnection()) {
            for (int position = 0; position < chain.size(); position++) {
                CertificateFacts facts = chain.get(position);
                if (!seen.add(facts.certhash())) {
                    continue;
                }
                Optional<SubjectKey> key = keyOf(facts.der());
                if (key.isEmpty()) {
                    continue;
                }
                Map<KeyWeakness, String> found = new EnumMap<>(KeyWeakness.class);
                SingleKeyChecks.problems(key.get()).forEach(p -> found.put(p.weakness(), p.detail()));
                StoredKey stored = stored(c, key.get().spkiSha256(), facts.certhash());
                if (stored.shared()) {
                    found.put(KeyWeakness.SHARED_PRIME, SHARED_DETAIL);
                }
                if (stored.otherCertificates() > 0) {
                    found.put(KeyWeakness.REUSED_KEY, reuseDetail(stored.otherCertificates() + 1));
                }
                Optional<BigInteger> modulus = CheckedKey.populationModulus(key.get());
                if (modulus.isPresent() && !found.containsKey(KeyWeakness.SHARED_PRIME)) {
                    if (!known.contains(modulus.get())) {
                        List<BigInteger> partners = known.sharingFactorWith(modulus.get());
                        pendingPartners.put(modulus.get(), partners);
                        if (!partners.isEmpty()) {
                            found.put(KeyWeakness.SHARED_PRIME, SHARED_DETAIL);
                        }
                    }
                }
                int at = position;
                found.forEach((w, detail) -> lines.computeIfAbsent(w, x -> new ArrayList<>()).add(line(at, facts.subject().name(), detail)));
            }
        } catch (SQLException e) {
            throw new StoreException("the key checks could not read the inventory: " + e.getMessage(), e);
        }
        List<ObservedFinding> findings = new ArrayList<>();
        lines.forEach((w, l) -> findings.add(new ObservedFinding(w.qid(), w.title(), w.severity(), String.join("; ", l))));
        return findings;
    }

    private record StoredKey(boolean shared, long otherCertificates) {
    }

    private static StoredKey stored(Connection c, String spki, String certhash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT coalesce(bool_or('SharedPrime' = ANY (k.weaknesses)), false),
                       count(*) FILTER (WHERE cert.certhash <> ?)
                FROM certificate_key k JOIN certificate cert ON cert.id = k.certificate_id
                WHERE k.spki_sha256 = ?
                """)) {
            s.setString(1, certhash);
            s.setString(2, spki);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new StoredKey(rs.getBoolean(1), rs.getLong(2));
            }
        }
    }

    // ---------------------------------------------------------------- after certificates are stored

    /** Audits the keys of these stored certificates (recorded by a scan or an import) against the whole inventory. */
    public AuditSummary audit(Collection<Long> certificateIds) {
        return audit(certificateIds, AuditListener.SILENT);
    }

    public AuditSummary audit(Collection<Long> certificateIds, AuditListener listener) {
        return audit(certificateIds, listener, true);
    }

    /**
     * @param reuseNow whether to mark key reuse now; {@link #auditUnchecked} marks it once after its
     *     last batch instead: marked per batch, the rows of a key on many certificates were rewritten at
     *     every batch (their count changes), quadratic in the certificates sharing it
     */
    private AuditSummary audit(Collection<Long> certificateIds, AuditListener listener, boolean reuseNow) {
        Instant started = Instant.now();
        if (certificateIds.isEmpty()) {
            return new AuditSummary(0, 0, Map.of(), Duration.ZERO);
        }
        ModulusPopulation known = population();
        auditLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Audited> audited = readAndCheck(c, certificateIds, listener);

                // Shared primes: each new modulus against the population, then into it.
                Set<BigInteger> fresh = new LinkedHashSet<>();
                audited.forEach(a -> a.modulus().filter(m -> !known.contains(m)).ifPresent(fresh::add));
                boolean full = fresh.size() > INCREMENTAL_LIMIT;
                Set<BigInteger> shared = new HashSet<>(sharedAlready(c, audited));
                Set<BigInteger> partnerModuli = new HashSet<>();
                long checkedModuli = 0;
                if (full) {
                    known.addAll(List.copyOf(fresh));
                } else {
                    for (BigInteger n : fresh) {
                        List<BigInteger> partners = Optional.ofNullable(pendingPartners.remove(n)).orElseGet(() -> known.sharingFactorWith(n));
                        known.addAll(List.of(n));
                        if (!partners.isEmpty()) {
                            shared.add(n);
                            partnerModuli.addAll(partners);
                        }
                        listener.progress("shared primes", ++checkedModuli, fresh.size());
                    }
                }
                for (Audited a : audited) {
                    if (a.modulus().filter(shared::contains).isPresent() || a.modulus().filter(partnerModuli::contains).isPresent()) {
                        a.problems().put(KeyWeakness.SHARED_PRIME, SHARED_DETAIL);
                    }
                }
                // Only certificates whose key record changed have findings to change: an unchanged
                // one (the usual case when a scan sees a known certificate again) is left alone, or
                // recording a certificate served on N endpoints would rewrite the findings of all N.
                Set<Long> affected = upsert(c, audited);
                affected.addAll(markShared(c, partnerModuli));
                if (reuseNow) {
                    affected.addAll(markReuse(c, audited.stream().map(Audited::spkiSha256).distinct().toList()));
                }
                syncCertificates(c, affected);
                KeyFindings.refresh(c, affected);
                c.commit();
                AuditSummary summary = summarise(c, audited.stream().map(Audited::certificateId).toList(), started);
                if (full) {
                    recomputeInBackground(AuditListener.SILENT);
                }
                return summary;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("the key audit failed: " + e.getMessage(), e);
        } finally {
            auditLock.unlock();
        }
    }

    /** Audits every certificate whose key has not been checked yet (after an import, or on demand). */
    public AuditSummary auditUnchecked(AuditListener listener) {
        Instant started = Instant.now();
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT c.id FROM certificate c WHERE NOT EXISTS (SELECT 1 FROM certificate_key k WHERE k.certificate_id = c.id)
                     ORDER BY c.id""")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list the certificates to check: " + e.getMessage(), e);
        }
        long checked = 0;
        Set<Long> all = new LinkedHashSet<>();
        for (int from = 0; from < ids.size(); from += 5_000) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + 5_000));
            checked += audit(batch, AuditListener.SILENT, false).checked();
            all.addAll(batch);
            listener.progress("single-key checks", checked, ids.size());
        }
        if (all.isEmpty()) {
            return new AuditSummary(0, 0, Map.of(), Duration.between(started, Instant.now()));
        }
        auditLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<Long> affected = markReuse(c, spkisOf(c, all));
                syncCertificates(c, affected);
                KeyFindings.refresh(c, affected);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return summarise(c, List.copyOf(all), started);
        } catch (SQLException e) {
            throw new StoreException("cannot finish the key audit: " + e.getMessage(), e);
        } finally {
            auditLock.unlock();
        }
    }

    /**
     * Finishes the audit of an import whose keys were written with its certificates
     * (the importer's {@code CertificateBatch.insertNew}) from {@code since} on (the database's clock before its first batch):
     * what only the whole inventory shows, that is moduli sharing a prime with another and keys on
     * several certificates, then the keys of any certificate the import could not key (a batch
     * merged with rows another writer stored). The key rows are read once, in chunks, never the
     * certificates themselves.
     */
    public AuditSummary auditImported(Instant since, AuditListener listener) {
        Instant started = Instant.now();
        ModulusPopulation known = population();
        boolean full = false;
        auditLock.lock();
        try (Connection read = dataSource.getConnection(); Connection c = dataSource.getConnection()) {
            read.setAutoCommit(false);
            c.setAutoCommit(false);
            try (PreparedStatement s = read.prepareStatement("""
                    SELECT certificate_id, rsa_modulus, weaknesses <> '{}' FROM certificate_key WHERE audited >= ?""")) {
                s.setFetchSize(IMPORT_CHUNK);
                s.setTimestamp(1, Timestamp.from(since));
                List<ImportedRow> chunk = new ArrayList<>(IMPORT_CHUNK);
                long seen = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byte[] modulus = rs.getBytes(2);
                        chunk.add(new ImportedRow(rs.getLong(1), Optional.ofNullable(modulus).map(BigInteger::new), rs.getBoolean(3)));
                        if (chunk.size() == IMPORT_CHUNK) {
                            full |= populationChecks(c, known, chunk);
                            seen += chunk.size();
                            listener.progress("shared primes", seen, 0);
                            chunk.clear();
                        }
                    }
                }
                full |= populationChecks(c, known, chunk);
            }
            read.commit();
            Set<Long> affected = markReuse(c, since);
            syncCertificates(c, affected);
            KeyFindings.refresh(c, affected);
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("the key audit of the import failed: " + e.getMessage(), e);
        } finally {
            auditLock.unlock();
        }
        auditUnchecked(listener);
        if (full) {
            recomputeInBackground(AuditListener.SILENT);
        }
        try (Connection c = dataSource.getConnection()) {
            return summariseSince(c, since, started);
        } catch (SQLException e) {
            throw new StoreException("cannot count the key weaknesses: " + e.getMessage(), e);
        }
    }

    static final int IMPORT_CHUNK = 5_000;

    /** A key row an import wrote: its certificate, its modulus for the GCD, and whether the single-key checks found something. */
    private record ImportedRow(long certificateId, Optional<BigInteger> modulus, boolean weak) {
    }

    /**
     * The shared-prime checks of a chunk of imported keys, in the chunk's own transaction (committed
     * here); true when the chunk brought more new moduli than the incremental check is worth, so that
     * a full batch GCD must follow.
     */
    private boolean populationChecks(Connection c, ModulusPopulation known, List<ImportedRow> chunk) throws SQLException {
        if (chunk.isEmpty()) {
            return false;
        }
        // Every modulus of the import is checked, even one the population holds already: a population
        // first read from the database after the import wrote its keys holds them unchecked.
        Set<BigInteger> fresh = new LinkedHashSet<>();
        Set<Long> affected = new LinkedHashSet<>();
        for (ImportedRow row : chunk) {
            row.modulus().ifPresent(fresh::add);
            if (row.weak()) {
                affected.add(row.certificateId());
            }
        }
        boolean full = fresh.size() > INCREMENTAL_LIMIT;
        // Moduli already marked on another certificate's row (the same key seen before) mark these too.
        Set<BigInteger> shared = new HashSet<>(sharedAmong(c, fresh));
        if (full) {
            known.addAll(List.copyOf(fresh));
        } else {
            for (BigInteger n : fresh) {
                List<BigInteger> partners = known.sharingFactorWith(n);
                known.addAll(List.of(n));
                if (!partners.isEmpty()) {
                    shared.add(n);
                    shared.addAll(partners);
                }
            }
        }
        affected.addAll(markShared(c, shared));
        syncCertificates(c, affected);
        KeyFindings.refresh(c, affected);
        c.commit();
        return full;
    }

    // ---------------------------------------------------------------- the full recomputation

    /** Starts a full batch GCD on a background thread unless one is running; the future ends with its summary. */
    public synchronized CompletableFuture<AuditSummary> recomputeInBackground(AuditListener listener) {
        if (!recomputation.isDone()) {
            return recomputation;
        }
        CompletableFuture<AuditSummary> next = new CompletableFuture<>();
        recomputation = next;
        Thread.ofPlatform().daemon().name("key-batch-gcd").start(() -> {
            try {
                next.complete(recomputeAll(listener));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "the full batch GCD failed: " + e, e);
                next.completeExceptionally(e);
            }
        });
        return next;
    }

    /**
     * Batch GCD over every distinct RSA modulus of the inventory: marks every key sharing a prime,
     * clears the mark from keys that no longer do (their partner was deleted), and rebuilds the
     * in-memory population.
     */
    public AuditSummary recomputeAll(AuditListener listener) {
        // The database's clock, which stamps certificate_key.audited.
        Instant started = databaseNow();
        List<BigInteger> moduli = loadModuli();
        listener.progress("batch GCD", 0, moduli.size());
        Set<BigInteger> shared = new HashSet<>();
        new BatchGcd(arithmetic, pool).sharedFactors(moduli, done -> listener.progress("batch GCD", done, moduli.size()),
                (i, g) -> shared.add(moduli.get(i)));
        ModulusPopulation rebuilt = new ModulusPopulation(arithmetic, pool);
        rebuilt.addAll(moduli);
        auditLock.lock();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<Long> affected = new LinkedHashSet<>(markShared(c, shared));
                try (PreparedStatement s = c.prepareStatement("""
                        UPDATE certificate_key SET weaknesses = array_remove(weaknesses, 'SharedPrime'), details = details - 'SharedPrime'
                        WHERE 'SharedPrime' = ANY (weaknesses) AND NOT (rsa_modulus = ANY (?))
                          -- a key audited while the GCD ran was judged against the live population: its mark stands
                          AND audited < ?
                        RETURNING certificate_id""")) {
                    s.setArray(1, c.createArrayOf("bytea", shared.stream().map(BigInteger::toByteArray).toArray(byte[][]::new)));
                    s.setTimestamp(2, Timestamp.from(started));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            affected.add(rs.getLong(1));
                        }
                    }
                }
                syncCertificates(c, affected);
                KeyFindings.refresh(c, affected);
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO key_audit_run (started, finished, moduli, shared, arithmetic) VALUES (?, now(), ?, ?, ?)")) {
                    s.setTimestamp(1, Timestamp.from(started));
                    s.setInt(2, moduli.size());
                    s.setInt(3, shared.size());
                    s.setString(4, arithmetic.name());
                    s.executeUpdate();
                }
                c.commit();
                // Moduli that arrived while the GCD ran are in the live population, not in the rebuilt one.
                List<BigInteger> arrived = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT rsa_modulus FROM certificate_key WHERE audited >= ? AND rsa_modulus IS NOT NULL")) {
                    s.setTimestamp(1, Timestamp.from(started));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            arrived.add(new BigInteger(rs.getBytes(1)));
                        }
                    }
                }
                c.commit();
                rebuilt.addAll(arrived);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            ModulusPopulation old;
            synchronized (loading) {
                old = population;
                population = rebuilt;
            }
            if (old != null) {
                old.close();
            }
            return summarise(c, List.of(), started);
        } catch (SQLException e) {
            rebuilt.close();
            throw new StoreException("the full batch GCD could not be stored: " + e.getMessage(), e);
        } finally {
            auditLock.unlock();
        }
    }

    /** The full batch GCD running in the background, or the last one finished; a command waits for it before it exits. */
    public CompletableFuture<AuditSummary> recomputation() {
        return recomputation;
    }

    /** The key weaknesses of these certificates, counted by certificate (for a scan's summary line). */
    public AuditSummary summaryOf(Collection<Long> certificateIds) {
        if (certificateIds.isEmpty()) {
            return new AuditSummary(0, 0, Map.of(), Duration.ZERO);
        }
        try (Connection c = dataSource.getConnection()) {
            return summarise(c, List.copyOf(certificateIds), Instant.now());
        } catch (SQLException e) {
            throw new StoreException("cannot count the key weaknesses: " + e.getMessage(), e);
        }
    }

    /** The whole inventory's key weaknesses, counted by certificate. */
    public AuditSummary inventorySummary() {
        try (Connection c = dataSource.getConnection()) {
            return summarise(c, List.of(), Instant.now());
        } catch (SQLException e) {
            throw new StoreException("cannot count the key weaknesses: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- internals

    /** One certificate's key as audited: what the single-key checks found, and its modulus for the GCD. */
    private record Audited(long certificateId, String spkiSha256, String algorithm, Optional<BigInteger> modulus,
                           Map<KeyWeakness, String> problems) {
    }

    private List<Audited> readAndCheck(Connection c, Collection<Long> ids, AuditListener listener) throws SQLException {
        List<Map.Entry<Long, byte[]>> certificates = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, der FROM certificate WHERE id = ANY (?) ORDER BY id")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    certificates.add(Map.entry(rs.getLong(1), rs.getBytes(2)));
                }
            }
        }
        // The checks hold no state and cost microseconds (EC) to milliseconds (RSA's trial division and
        // Fermat rounds) a key: spread over the cores, in the order read.
        List<Audited> audited = certificates.parallelStream()
                .map(certificate -> check(certificate.getKey(), certificate.getValue()))
                .flatMap(Optional::stream).toList();
        listener.progress("single-key checks", audited.size(), ids.size());
        return audited;
    }

    private static Optional<Audited> check(long id, byte[] der) {
        return CheckedKey.of(der).map(key -> {
            Map<KeyWeakness, String> problems = new EnumMap<>(KeyWeakness.class);
            problems.putAll(key.problems());
            return new Audited(id, key.spkiSha256(), key.algorithm(), key.modulus(), problems);
        });
    }

    private static Optional<SubjectKey> keyOf(byte[] der) {
        try {
            return Optional.of(SubjectKey.ofCertificate(der));
        } catch (MalformedCertificateException e) {
            // The analyser accepted the certificate; a key it cannot read is left unaudited, not fatal.
            return Optional.empty();
        }
    }

    /** The moduli among these already marked as sharing a prime (another certificate with the same key was audited before). */
    private static Set<BigInteger> sharedAlready(Connection c, List<Audited> audited) throws SQLException {
        return sharedAmong(c, audited.stream().flatMap(a -> a.modulus().stream()).toList());
    }

    private static Set<BigInteger> sharedAmong(Connection c, Collection<BigInteger> moduli) throws SQLException {
        Set<BigInteger> shared = new HashSet<>();
        if (moduli.isEmpty()) {
            return shared;
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT rsa_modulus FROM certificate_key WHERE rsa_modulus = ANY (?) AND 'SharedPrime' = ANY (weaknesses)")) {
            s.setArray(1, c.createArrayOf("bytea", moduli.stream().map(BigInteger::toByteArray).toArray(byte[][]::new)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    shared.add(new BigInteger(rs.getBytes(1)));
                }
            }
        }
        return shared;
    }

    /** Binds the one parameter of a statement's condition on the key rows. */
    @FunctionalInterface
    private interface Parameter {
        void bind(PreparedStatement s) throws SQLException;
    }

    /**
     * Writes the keys' rows in one statement over arrays: a JDBC batch of single-row upserts cost
     * PostgreSQL about 0.2 ms a row, most of an import's key audit (17 s of 100,000 certificates).
     * Returns the certificates whose key record (weaknesses, details) is new or changed: the rows
     * as they were before are read in the same statement, which sees them unchanged.
     */
    private static Set<Long> upsert(Connection c, List<Audited> audited) throws SQLException {
        Set<Long> changed = new LinkedHashSet<>();
        if (audited.isEmpty()) {
            return changed;
        }
        try (PreparedStatement s = c.prepareStatement("""
                WITH before AS (SELECT certificate_id, weaknesses, details FROM certificate_key
                                 WHERE certificate_id = ANY (?::bigint[])),
                upserted AS (
                INSERT INTO certificate_key (certificate_id, spki_sha256, algorithm, rsa_modulus, weaknesses, details, audited)
                SELECT u.id, u.spki, u.algorithm, u.modulus, coalesce(string_to_array(nullif(u.weaknesses, ''), ','), '{}'),
                       u.details::jsonb, now()
                  FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bytea[], ?::text[], ?::text[])
                       AS u(id, spki, algorithm, modulus, weaknesses, details)
                  -- Only certificates that are stored: there is no foreign key to check it (V21).
                  JOIN certificate cert ON cert.id = u.id
                ON CONFLICT (certificate_id) DO UPDATE SET
                    spki_sha256 = EXCLUDED.spki_sha256, algorithm = EXCLUDED.algorithm, rsa_modulus = EXCLUDED.rsa_modulus,
                    -- what only the population shows (SharedPrime, ReusedKey) is kept; the single-key checks are redone
                    weaknesses = ARRAY(SELECT DISTINCT unnest(EXCLUDED.weaknesses || ARRAY(
                        SELECT w FROM unnest(certificate_key.weaknesses) w WHERE w IN ('SharedPrime', 'ReusedKey'))) ORDER BY 1),
                    details = (certificate_key.details - ARRAY(SELECT w FROM unnest(certificate_key.weaknesses) w
                                                               WHERE w NOT IN ('SharedPrime', 'ReusedKey'))) || EXCLUDED.details,
                    audited = now()
                RETURNING certificate_id, weaknesses, details)
                SELECT u.certificate_id FROM upserted u LEFT JOIN before b ON b.certificate_id = u.certificate_id
                 WHERE b.certificate_id IS NULL OR b.weaknesses IS DISTINCT FROM u.weaknesses OR b.details IS DISTINCT FROM u.details
                """)) {
            int n = audited.size();
            Long[] ids = new Long[n];
            String[] spkis = new String[n];
            String[] algorithms = new String[n];
            byte[][] moduli = new byte[n][];
            String[] weaknesses = new String[n];
            String[] details = new String[n];
            for (int i = 0; i < n; i++) {
                Audited a = audited.get(i);
                ids[i] = a.certificateId();
                spkis[i] = a.spkiSha256();
                algorithms[i] = a.algorithm();
                moduli[i] = a.modulus().map(BigInteger::toByteArray).orElse(null);
                weaknesses[i] = CheckedKey.weaknessList(a.problems());
                details[i] = CheckedKey.detailsJson(a.problems());
            }
            java.sql.Array idArray = c.createArrayOf("bigint", ids);
            s.setArray(1, idArray);
            s.setArray(2, idArray);
            s.setArray(3, c.createArrayOf("text", spkis));
            s.setArray(4, c.createArrayOf("text", algorithms));
            s.setArray(5, c.createArrayOf("bytea", moduli));
            s.setArray(6, c.createArrayOf("text", weaknesses));
            s.setArray(7, c.createArrayOf("text", details));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changed.add(rs.getLong(1));
                }
            }
        }
        return changed;
    }

    /** Adds SharedPrime to every key with one of these moduli; returns the certificates that changed. */
    private static Set<Long> markShared(Connection c, Collection<BigInteger> moduli) throws SQLException {
        Set<Long> changed = new LinkedHashSet<>();
        if (moduli.isEmpty()) {
            return changed;
        }
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE certificate_key SET weaknesses = ARRAY(SELECT DISTINCT unnest(weaknesses || ARRAY['SharedPrime']) ORDER BY 1),
                                           details = details || jsonb_build_object('SharedPrime', ?::text)
                WHERE rsa_modulus = ANY (?) AND NOT ('SharedPrime' = ANY (weaknesses))
                RETURNING certificate_id""")) {
            s.setString(1, SHARED_DETAIL);
            s.setArray(2, c.createArrayOf("bytea", moduli.stream().map(BigInteger::toByteArray).toArray(byte[][]::new)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changed.add(rs.getLong(1));
                }
            }
        }
        return changed;
    }

    private static List<String> spkisOf(Connection c, Collection<Long> certificateIds) throws SQLException {
        List<String> spkis = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT spki_sha256 FROM certificate_key WHERE certificate_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", certificateIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    spkis.add(rs.getString(1));
                }
            }
        }
        return spkis;
    }

    /** Marks (or updates the count of) ReusedKey on every certificate whose key is on more than one; returns them. */
    private static Set<Long> markReuse(Connection c, List<String> spkis) throws SQLException {
        if (spkis.isEmpty()) {
            return new LinkedHashSet<>();
        }
        return markReuse(c, "spki_sha256 = ANY (?)", s -> s.setArray(1, c.createArrayOf("text", spkis.toArray())));
    }

    /** As above, for the keys of the rows audited from {@code since} on. */
    private static Set<Long> markReuse(Connection c, Instant since) throws SQLException {
        return markReuse(c, "spki_sha256 IN (SELECT spki_sha256 FROM certificate_key WHERE audited >= ?)",
                s -> s.setTimestamp(1, Timestamp.from(since)));
    }

    private static Set<Long> markReuse(Connection c, String keys, Parameter parameter) throws SQLException {
        Set<Long> changed = new LinkedHashSet<>();
        try (PreparedStatement s = c.prepareStatement("""
                WITH reused AS (
                    SELECT spki_sha256, count(*) AS n FROM certificate_key WHERE %s
                    GROUP BY spki_sha256 HAVING count(*) > 1)
                UPDATE certificate_key k SET
                    weaknesses = ARRAY(SELECT DISTINCT unnest(k.weaknesses || ARRAY['ReusedKey']) ORDER BY 1),
                    details = k.details || jsonb_build_object('ReusedKey',
                        'the same public key is on ' || reused.n || ' certificates in the inventory: one stolen private key'
                        || ' compromises all of them (QQL keyWeakness:ReusedKey lists those you may see)')
                FROM reused WHERE k.spki_sha256 = reused.spki_sha256
                RETURNING k.certificate_id""".formatted(keys))) {
            parameter.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    changed.add(rs.getLong(1));
                }
            }
        }
        return changed;
    }

    static String reuseDetail(long certificates) {
        return "the same public key is on " + certificates + " certificates in the inventory: one stolen private key"
                + " compromises all of them (QQL keyWeakness:ReusedKey lists those you may see)";
    }

    static String line(int position, String subject, String detail) {
        return "certificate #" + (position + 1) + (subject.isEmpty() ? "" : " " + subject) + ": " + detail;
    }

    /** Copies the key's weaknesses (and Factorable) to the certificate row, where QQL reads them. */
    private static void syncCertificates(Connection c, Set<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE certificate c SET key_weaknesses = w.value
                FROM (SELECT k.certificate_id, k.weaknesses || CASE WHEN k.weaknesses && ARRAY['SharedPrime', 'ClosePrimes', 'SmallFactor']
                                                   THEN ARRAY['Factorable'] ELSE '{}'::text[] END AS value
                      FROM certificate_key k WHERE k.certificate_id = ANY (?)) w
                WHERE c.id = w.certificate_id AND c.key_weaknesses IS DISTINCT FROM w.value""")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            s.executeUpdate();
        }
    }

    private Instant databaseNow() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT clock_timestamp()");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw new StoreException("cannot read the database's clock: " + e.getMessage(), e);
        }
    }

    private List<BigInteger> loadModuli() {
        List<BigInteger> moduli = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT rsa_modulus FROM certificate_key WHERE rsa_modulus IS NOT NULL")) {
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        moduli.add(new BigInteger(rs.getBytes(1)));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot read the RSA moduli: " + e.getMessage(), e);
        }
        return moduli;
    }

    private ModulusPopulation population() {
        ModulusPopulation loaded = population;
        if (loaded != null) {
            return loaded;
        }
        synchronized (loading) {
            if (population == null) {
                ModulusPopulation fresh = new ModulusPopulation(arithmetic, pool);
                fresh.addAll(loadModuli());
                population = fresh;
            }
            return population;
        }
    }

    private static AuditSummary summarise(Connection c, List<Long> ids, Instant started) throws SQLException {
        return ids.isEmpty() ? summarise(c, "", s -> { }, started)
                : summarise(c, " WHERE k.certificate_id = ANY (?)", s -> s.setArray(1, c.createArrayOf("bigint", ids.toArray())), started);
    }

    private static AuditSummary summariseSince(Connection c, Instant since, Instant started) throws SQLException {
        return summarise(c, " WHERE k.audited >= ?", s -> s.setTimestamp(1, Timestamp.from(since)), started);
    }

    private static AuditSummary summarise(Connection c, String where, Parameter parameter, Instant started) throws SQLException {
        Map<KeyWeakness, Long> counts = new EnumMap<>(KeyWeakness.class);
        long checked;
        long factorable;
        try (PreparedStatement s = c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE k.weaknesses && ARRAY['SharedPrime', 'ClosePrimes', 'SmallFactor'])"
                + " FROM certificate_key k" + where)) {
            parameter.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                checked = rs.getLong(1);
                factorable = rs.getLong(2);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT w, count(*) FROM certificate_key k, unnest(k.weaknesses) w" + where + " GROUP BY w")) {
            parameter.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String value = rs.getString(1);
                    long n = rs.getLong(2);
                    KeyWeakness.byValue(value).ifPresent(w -> counts.put(w, n));
                }
            }
        }
        return new AuditSummary(checked, factorable, counts, Duration.between(started, Instant.now()));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        synchronized (loading) {
            if (population != null) {
                population.close();
                population = null;
            }
        }
    }
}
