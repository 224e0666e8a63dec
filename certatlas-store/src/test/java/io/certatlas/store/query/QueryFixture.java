package io.certatlas.store.query;

import io.certatlas.store.Database;
import io.certatlas.store.access.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * A small generated inventory, held both as plain Java values (for {@link QueryEvaluator}) and
 * as rows in PostgreSQL (for the compiler), so that the two can be compared query by query.
 * Values come from small pools so that random filters hit some rows and miss others.
 */
final class QueryFixture {

    /** The instant every relative date and expiry group is counted from, in both worlds. */
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static final List<String> HOSTS = List.of("www.example.com", "api.example.com", "mail.example.org", "vpn.corp.local",
            "db01.corp.local", "shop.example.net", "Legacy_App%1", "portal.example.com");
    static final List<String> ISSUER_ORGS = List.of("Let's Encrypt", "DigiCert Inc", "Example Corp", "Sectigo Limited", "");
    static final List<String> ISSUER_NAMES = List.of("R3", "DigiCert TLS RSA SHA256 2020 CA1", "Example Issuing CA", "Sectigo RSA DV");
    static final List<String> ASSET_NAMES = List.of("server1", "server10", "web-prod-01", "WEB-PROD-02", "db-backup", "mail gateway");
    static final List<String> OPERATING_SYSTEMS = List.of("Windows Server 2019", "Windows 10", "Ubuntu 22.04", "Red Hat Enterprise Linux 8", "");
    static final List<String> TAGS = List.of("Production", "Staging", "PCI", "Internet Facing", "Legacy");

    /** Some of {@link #TAGS}, each taken with a chance of one in {@code oneIn}. */
    static List<String> someTags(java.util.random.RandomGenerator random, int oneIn) {
        List<String> tags = new ArrayList<>();
        for (String tag : TAGS) {
            if (random.nextInt(oneIn) == 0) {
                tags.add(tag);
            }
        }
        return tags;
    }

    /** The scope of a user whose scope is these tags, by name, as stored in {@code db}. */
    static Scope.Tags scopeOf(Database db, List<String> tags) {
        return new Scope.Tags(db.dsl().fetch("SELECT id FROM tag WHERE name = ANY (?)", (Object) tags.toArray(String[]::new))
                .getValues(0, Long.class));
    }
    static final List<String> GRADES = List.of("A+", "A", "A-", "B", "C", "F", "T", "");
    static final List<String> PROTOCOLS = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    static final List<Integer> PORTS = List.of(443, 8443, 993, 636);
    static final List<Integer> QIDS = List.of(38169, 38170, 38600, 38606, 38628);
    static final List<Integer> KEY_SIZES = List.of(256, 1024, 2048, 3072, 4096);
    static final List<String> SERVICES = List.of("https", "imaps", "ldaps", "");

    record Cert(long id, String certhash, String serialNumber, String subjectName, String subjectOrganization,
                String issuerName, String issuerOrganization, String issuerCategory, int keySize,
                String publicKeyAlgorithm, String signatureAlgorithm, boolean selfSigned, boolean extendedValidation,
                String type, Instant validFrom, Instant validTo, Instant lastFound, Instant created, Instant updated,
                List<String> sources, List<String> sanValues) {
    }

    record Interface(String hostname, String address) {
    }

    record Asset(long id, String name, String netbiosName, String operatingSystem, String wasUrl, String primaryIp,
                 List<String> tags, List<Interface> interfaces) {
    }

    record Finding(int qid, int severity, String title, boolean active) {
    }

    record Instance(long id, long assetId, int port, String grade, String service, List<String> sslProtocols,
                    String fqdn, List<Finding> findings) {
    }

    record Link(long instanceId, long certificateId, boolean current) {
    }

    final List<Cert> certificates = new ArrayList<>();
    final List<Asset> assets = new ArrayList<>();
    final List<Instance> instances = new ArrayList<>();
    final List<Link> links = new ArrayList<>();

    static QueryFixture generate(long seed, int certificateCount, int assetCount, int instanceCount) {
        Random random = new Random(seed);
        QueryFixture f = new QueryFixture();
        for (int i = 1; i <= certificateCount; i++) {
            String host = pick(random, HOSTS);
            String category = pick(random, List.of("Self-Signed", "Public", "Private"));
            String type = pick(random, List.of("Leaf", "Leaf", "Leaf", "Intermediate", "Root"));
            Instant validTo = NOW.plus(Duration.ofHours(random.nextInt(24 * 400) - 24 * 200));
            List<String> sans = random.nextBoolean() ? List.of(host.toLowerCase(Locale.ROOT)) : List.of(host.toLowerCase(Locale.ROOT), "*.example.org", "10.0.0." + i);
            List<String> sources = switch (random.nextInt(3)) {
                case 0 -> List.of("SCAN");
                case 1 -> List.of("IMPORT");
                default -> List.of("SCAN", "IMPORT");
            };
            f.certificates.add(new Cert(i, String.format("%064x", (long) i * 7919 + 0xabcdefL), storedSerial(i * 31),
                    host, pick(random, List.of("Example Corp", "Shop Ltd", "")), pick(random, ISSUER_NAMES), pick(random, ISSUER_ORGS),
                    category, pick(random, KEY_SIZES), random.nextBoolean() ? "RSA" : "EC",
                    pick(random, List.of("SHA256withRSA", "SHA384withECDSA", "SHA1withRSA")), category.equals("Self-Signed"),
                    random.nextInt(5) == 0, type, validTo.minus(Duration.ofDays(398)), validTo,
                    NOW.minus(Duration.ofHours(random.nextInt(24 * 90))), NOW.minus(Duration.ofDays(100 + random.nextInt(300))),
                    NOW.minus(Duration.ofHours(random.nextInt(24 * 60))), sources, sans));
        }
        for (int i = 1; i <= assetCount; i++) {
            List<String> tags = new ArrayList<>();
            for (String tag : TAGS) {
                if (random.nextInt(3) == 0) {
                    tags.add(tag);
                }
            }
            List<Interface> interfaces = new ArrayList<>();
            int n = random.nextInt(3);
            for (int k = 0; k < n; k++) {
                Interface candidate = new Interface(random.nextBoolean() ? pick(random, HOSTS) : "",
                        random.nextInt(4) == 0 ? null : (random.nextBoolean() ? "10.0.0." : "192.168.1.") + random.nextInt(40));
                // (asset, hostname, address) is unique in the schema.
                if (!interfaces.contains(candidate)) {
                    interfaces.add(candidate);
                }
            }
            f.assets.add(new Asset(i, pick(random, ASSET_NAMES), random.nextBoolean() ? "SRV" + i : "",
                    pick(random, OPERATING_SYSTEMS), random.nextInt(4) == 0 ? "https://" + pick(random, HOSTS) + "/app" : "",
                    random.nextInt(3) == 0 ? null : "10.0.0." + random.nextInt(40), List.copyOf(tags), List.copyOf(interfaces)));
        }
        java.util.Set<String> instanceKeys = new java.util.HashSet<>();
        for (int i = 1; i <= instanceCount; i++) {
            long assetId = 1 + random.nextInt(assetCount);
            int port = PORTS.get(random.nextInt(PORTS.size()));
            String fqdn = random.nextBoolean() ? pick(random, HOSTS) : "";
            if (!instanceKeys.add(assetId + "/" + port + "/" + fqdn)) {
                // (asset, protocol, port, fqdn) is unique in the schema: give the duplicate its own name.
                fqdn = "host" + i + ".example.com";
                instanceKeys.add(assetId + "/" + port + "/" + fqdn);
            }
            List<String> protocols = new ArrayList<>();
            for (String protocol : PROTOCOLS) {
                if (random.nextInt(2) == 0) {
                    protocols.add(protocol);
                }
            }
            List<Finding> findings = new ArrayList<>();
            for (int qid : QIDS) {
                if (random.nextInt(4) == 0) {
                    findings.add(new Finding(qid, 1 + random.nextInt(5), "Finding " + qid + (qid == 38606 ? " SSLv3 POODLE" : ""),
                            random.nextInt(4) != 0));
                }
            }
            f.instances.add(new Instance(i, assetId, port, pick(random, GRADES), pick(random, SERVICES), List.copyOf(protocols),
                    fqdn, List.copyOf(findings)));
        }
        for (Cert cert : f.certificates) {
            // Some certificates are served nowhere; some only in the past (current = false).
            int count = random.nextInt(4);
            List<Long> used = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                long instance = 1 + random.nextInt(instanceCount);
                if (!used.contains(instance)) {
                    used.add(instance);
                    f.links.add(new Link(instance, cert.id(), random.nextInt(5) != 0));
                }
            }
        }
        return f;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Writes the inventory with plain inserts (ids given explicitly, so both worlds agree). */
    void insertInto(Database db) {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into certificate (id, certhash, der, serial_number, subject_dn, subject_name, subject_organization,
                      subject_organization_unit, subject_locality, subject_state, subject_country, issuer_dn, issuer_name,
                      issuer_organization, issuer_organization_unit, issuer_locality, issuer_state, issuer_country,
                      valid_from, valid_to, public_key_algorithm, key_size, signature_algorithm, self_signed, type,
                      issuer_category, extended_validation, is_ca, san_values, sources, created, updated, last_found)
                    overriding system value
                    values (?, ?, ?, ?, '', ?, ?, '{}', '', '', '', '', ?, ?, '{}', '', '', '', ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?)""")) {
                for (Cert x : certificates) {
                    int p = 1;
                    ps.setLong(p++, x.id());
                    ps.setString(p++, x.certhash());
                    ps.setBytes(p++, new byte[] {1, 2, 3});
                    ps.setString(p++, x.serialNumber());
                    ps.setString(p++, x.subjectName());
                    ps.setString(p++, x.subjectOrganization());
                    ps.setString(p++, x.issuerName());
                    ps.setString(p++, x.issuerOrganization());
                    ps.setTimestamp(p++, Timestamp.from(x.validFrom()));
                    ps.setTimestamp(p++, Timestamp.from(x.validTo()));
                    ps.setString(p++, x.publicKeyAlgorithm());
                    ps.setInt(p++, x.keySize());
                    ps.setString(p++, x.signatureAlgorithm());
                    ps.setBoolean(p++, x.selfSigned());
                    ps.setString(p++, x.type());
                    ps.setString(p++, x.issuerCategory());
                    ps.setBoolean(p++, x.extendedValidation());
                    ps.setArray(p++, c.createArrayOf("text", x.sanValues().toArray()));
                    ps.setArray(p++, c.createArrayOf("text", x.sources().toArray()));
                    ps.setTimestamp(p++, Timestamp.from(x.created()));
                    ps.setTimestamp(p++, Timestamp.from(x.updated()));
                    ps.setTimestamp(p++, Timestamp.from(x.lastFound()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement asset = c.prepareStatement("""
                    insert into asset (id, uuid, identity, name, netbios_name, operating_system, was_url, primary_ip)
                    overriding system value values (?, ?, ?, ?, ?, ?, ?, cast(? as inet))""");
                 PreparedStatement tag = c.prepareStatement(
                         "insert into tag (uuid, name) values (?, ?) on conflict do nothing");
                 PreparedStatement assetTag = c.prepareStatement(
                         "insert into asset_tag (asset_id, tag_id) select ?, id from tag where name = ?");
                 PreparedStatement iface = c.prepareStatement(
                         "insert into asset_interface (asset_id, hostname, address) values (?, ?, cast(? as inet))")) {
                for (String name : TAGS) {
                    tag.setObject(1, UUID.nameUUIDFromBytes(name.getBytes()));
                    tag.setString(2, name);
                    tag.addBatch();
                }
                tag.executeBatch();
                for (Asset a : assets) {
                    asset.setLong(1, a.id());
                    asset.setObject(2, UUID.nameUUIDFromBytes(("asset" + a.id()).getBytes()));
                    asset.setString(3, "asset:" + a.id());
                    asset.setString(4, a.name());
                    asset.setString(5, a.netbiosName());
                    asset.setString(6, a.operatingSystem());
                    asset.setString(7, a.wasUrl());
                    asset.setString(8, a.primaryIp());
                    asset.addBatch();
                    for (String t : a.tags()) {
                        assetTag.setLong(1, a.id());
                        assetTag.setString(2, t);
                        assetTag.addBatch();
                    }
                    for (Interface i : a.interfaces()) {
                        iface.setLong(1, a.id());
                        iface.setString(2, i.hostname());
                        iface.setString(3, i.address());
                        iface.addBatch();
                    }
                }
                asset.executeBatch();
                assetTag.executeBatch();
                iface.executeBatch();
            }
            try (PreparedStatement instance = c.prepareStatement("""
                    insert into host_instance (id, asset_id, port, fqdn, service, ssl_protocols, grade)
                    overriding system value values (?, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement finding = c.prepareStatement(
                         "insert into finding (instance_id, qid, title, severity, status) values (?, ?, ?, ?, ?)")) {
                for (Instance i : instances) {
                    instance.setLong(1, i.id());
                    instance.setLong(2, i.assetId());
                    instance.setInt(3, i.port());
                    instance.setString(4, i.fqdn());
                    instance.setString(5, i.service());
                    instance.setArray(6, c.createArrayOf("text", i.sslProtocols().toArray()));
                    instance.setString(7, i.grade());
                    instance.addBatch();
                    for (Finding x : i.findings()) {
                        finding.setLong(1, i.id());
                        finding.setInt(2, x.qid());
                        finding.setString(3, x.title());
                        finding.setInt(4, x.severity());
                        finding.setString(5, x.active() ? "ACTIVE" : "FIXED");
                        finding.addBatch();
                    }
                }
                instance.executeBatch();
                finding.executeBatch();
            }
            try (PreparedStatement link = c.prepareStatement(
                    "insert into instance_certificate (instance_id, certificate_id, chain_position, current) values (?, ?, 0, ?)")) {
                for (Link l : links) {
                    link.setLong(1, l.instanceId());
                    link.setLong(2, l.certificateId());
                    link.setBoolean(3, l.current());
                    link.addBatch();
                }
                link.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert the query fixture: " + e.getMessage(), e);
        }
    }

    /** A serial as the store keeps it: lower-case hex of whole bytes. */
    private static String storedSerial(int serial) {
        String hex = Integer.toHexString(serial);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }
}
