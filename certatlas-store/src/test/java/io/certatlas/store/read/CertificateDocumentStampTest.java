package io.certatlas.store.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Scope;
import io.certatlas.store.access.Tags;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;

/**
 * The stamps of migration V25 against what a list really shows: after a random mix of every kind
 * of write, each certificate whose shown form ({@link InventorySnapshot#rows} with all its assets,
 * plus each asset's tag ids) changed carries a new stamp and no body, and a body kept under the
 * old stamp is refused ({@link CertificateDocuments#keep}). Bodies of certificates the write did
 * not touch stay stored.
 */
class CertificateDocumentStampTest {

    static final CertificateFacts ROOT = SampleCertificates.root("Stamp Root CA");
    static final CertificateFacts CA = SampleCertificates.intermediate("Stamp Issuing CA", ROOT);
    static final List<CertificateFacts> LEAVES = List.of(
            SampleCertificates.leaf("a.stamp.example", CA), SampleCertificates.leaf("b.stamp.example", CA),
            SampleCertificates.leaf("c.stamp.example", CA), SampleCertificates.leaf("d.stamp.example", CA),
            SampleCertificates.leaf("e.stamp.example", CA));
    static final List<ObservedFinding> FINDINGS = List.of(
            new ObservedFinding(38170, "Certificate expired", 3, ""),
            new ObservedFinding(38173, "Self-signed certificate", 2, ""),
            new ObservedFinding(38601, "Weak cipher suites", 4, ""),
            new ObservedFinding(38601, "Weak cipher suites (RC4)", 5, ""));
    static final List<String> GRADES = List.of("A", "B", "F", "");
    static final List<List<String>> PROTOCOLS = List.of(
            List.of("TLSv1.3"), List.of("TLSv1.2", "TLSv1.3"), List.of("TLSv1.0", "TLSv1.2"), List.of());

    /** Every kind of write, by name; the loop draws one per step. */
    enum Write {
        RECORD, RECORD_AGAIN, TAG, UNTAG, RETAG, RENAME_TAG, NEW_TAG_UUID, DELETE_TAG, ASSET_FIELD, ASSETS_FIELD,
        INTERFACE_INSERT, INTERFACE_UPDATE, INTERFACE_DELETE, INSTANCE_FIELD, INSTANCES_OF_ASSET_FIELD,
        INSTANCE_MOVED, INSTANCE_SIGHT_ONLY, FINDING_INSERT, FINDING_UPDATE, FINDINGS_OF_INSTANCE_UPDATE, FINDING_DELETE,
        LINK_CURRENT_FLIP, CERTIFICATE_FIELD, DELETE_INSTANCE, DELETE_ASSET, DELETE_CERTIFICATE,
        /** Drawn once, late in the loop (it empties a whole table). */
        TRUNCATE_FINDINGS
    }

    @Test
    void everyWriteThatChangesWhatAListShowsStampsTheCertificateAndEmptiesItsBody() {
        try (Database db = TestDatabase.fresh()) {
            long started = System.nanoTime();
            Inventory inventory = new Inventory(db);
            Tags tags = new Tags(db.dsl());
            DSLContext sql = db.dsl();
            CertificateReader reader = new CertificateReader(sql);
            CertificateDocuments documents = new CertificateDocuments(sql);
            Random random = new Random(20261205);
            List<String> tagNames = new ArrayList<>(List.of("red", "green", "blue"));
            tagNames.forEach(tags::ensure);
            Instant at = Instant.parse("2026-11-01T00:00:00Z");
            Map<Long, String> shownBefore = shown(reader, sql);
            Map<Write, Integer> changedBy = new java.util.EnumMap<>(Write.class);
            int keptThroughUnrelatedWrites = 0;
            int changes = 0;
            for (int step = 0; step < 250; step++) {
                at = at.plusSeconds(60);
                // A body for every certificate, kept under the stamp it has now.
                Map<Long, Long> stampsBefore = stamps(sql);
                documents.keep(stampsBefore.entrySet().stream()
                        .map(e -> new CertificateDocuments.Built(e.getKey(), e.getValue(), Optional.empty(),
                                ("body of " + e.getKey() + " at " + e.getValue()).getBytes(StandardCharsets.UTF_8)))
                        .toList());
                assertThat(sql.fetchOne("select count(*) from certificate c left join certificate_document d"
                        + " on d.certificate_id = c.id where d.body is null").get(0, Integer.class))
                        .as("before step %d every certificate has a body", step).isZero();

                Write write = step == 230 ? Write.TRUNCATE_FINDINGS : write(random, sql);
                String done = apply(write, step, at, random, sql, inventory, tags, tagNames);

                Map<Long, String> shownAfter = shown(reader, sql);
                Map<Long, Record> after = sql.fetch("select certificate_id, stamp, body is null from certificate_document")
                        .intoMap(r -> r.get(0, Long.class));
                for (Map.Entry<Long, String> certificate : shownAfter.entrySet()) {
                    long id = certificate.getKey();
                    String was = shownBefore.get(id);
                    if (was == null) {
                        continue; // new this step: nothing to compare
                    }
                    Record document = after.get(id);
                    String what = "certificate %d after step %d (%s: %s)".formatted(id, step, write, done);
                    if (!was.equals(certificate.getValue())) {
                        changes++;
                        changedBy.merge(write, 1, Integer::sum);
                        assertThat(document).as(what + " changed from%n  %s%nto%n  %s%nbut has no document row",
                                was, certificate.getValue()).isNotNull();
                        assertThat(document.get(1, Long.class)).as(what + " changed from%n  %s%nto%n  %s%nbut kept its stamp",
                                was, certificate.getValue()).isNotEqualTo(stampsBefore.get(id));
                        assertThat(document.get(2, Boolean.class)).as(what + " changed but kept its body").isTrue();
                    } else if (document != null && document.get(1, Long.class).equals(stampsBefore.get(id))) {
                        assertThat(document.get(2, Boolean.class)).as(what + " unchanged and unstamped, but lost its body")
                                .isFalse();
                        keptThroughUnrelatedWrites++;
                    }
                }
                shownBefore = shownAfter;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("CertificateDocumentStampTest: 250 writes in %.1f s; %d changes of shown certificates"
                    + " (by write: %s); %d bodies stayed stored through writes that did not change them%n",
                    seconds, changes, changedBy, keptThroughUnrelatedWrites);
            assertThat(keptThroughUnrelatedWrites).as("bodies that survived unrelated writes").isPositive();
            assertThat(changes).isPositive();
            // Every kind of write that can change a list changed one at least once (so each was exercised).
            assertThat(changedBy.keySet()).contains(Write.RECORD, Write.RECORD_AGAIN, Write.TAG, Write.UNTAG,
                    Write.RETAG, Write.RENAME_TAG, Write.NEW_TAG_UUID, Write.DELETE_TAG, Write.ASSET_FIELD, Write.ASSETS_FIELD,
                    Write.INTERFACE_INSERT, Write.INTERFACE_UPDATE, Write.INTERFACE_DELETE, Write.INSTANCE_FIELD,
                    Write.INSTANCES_OF_ASSET_FIELD, Write.INSTANCE_MOVED, Write.FINDING_INSERT, Write.FINDING_UPDATE,
                    Write.FINDINGS_OF_INSTANCE_UPDATE, Write.FINDING_DELETE, Write.LINK_CURRENT_FLIP,
                    Write.CERTIFICATE_FIELD, Write.DELETE_INSTANCE, Write.DELETE_ASSET,
                    Write.TRUNCATE_FINDINGS);
        }
    }

    @Test
    void keepRefusesABodyThatALaterWriteMadeStale() {
        try (Database db = TestDatabase.fresh()) {
            Inventory inventory = new Inventory(db);
            DSLContext sql = db.dsl();
            CertificateDocuments documents = new CertificateDocuments(sql);
            CertificateFacts leaf = LEAVES.get(0);
            Instant at = Instant.parse("2026-11-01T00:00:00Z");
            inventory.record(endpoint("10.8.0.1", leaf, "A", at));
            long id = idOf(sql, leaf);
            long seen = stamps(sql).get(id);
            assertThat(seen).isPositive();

            inventory.record(endpoint("10.8.0.1", leaf, "F", at.plusSeconds(60)));
            long now = stamps(sql).get(id);
            assertThat(now).isNotEqualTo(seen);

            assertThat(documents.keep(List.of(built(id, seen, "stale")))).isZero();
            assertThat(body(sql, id)).isNull();
            assertThat(documents.keep(List.of(built(id, now, "current")))).isOne();
            assertThat(body(sql, id)).isEqualTo("current");
            assertThat(documents.keep(List.of(built(id, now, "again")))).isZero();
            assertThat(body(sql, id)).isEqualTo("current");

            long missing = sql.fetchOne("select coalesce(max(id), 0) + 1000 from certificate").get(0, Long.class);
            assertThat(documents.keep(List.of(built(missing, 0, "nobody")))).isZero();
            assertThat(sql.fetchOne("select count(*) from certificate_document where certificate_id = ?", missing)
                    .get(0, Integer.class)).isZero();

            // A certificate imported without a place: no write stamped it, so it has no row yet.
            CertificateFacts imported = LEAVES.get(1);
            inventory.record(new Observation(Optional.empty(), Optional.empty(), List.of(imported), List.of(), "IMPORT",
                    at.plusSeconds(120)));
            long importedId = idOf(sql, imported);
            assertThat(sql.fetchOne("select count(*) from certificate_document where certificate_id = ?", importedId)
                    .get(0, Integer.class)).isZero();
            assertThat(documents.keep(List.of(built(importedId, 0, "first")))).isOne();
            assertThat(body(sql, importedId)).isEqualTo("first");
            assertThat(stamps(sql).get(importedId)).isZero();
        }
    }

    private static CertificateDocuments.Built built(long id, long stamp, String body) {
        return new CertificateDocuments.Built(id, stamp, Optional.empty(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Observation endpoint(String address, CertificateFacts leaf, String grade, Instant at) {
        return new Observation(Optional.of(ObservedAsset.of(address, "")),
                Optional.of(new ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.3"), Map.of(), grade, grade,
                        Optional.empty())), List.of(leaf, CA), List.of(), "SCAN", at);
    }

    private static long idOf(DSLContext sql, CertificateFacts certificate) {
        return sql.fetchOne("select id from certificate where certhash = ?", certificate.certhash()).get(0, Long.class);
    }

    private static String body(DSLContext sql, long id) {
        byte[] body = sql.fetchOne("select body from certificate_document where certificate_id = ?", id)
                .get(0, byte[].class);
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    /** Each certificate's stamp as a snapshot would read it (0: no row yet). */
    private static Map<Long, Long> stamps(DSLContext sql) {
        Map<Long, Long> stamps = new HashMap<>();
        sql.fetch("select c.id, coalesce(d.stamp, 0) from certificate c"
                        + " left join certificate_document d on d.certificate_id = c.id")
                .forEach(r -> stamps.put(r.get(0, Long.class), r.get(1, Long.class)));
        return stamps;
    }

    /**
     * What a list shows of each certificate, as one string: its row with every asset (newest first,
     * each with interfaces, tags, and the instances serving it with their active findings) and each
     * asset's tag ids. Neither the DER (a list does not carry it) nor the root's name (read at page time).
     */
    private static Map<Long, String> shown(CertificateReader reader, DSLContext sql) {
        List<Long> ids = sql.fetch("select id from certificate order by id").getValues(0, Long.class);
        Map<Long, String> shown = new HashMap<>();
        try (InventorySnapshot snapshot = reader.snapshot()) {
            List<CertificateRow> rows = snapshot.rows(ids, Scope.everything(), new CertificateReader.Detail(1000, false));
            Map<Long, List<Long>> tagIds = snapshot.tagIdsOfAssets(rows.stream()
                    .flatMap(r -> r.assets().stream()).map(AssetRow::id).distinct().toList());
            for (CertificateRow r : rows) {
                CertificateRow plain = new CertificateRow(r.id(), r.certhash(), null, r.serialNumber(), r.subject(),
                        r.issuer(), r.issuerCerthash(), null, r.rootCerthash(), r.validFrom(), r.validTo(), r.keySize(),
                        r.publicKeyAlgorithm(), r.signatureAlgorithm(), r.selfSigned(), r.type(), r.issuerCategory(),
                        r.extendedValidation(), r.subjectAlternativeNames(), r.keyUsage(), r.enhancedKeyUsage(),
                        r.subjectKeyIdentifier(), r.authKeyIdentifier(), r.sources(), r.imported(), r.orderStatus(),
                        r.created(), r.updated(), r.lastFound(), r.instanceCount(), r.assetCount(), r.assets());
                shown.put(r.id(), plain + " asset tag ids " + r.assets().stream()
                        .map(a -> a.id() + "=" + tagIds.get(a.id())).collect(Collectors.joining(",")));
            }
        }
        return shown;
    }

    private static Write write(Random random, DSLContext sql) {
        boolean any = sql.fetchOne("select count(*) from host_instance").get(0, Integer.class) > 0;
        if (!any) {
            return Write.RECORD;
        }
        int roll = random.nextInt(40);
        if (roll < 8) {
            return roll < 5 ? Write.RECORD : Write.RECORD_AGAIN;
        }
        Write[] all = Write.values();
        Write drawn = all[2 + random.nextInt(all.length - 3)];
        // Deletions of whole assets and certificates are rarer, so the inventory keeps something to change.
        if ((drawn == Write.DELETE_ASSET || drawn == Write.DELETE_CERTIFICATE) && random.nextInt(3) != 0) {
            return Write.RECORD;
        }
        return drawn;
    }

    private static <T> T any(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Applies one write of this kind to a random target; says what it did. */
    private static String apply(Write write, int step, Instant at, Random random, DSLContext sql, Inventory inventory,
                                Tags tags, List<String> tagNames) {
        List<Long> assets = sql.fetch("select id from asset order by id").getValues(0, Long.class);
        List<Long> instances = sql.fetch("select id from host_instance order by id").getValues(0, Long.class);
        List<UUID> assetUuids = sql.fetch("select uuid from asset order by id").getValues(0, UUID.class);
        switch (write) {
            case RECORD, RECORD_AGAIN -> {
                String address;
                int port;
                if (write == Write.RECORD_AGAIN && !instances.isEmpty()) {
                    Record instance = sql.fetchOne("select coalesce(host(a.primary_ip), ''), hi.port from host_instance hi"
                            + " join asset a on a.id = hi.asset_id where hi.id = ? ", any(random, instances));
                    address = instance.get(0, String.class);
                    port = instance.get(1, Integer.class);
                    if (address.isEmpty()) {
                        address = "10.9.0.1";
                    }
                } else {
                    address = "10.9.0." + (1 + random.nextInt(6));
                    port = any(random, List.of(443, 8443, 636));
                }
                CertificateFacts leaf = any(random, LEAVES);
                List<CertificateFacts> chain = random.nextBoolean() ? List.of(leaf, CA) : List.of(leaf, CA, ROOT);
                List<ObservedFinding> findings = FINDINGS.stream().filter(f -> random.nextInt(3) == 0).toList();
                ObservedAsset asset = new ObservedAsset(address, random.nextBoolean() ? "" : "host" + random.nextInt(3),
                        any(random, List.of("", "NB1", "NB2")), any(random, List.of("", "Linux", "Windows")), "");
                String grade = any(random, GRADES);
                inventory.record(new Observation(Optional.of(asset),
                        Optional.of(new ObservedInstance("tcp", port, "", any(random, List.of("https", "ldaps")),
                                any(random, PROTOCOLS), Map.of(), grade, grade, Optional.empty())),
                        chain, findings, "SCAN", at));
                return "recorded " + leaf.subject().name() + " on " + address + ":" + port + " grade " + grade
                        + " findings " + findings.stream().map(ObservedFinding::qid).toList();
            }
            case TAG -> {
                String name = any(random, tagNames);
                tags.tagAssets(name, List.of(any(random, assetUuids)));
                return "tagged " + name;
            }
            case UNTAG -> {
                String name = any(random, tagNames);
                tags.untagAssets(name, List.of(any(random, assetUuids)));
                return "untagged " + name;
            }
            case RETAG -> {
                // An asset's tag link moved to another tag by SQL (no API does it; the list shows it all the same).
                List<Record> links = sql.fetch("select asset_id, tag_id from asset_tag order by 1, 2");
                if (links.isEmpty()) {
                    return "no tag to move";
                }
                Record link = any(random, links);
                String to = any(random, tagNames);
                sql.execute("update asset_tag set tag_id = (select id from tag where lower(name) = lower(?))"
                        + " where asset_id = ? and tag_id = ? and not exists (select 1 from asset_tag o where"
                        + " o.asset_id = ? and o.tag_id = (select id from tag where lower(name) = lower(?)))",
                        to, link.get(0), link.get(1), link.get(0), to);
                return "moved tag " + link.get(1) + " of asset " + link.get(0);
            }
            case RENAME_TAG -> {
                int index = random.nextInt(tagNames.size());
                String renamed = tagNames.get(index).replaceAll("-\\d+$", "") + "-" + step;
                sql.execute("update tag set name = ? where lower(name) = lower(?)", renamed, tagNames.get(index));
                tagNames.set(index, renamed);
                return "renamed a tag to " + renamed;
            }
            case NEW_TAG_UUID -> {
                String name = any(random, tagNames);
                sql.execute("update tag set uuid = ? where lower(name) = lower(?)", new UUID(step, random.nextLong()), name);
                return "gave tag " + name + " a new uuid";
            }
            case DELETE_TAG -> {
                String name = any(random, tagNames);
                tags.delete(name);
                tags.ensure(name);
                return "deleted tag " + name;
            }
            case ASSET_FIELD -> {
                long asset = any(random, assets);
                String column = any(random, List.of("name", "operating_system", "netbios_name", "was_url", "primary_ip",
                        "updated", "created", "uuid"));
                switch (column) {
                    case "uuid" -> sql.execute("update asset set uuid = ? where id = ?", new UUID(step, random.nextLong()),
                            asset);
                    case "primary_ip" -> sql.execute("update asset set primary_ip = ?::inet where id = ?",
                            "10.7.0." + random.nextInt(4), asset);
                    case "updated", "created" -> sql.execute("update asset set " + column + " = " + column
                            + " + make_interval(mins => ?) where id = ?", random.nextInt(3) - 1, asset);
                    default -> sql.execute("update asset set " + column + " = ? where id = ?",
                            column + "-" + random.nextInt(3), asset);
                }
                return "updated " + column + " of asset " + asset;
            }
            case ASSETS_FIELD -> {
                String value = any(random, List.of("Linux", "Windows", "BSD"));
                sql.execute("update asset set operating_system = ? where id % 2 = ?", value, random.nextInt(2));
                return "set operating_system of half the assets to " + value;
            }
            case INTERFACE_INSERT -> {
                long asset = any(random, assets);
                String hostname = "if" + random.nextInt(3);
                sql.execute("insert into asset_interface (asset_id, hostname, address) values (?, ?, ?::inet)"
                        + " on conflict do nothing", asset, hostname, "10.6.0." + random.nextInt(3));
                return "added interface " + hostname + " to asset " + asset;
            }
            case INTERFACE_UPDATE -> {
                List<Long> interfaces = sql.fetch("select id from asset_interface order by id").getValues(0, Long.class);
                if (interfaces.isEmpty()) {
                    return "no interface to update";
                }
                long id = any(random, interfaces);
                if (random.nextBoolean()) {
                    sql.execute("update asset_interface set hostname = ? where id = ?", "if-renamed-" + step, id);
                } else {
                    sql.execute("update asset_interface set address = ?::inet where id = ?", "10.5.0." + step % 250, id);
                }
                return "updated interface " + id;
            }
            case INTERFACE_DELETE -> {
                List<Long> interfaces = sql.fetch("select id from asset_interface order by id").getValues(0, Long.class);
                if (interfaces.isEmpty()) {
                    return "no interface to delete";
                }
                long id = any(random, interfaces);
                sql.execute("delete from asset_interface where id = ?", id);
                return "deleted interface " + id;
            }
            case INSTANCE_FIELD -> {
                long instance = any(random, instances);
                String column = any(random, List.of("grade", "service", "fqdn", "ssl_protocols", "port", "protocol"));
                switch (column) {
                    case "port" -> sql.execute("update host_instance set port = ? where id = ?", 10000 + step, instance);
                    case "protocol" -> sql.execute("update host_instance set protocol = case protocol when 'tcp'"
                            + " then 'udp' else 'tcp' end where id = ? and not exists (select 1 from host_instance o"
                            + " join host_instance i on i.id = ? where o.asset_id = i.asset_id and o.port = i.port"
                            + " and o.fqdn = i.fqdn and o.id <> i.id)", instance, instance);
                    case "ssl_protocols" -> sql.execute("update host_instance set ssl_protocols = ?::text[] where id = ?",
                            "{" + String.join(",", any(random, PROTOCOLS)) + "}", instance);
                    case "fqdn" -> sql.execute("update host_instance set fqdn = ? where id = ?",
                            random.nextBoolean() ? "" : "fqdn" + step + ".example", instance);
                    case "grade" -> sql.execute("update host_instance set grade = ? where id = ?", any(random, GRADES),
                            instance);
                    default -> sql.execute("update host_instance set service = ? where id = ?",
                            any(random, List.of("https", "ldaps", "smtps")), instance);
                }
                return "updated " + column + " of instance " + instance;
            }
            case INSTANCES_OF_ASSET_FIELD -> {
                long asset = any(random, assets);
                String grade = any(random, GRADES);
                sql.execute("update host_instance set grade = ? where asset_id = ?", grade, asset);
                return "graded every instance of asset " + asset + " " + grade;
            }
            case INSTANCE_MOVED -> {
                long instance = any(random, instances);
                long asset = any(random, assets);
                sql.execute("update host_instance i set asset_id = ? where i.id = ? and not exists (select 1 from"
                        + " host_instance o where o.asset_id = ? and o.protocol = i.protocol and o.port = i.port"
                        + " and o.fqdn = i.fqdn)", asset, instance, asset);
                return "moved instance " + instance + " to asset " + asset;
            }
            case TRUNCATE_FINDINGS -> {
                sql.execute("truncate finding");
                return "truncated the findings";
            }
            case INSTANCE_SIGHT_ONLY -> {
                long instance = any(random, instances);
                sql.execute("update host_instance set last_found = last_found + interval '1 minute',"
                        + " scanned = coalesce(scanned, now()) + interval '1 minute' where id = ?", instance);
                return "saw instance " + instance + " again";
            }
            case FINDING_INSERT -> {
                long instance = any(random, instances);
                ObservedFinding f = any(random, FINDINGS);
                sql.execute("insert into finding (instance_id, qid, title, severity, status) values (?, ?, ?, ?, ?)"
                                + " on conflict do nothing", instance, f.qid(), f.title(), f.severity(),
                        random.nextInt(4) == 0 ? "FIXED" : "ACTIVE");
                return "added finding " + f.qid() + " to instance " + instance;
            }
            case FINDING_UPDATE -> {
                List<Record> findings = sql.fetch("select instance_id, qid from finding order by 1, 2");
                if (findings.isEmpty()) {
                    return "no finding to update";
                }
                Record f = any(random, findings);
                String column = any(random, List.of("title", "severity", "status", "detail"));
                switch (column) {
                    case "title" -> sql.execute("update finding set title = ? where instance_id = ? and qid = ?",
                            "Title " + random.nextInt(3), f.get(0), f.get(1));
                    case "severity" -> sql.execute("update finding set severity = ? where instance_id = ? and qid = ?",
                            1 + random.nextInt(5), f.get(0), f.get(1));
                    case "status" -> sql.execute("update finding set status = case status when 'ACTIVE' then 'FIXED'"
                            + " else 'ACTIVE' end where instance_id = ? and qid = ?", f.get(0), f.get(1));
                    default -> sql.execute("update finding set detail = ?, last_found = now() where instance_id = ?"
                            + " and qid = ?", "detail " + step, f.get(0), f.get(1));
                }
                return "updated " + column + " of finding " + f.get(1) + " on instance " + f.get(0);
            }
            case FINDINGS_OF_INSTANCE_UPDATE -> {
                long instance = any(random, instances);
                sql.execute("update finding set severity = 1 + (severity % 5),"
                        + " status = case when qid % 2 = 0 then status else 'ACTIVE' end where instance_id = ?", instance);
                return "changed every finding of instance " + instance;
            }
            case FINDING_DELETE -> {
                List<Record> findings = sql.fetch("select instance_id, qid from finding order by 1, 2");
                if (findings.isEmpty()) {
                    return "no finding to delete";
                }
                Record f = any(random, findings);
                sql.execute("delete from finding where instance_id = ? and qid = ?", f.get(0), f.get(1));
                return "deleted finding " + f.get(1) + " on instance " + f.get(0);
            }
            case LINK_CURRENT_FLIP -> {
                List<Record> links = sql.fetch("select instance_id, certificate_id from instance_certificate order by 1, 2");
                Record link = any(random, links);
                sql.execute("update instance_certificate set current = not current where instance_id = ?"
                        + " and certificate_id = ?", link.get(0), link.get(1));
                return "flipped link of instance " + link.get(0) + " to certificate " + link.get(1);
            }
            case CERTIFICATE_FIELD -> {
                long certificate = any(random, sql.fetch("select id from certificate order by id").getValues(0, Long.class));
                sql.execute("update certificate set order_status = ? where id = ?",
                        any(random, List.of("", "ORDERED", "RENEWED")), certificate);
                return "set order_status of certificate " + certificate;
            }
            case DELETE_INSTANCE -> {
                long instance = any(random, instances);
                sql.execute("delete from host_instance where id = ?", instance);
                return "deleted instance " + instance;
            }
            case DELETE_ASSET -> {
                long asset = any(random, assets);
                sql.execute("delete from asset where id = ?", asset);
                return "deleted asset " + asset;
            }
            case DELETE_CERTIFICATE -> {
                long certificate = any(random, sql.fetch("select id from certificate order by id").getValues(0, Long.class));
                sql.execute("delete from certificate where id = ?", certificate);
                return "deleted certificate " + certificate;
            }
            default -> throw new IllegalStateException(write.toString());
        }
    }
}
