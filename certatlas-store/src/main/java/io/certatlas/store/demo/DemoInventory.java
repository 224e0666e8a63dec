package io.certatlas.store.demo;

import io.certatlas.store.CertificateRow;
import io.certatlas.store.Database;
import io.certatlas.store.StoreException;
import io.certatlas.store.importing.CertificateBatch;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A realistic generated inventory for an empty store: real certificates from a demo PKI (two
 * roots, three issuing CAs), about 3,000 assets with tags, host instances on the usual TLS ports
 * with protocols, grades and findings, and the cases worth showing: expired, expiring soon,
 * self-signed, weak keys (RSA 1024), SHA-1 signatures, and one wildcard certificate
 * ({@code *.demo.example}) deployed on more than 1,000 assets.
 *
 * <p>The same seed gives the same inventory shape (names, ports, cases); certificates differ
 * between runs because keys and serials are random. Everything is written in one transaction
 * with batched statements and COPY: a failure leaves the store empty.
 */
public final class DemoInventory {

    public static final int ASSETS = 3_000;
    public static final int WILDCARD_ASSETS = 1_200;
    private static final long SEED = 20_26_11_23L;
    private static final String[] TAGS = {"Production", "Staging", "Development", "DMZ", "Internal", "Finance",
        "HR", "Windows", "Linux", "Web", "Mail", "Directory", "Remote Access", "Cloud", "PCI"};
    private static final String[] CITIES = {"Frankfurt", "London", "Paris", "New York", "Singapore"};

    private final Database database;
    private final CertificateAnalyzer analyzer;

    public DemoInventory(Database database) {
        this(database, CertificateAnalyzer.standard());
    }

    public DemoInventory(Database database, CertificateAnalyzer analyzer) {
        this.database = database;
        this.analyzer = analyzer;
    }

    /** Fills the empty store of {@code database}; see the class comment. */
    public static DemoSummary fill(Database database) {
        return new DemoInventory(database).fill();
    }

    /** True when the store holds neither certificates nor assets. */
    public static boolean isEmpty(Database database) {
        long[] counts = counts(database);
        return counts[0] == 0 && counts[1] == 0;
    }

    private static long[] counts(Database database) {
        try (Connection c = database.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM certificate), (SELECT count(*) FROM asset)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw new StoreException("cannot count the inventory: " + e.getMessage(), e);
        }
    }

    /** One TLS endpoint to be, with the chain it serves (leaf first) and its findings. */
    private record PlannedInstance(int port, String service, String fqdn, List<CertificateFacts> chain,
                                   List<String> protocols, String grade, String gradeWithTrustIgnored,
                                   List<Finding> findings) {
    }

    private record Finding(int qid, String title, int severity) {
    }

    private record PlannedAsset(String identity, String name, String address, String netbios, String os,
                                List<String> tags, List<PlannedInstance> instances, Instant created) {
    }

    public DemoSummary fill() {
        long[] counts = counts(database);
        if (counts[0] > 0 || counts[1] > 0) {
            throw new StoreNotEmptyException("the store already holds " + counts[0] + " certificates and " + counts[1]
                    + " assets: the demo only fills an empty store; start with a new --data-dir");
        }
        long start = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Pki pki = new Pki(now);
        List<PlannedAsset> assets = plan(pki, now);
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                int[] written = write(c, assets, now);
                c.commit();
                return new DemoSummary(written[0], assets.size(), written[1], written[2], TAGS.length,
                        WILDCARD_ASSETS, Duration.ofNanos(System.nanoTime() - start));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("the demo inventory could not be written: " + e.getMessage(), e);
        }
    }

    /** The demo PKI: roots, issuing CAs, and reused leaf key pairs (key generation would dominate). */
    private final class Pki {
        final Issuer root;
        final Issuer legacyRoot;
        final Issuer webCa;
        final Issuer serverCa;
        final Issuer legacyCa;
        final KeyPair ec;
        final KeyPair rsa;
        final KeyPair weak;
        final List<CertificateFacts> webChain;
        final List<CertificateFacts> serverChain;
        final List<CertificateFacts> legacyChain;
        final CertificateFacts wildcard;

        Pki(Instant now) {
            Instant tenYearsAgo = now.minus(Duration.ofDays(3650));
            root = Issuer.selfSigned(CertificateSpec.authority("CertAtlas Demo Root CA").withOrganization("Demo Corp")
                    .withPlace("", "", "DE").withKeyType(KeyType.EC_P384)
                    .withValidity(tenYearsAgo, now.plus(Duration.ofDays(3650 * 2))));
            legacyRoot = Issuer.selfSigned(CertificateSpec.authority("Demo Corp Legacy Root").withOrganization("Demo Corp")
                    .withKeyType(KeyType.RSA_2048).withSignatureAlgorithm("SHA1withRSA")
                    .withValidity(tenYearsAgo.minus(Duration.ofDays(1000)), now.plus(Duration.ofDays(900))));
            webCa = root.issueAuthority(CertificateSpec.authority("CertAtlas Demo Web CA").withOrganization("Demo Corp")
                    .withKeyType(KeyType.EC_P256).withPathLength(0));
            serverCa = root.issueAuthority(CertificateSpec.authority("CertAtlas Demo Server CA")
                    .withOrganization("Demo Corp").withOrganizationalUnits("IT Security").withKeyType(KeyType.EC_P256)
                    .withPathLength(0));
            legacyCa = legacyRoot.issueAuthority(CertificateSpec.authority("Demo Corp Legacy Issuing CA")
                    .withOrganization("Demo Corp").withKeyType(KeyType.RSA_2048).withSignatureAlgorithm("SHA1withRSA"));
            ec = KeyType.EC_P256.generate();
            rsa = KeyType.RSA_2048.generate();
            weak = KeyType.RSA_1024.generate();
            webChain = List.of(facts(webCa.certificate()), facts(root.certificate()));
            serverChain = List.of(facts(serverCa.certificate()), facts(root.certificate()));
            legacyChain = List.of(facts(legacyCa.certificate()), facts(legacyRoot.certificate()));
            wildcard = facts(webCa.issue(CertificateSpec.leaf("*.demo.example").withDnsNames("*.demo.example", "demo.example")
                    .withOrganization("Demo Corp").withPlace("Frankfurt", "Hessen", "DE")
                    .withValidity(now.minus(Duration.ofDays(200)), now.plus(Duration.ofDays(165))), rsa));
        }
    }

    private CertificateFacts facts(IssuedCertificate certificate) {
        try {
            return analyzer.analyze(certificate.der());
        } catch (MalformedCertificateException e) {
            throw new IllegalStateException("a generated demo certificate does not parse: " + e.getMessage(), e);
        }
    }

    /** What kind of certificate an instance serves; drawn per instance. */
    private enum Case { GOOD, EXPIRED, EXPIRING, SELF_SIGNED, WEAK_KEY, SHA1, WILDCARD }

    private List<PlannedAsset> plan(Pki pki, Instant now) {
        Random random = new Random(SEED);
        List<PlannedAsset> assets = new ArrayList<>(ASSETS);
        // Leaves are issued in parallel afterwards; here each instance only records what it needs.
        record LeafOrder(int asset, int instance, Case kind, String host, long validToDays, String fqdn) {
        }
        List<LeafOrder> orders = new ArrayList<>();
        List<List<Object[]>> instanceShapes = new ArrayList<>();
        for (int a = 0; a < ASSETS; a++) {
            boolean windows = random.nextInt(100) < 40;
            String env = pick(random, new String[] {"prod", "prod", "prod", "stg", "dev"});
            String role = pick(random, windows ? new String[] {"web", "rdp", "dc", "exch", "app"}
                    : new String[] {"web", "web", "api", "mail", "ldap", "db", "app", "proxy"});
            String host = role + "-" + String.format("%04d", a) + "." + env + ".demo.example";
            // Unique per asset: the environment picks the second octet, the index the last two.
            String address = "10." + (env.equals("prod") ? 10 : env.equals("stg") ? 20 : 30) + "."
                    + (a / 250) + "." + (a % 250 + 1);
            String os = windows ? pick(random, new String[] {"Windows Server 2022", "Windows Server 2019",
                "Windows Server 2016", "Windows Server 2012 R2"})
                    : pick(random, new String[] {"Ubuntu 22.04", "Ubuntu 20.04", "Red Hat Enterprise Linux 9",
                        "Red Hat Enterprise Linux 8", "Debian 12", "CentOS 7"});
            List<String> tags = new ArrayList<>();
            tags.add(switch (env) {
                case "prod" -> "Production";
                case "stg" -> "Staging";
                default -> "Development";
            });
            tags.add(windows ? "Windows" : "Linux");
            if (random.nextInt(100) < 15) {
                tags.add("DMZ");
            } else {
                tags.add("Internal");
            }
            if (random.nextInt(100) < 12) {
                tags.add("Finance");
            }
            if (random.nextInt(100) < 5) {
                tags.add("HR");
            }
            if (random.nextInt(100) < 8) {
                tags.add("PCI");
            }
            if (random.nextInt(100) < 20) {
                tags.add("Cloud");
            }
            List<Object[]> shapes = new ArrayList<>();
            boolean wildcard = a < WILDCARD_ASSETS;
            if (wildcard || role.equals("web") || role.equals("api") || role.equals("proxy") || role.equals("app")) {
                shapes.add(new Object[] {443, "https"});
                tags.add("Web");
                if (random.nextInt(100) < 25) {
                    shapes.add(new Object[] {8443, "https-alt"});
                }
            }
            switch (role) {
                case "rdp" -> {
                    shapes.add(new Object[] {3389, "rdp"});
                    tags.add("Remote Access");
                }
                case "dc", "ldap" -> {
                    shapes.add(new Object[] {636, "ldaps"});
                    tags.add("Directory");
                }
                case "exch", "mail" -> {
                    shapes.add(new Object[] {993, "imaps"});
                    shapes.add(new Object[] {25, "smtp"});
                    tags.add("Mail");
                }
                case "db" -> shapes.add(new Object[] {5432, "postgresql"});
                default -> {
                }
            }
            if (windows && !role.equals("rdp") && random.nextInt(100) < 30) {
                shapes.add(new Object[] {3389, "rdp"});
            }
            if (shapes.isEmpty()) {
                shapes.add(new Object[] {443, "https"});
            }
            for (int i = 0; i < shapes.size(); i++) {
                Case kind;
                int port = (int) shapes.get(i)[0];
                if (wildcard && port == 443) {
                    kind = Case.WILDCARD;
                } else {
                    int roll = random.nextInt(100);
                    kind = port == 3389 && roll < 70 ? Case.SELF_SIGNED // RDP serves its own certificate by default
                            : roll < 6 ? Case.EXPIRED
                            : roll < 16 ? Case.EXPIRING
                            : roll < 20 ? Case.SELF_SIGNED
                            : roll < 24 ? Case.WEAK_KEY
                            : roll < 28 ? Case.SHA1
                            : Case.GOOD;
                }
                long validToDays = switch (kind) {
                    case EXPIRED -> -1 - random.nextInt(400);
                    case EXPIRING -> 1 + random.nextInt(90);
                    default -> 91 + random.nextInt(600);
                };
                String fqdn = port == 3389 ? "" : host;
                orders.add(new LeafOrder(a, i, kind, host, validToDays, fqdn));
            }
            instanceShapes.add(shapes);
            assets.add(new PlannedAsset("ip:" + address, host, address,
                    windows ? host.substring(0, host.indexOf('.')).toUpperCase(java.util.Locale.ROOT) : "",
                    os, List.copyOf(tags), new ArrayList<>(),
                    now.minus(Duration.ofDays(30 + random.nextInt(700)))));
        }

        // Issue the leaves on all cores: signing dominates the whole demo.
        CertificateFacts[] leaves = new CertificateFacts[orders.size()];
        IntStream.range(0, orders.size()).parallel().forEach(i -> {
            LeafOrder o = orders.get(i);
            if (o.kind() == Case.WILDCARD) {
                leaves[i] = pki.wildcard;
                return;
            }
            String cn = o.fqdn().isEmpty() ? o.host().substring(0, o.host().indexOf('.')).toUpperCase(java.util.Locale.ROOT)
                    : o.host();
            CertificateSpec spec = CertificateSpec.leaf(cn).withOrganization("Demo Corp")
                    .withPlace(CITIES[o.asset() % CITIES.length], "", "DE")
                    .withValidity(now.minus(Duration.ofDays(Math.max(30, 395 - o.validToDays()))),
                            now.plus(Duration.ofDays(o.validToDays())));
            leaves[i] = switch (o.kind()) {
                case SELF_SIGNED -> facts(Issuer.selfSigned(spec, pki.rsa).certificate());
                case WEAK_KEY -> facts(pki.legacyCa.issue(spec, pki.weak));
                case SHA1 -> facts(pki.legacyCa.issue(spec.withSignatureAlgorithm("SHA1withRSA"), pki.rsa));
                case GOOD, EXPIRED, EXPIRING -> facts((o.asset() % 3 == 0 ? pki.serverCa : pki.webCa).issue(spec,
                        o.asset() % 2 == 0 ? pki.ec : pki.rsa));
                case WILDCARD -> pki.wildcard;
            };
        });

        Random grades = new Random(SEED + 1);
        for (int i = 0; i < orders.size(); i++) {
            LeafOrder o = orders.get(i);
            CertificateFacts leaf = leaves[i];
            Object[] shape = instanceShapes.get(o.asset()).get(o.instance());
            List<CertificateFacts> chain = new ArrayList<>();
            chain.add(leaf);
            if (o.kind() != Case.SELF_SIGNED) {
                chain.addAll(o.kind() == Case.WEAK_KEY || o.kind() == Case.SHA1 ? pki.legacyChain
                        : leaf.issuer().dn().equals(pki.serverChain.getFirst().subject().dn()) ? pki.serverChain
                        : pki.webChain);
            }
            int roll = grades.nextInt(100);
            List<String> protocols = (int) shape[0] == 3389 || roll < 15 ? List.of("TLSv1", "TLSv1.1", "TLSv1.2")
                    : roll < 18 ? List.of("SSLv3", "TLSv1", "TLSv1.2")
                    : roll < 60 ? List.of("TLSv1.2", "TLSv1.3")
                    : List.of("TLSv1.2");
            List<Finding> findings = new ArrayList<>();
            String base;
            if (protocols.contains("SSLv3")) {
                base = "C";
                findings.add(new Finding(38606, "SSL Server Has SSLv3 Enabled Vulnerability", 3));
                findings.add(new Finding(38603, "SSLv3 Padding Oracle Attack Information Disclosure Vulnerability (POODLE)", 3));
            } else if (protocols.contains("TLSv1")) {
                base = "B";
            } else {
                base = protocols.contains("TLSv1.3") && roll % 2 == 0 ? "A+" : "A";
            }
            if (protocols.contains("TLSv1")) {
                findings.add(new Finding(38628, "SSL/TLS Server supports TLSv1.0", 3));
            }
            if (protocols.contains("TLSv1.1")) {
                findings.add(new Finding(38794, "SSL/TLS Server supports TLSv1.1", 3));
            }
            findings.add(new Finding(38116, "SSL Server Information Retrieval", 1));
            findings.add(new Finding(86002, "SSL Certificate - Information", 1));
            boolean untrusted = false;
            switch (o.kind()) {
                case SELF_SIGNED -> {
                    findings.add(new Finding(38169, "SSL Certificate - Self-Signed Certificate", 2));
                    untrusted = true;
                }
                case EXPIRED -> {
                    findings.add(new Finding(9000001, "SSL Certificate - Expired", 2));
                    untrusted = true;
                }
                case EXPIRING -> findings.add(new Finding(38600, "SSL Certificate will expire within next six months", 1));
                case WEAK_KEY -> {
                    findings.add(new Finding(9000003,
                            "SSL Certificate - Weak Public Key (RSA/DSA under 2048 bits, EC under 224 bits)", 2));
                    base = "B".compareTo(base) > 0 ? "B" : base;
                }
                case SHA1 -> findings.add(new Finding(9000004,
                        "SSL Certificate - Weak Signature Algorithm (SHA-1, MD5 or MD2)", 2));
                case WILDCARD -> {
                    if (leaf.validTo().isBefore(now.plus(Duration.ofDays(183)))) {
                        findings.add(new Finding(38600, "SSL Certificate will expire within next six months", 1));
                    }
                }
                case GOOD -> {
                }
            }
            if (leaf.validTo().isBefore(now.plus(Duration.ofDays(183))) && o.kind() != Case.EXPIRING
                    && o.kind() != Case.EXPIRED && o.kind() != Case.WILDCARD) {
                findings.add(new Finding(38600, "SSL Certificate will expire within next six months", 1));
            }
            assets.get(o.asset()).instances().add(new PlannedInstance((int) shape[0], (String) shape[1], o.fqdn(),
                    List.copyOf(chain), protocols, untrusted ? "T" : base, base, List.copyOf(findings)));
        }
        return assets;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Writes everything in the caller's transaction; returns {certificates, instances, findings}. */
    private int[] write(Connection c, List<PlannedAsset> assets, Instant now) throws SQLException {
        Instant lastFound = now.minus(Duration.ofHours(3));
        Map<String, CertificateRow> rows = new LinkedHashMap<>();
        for (PlannedAsset asset : assets) {
            for (PlannedInstance instance : asset.instances()) {
                for (CertificateRow row : CertificateRow.ofChain(instance.chain(), "SCAN", lastFound)) {
                    rows.putIfAbsent(row.facts().certhash(), row);
                }
            }
        }
        CertificateBatch.prepare(c);
        CertificateBatch.write(c, rows.values());
        CertificateBatch.release(c);
        // Thousands of links to the same few issuing CAs: the row triggers that keep counts and
        // scope tags would update those rows once per link. The store is empty, so they are off
        // for this transaction and everything is counted once at the end (migration V4).
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE instance_certificate DISABLE TRIGGER instance_certificate_reach");
            s.execute("ALTER TABLE asset_tag DISABLE TRIGGER asset_tag_reach");
        }
        Map<String, Long> certificateIds = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT certhash, id FROM certificate")) {
            while (rs.next()) {
                certificateIds.put(rs.getString(1).trim(), rs.getLong(2));
            }
        }

        Map<String, Long> tagIds = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO tag (uuid, name) VALUES (?, ?) RETURNING id")) {
            for (String tag : TAGS) {
                s.setObject(1, UUID.nameUUIDFromBytes(("demo-tag:" + tag).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                s.setString(2, tag);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    tagIds.put(tag, rs.getLong(1));
                }
            }
        }

        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO asset (uuid, identity, name, netbios_name, operating_system, primary_ip, created, updated)
                VALUES (?, ?, ?, ?, ?, ?::inet, ?, ?)""")) {
            for (PlannedAsset a : assets) {
                s.setObject(1, UUID.randomUUID());
                s.setString(2, a.identity());
                s.setString(3, a.name());
                s.setString(4, a.netbios());
                s.setString(5, a.os());
                s.setString(6, a.address());
                s.setObject(7, CertificateRow.utc(a.created()));
                s.setObject(8, CertificateRow.utc(lastFound));
                s.addBatch();
            }
            s.executeBatch();
        }
        Map<String, Long> assetIds = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT identity, id FROM asset")) {
            while (rs.next()) {
                assetIds.put(rs.getString(1), rs.getLong(2));
            }
        }

        try (PreparedStatement iface = c.prepareStatement(
                "INSERT INTO asset_interface (asset_id, hostname, address) VALUES (?, ?, ?::inet)");
             PreparedStatement tag = c.prepareStatement("INSERT INTO asset_tag (asset_id, tag_id) VALUES (?, ?)");
             PreparedStatement instance = c.prepareStatement("""
                     INSERT INTO host_instance (asset_id, protocol, port, fqdn, service, ssl_protocols, grade,
                                                grade_with_trust_ignored, scanned, created, updated, last_found,
                                                grade_summary, cipher_suites)
                     VALUES (?, 'tcp', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            for (PlannedAsset a : assets) {
                long id = assetIds.get(a.identity());
                iface.setLong(1, id);
                iface.setString(2, a.name());
                iface.setString(3, a.address());
                iface.addBatch();
                for (String t : a.tags()) {
                    tag.setLong(1, id);
                    tag.setLong(2, tagIds.get(t));
                    tag.addBatch();
                }
                for (PlannedInstance i : a.instances()) {
                    instance.setLong(1, id);
                    instance.setInt(2, i.port());
                    instance.setString(3, i.fqdn());
                    instance.setString(4, i.service());
                    instance.setArray(5, c.createArrayOf("text", i.protocols().toArray(String[]::new)));
                    instance.setString(6, i.grade());
                    instance.setString(7, i.gradeWithTrustIgnored());
                    instance.setObject(8, CertificateRow.utc(lastFound));
                    instance.setObject(9, CertificateRow.utc(a.created()));
                    instance.setObject(10, CertificateRow.utc(lastFound));
                    instance.setObject(11, CertificateRow.utc(lastFound));
                    DemoCipherSuites suites = DemoCipherSuites.of(i.protocols(),
                            !i.chain().isEmpty() && i.chain().get(0).publicKeyAlgorithm().equals("EC"));
                    instance.setString(12, DemoGradeSummary.json(i.protocols(), i.grade(), i.gradeWithTrustIgnored(), suites));
                    instance.setString(13, suites.namesJson());
                    instance.addBatch();
                }
            }
            iface.executeBatch();
            tag.executeBatch();
            instance.executeBatch();
        }
        Map<String, Long> instanceIds = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT asset_id, port, fqdn, id FROM host_instance")) {
            while (rs.next()) {
                instanceIds.put(rs.getLong(1) + ":" + rs.getInt(2) + ":" + rs.getString(3), rs.getLong(4));
            }
        }
        int instances = 0;
        int findings = 0;
        try (PreparedStatement chain = c.prepareStatement("""
                INSERT INTO instance_certificate (instance_id, certificate_id, chain_position, current, first_found, last_found)
                VALUES (?, ?, ?, true, ?, ?)""");
             PreparedStatement finding = c.prepareStatement("""
                     INSERT INTO finding (instance_id, qid, title, severity, status, first_found, last_found)
                     VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?)""")) {
            for (PlannedAsset a : assets) {
                long assetId = assetIds.get(a.identity());
                for (PlannedInstance i : a.instances()) {
                    long id = instanceIds.get(assetId + ":" + i.port() + ":" + i.fqdn());
                    instances++;
                    for (int p = 0; p < i.chain().size(); p++) {
                        chain.setLong(1, id);
                        chain.setLong(2, certificateIds.get(i.chain().get(p).certhash()));
                        chain.setInt(3, p);
                        chain.setObject(4, CertificateRow.utc(a.created()));
                        chain.setObject(5, CertificateRow.utc(lastFound));
                        chain.addBatch();
                    }
                    for (Finding f : i.findings()) {
                        finding.setLong(1, id);
                        finding.setInt(2, f.qid());
                        finding.setString(3, f.title());
                        finding.setInt(4, f.severity());
                        finding.setObject(5, CertificateRow.utc(a.created()));
                        finding.setObject(6, CertificateRow.utc(lastFound));
                        finding.addBatch();
                        findings++;
                    }
                }
            }
            chain.executeBatch();
            finding.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE instance_certificate ENABLE TRIGGER instance_certificate_reach");
            s.execute("ALTER TABLE asset_tag ENABLE TRIGGER asset_tag_reach");
            s.execute("SELECT rebuild_certificate_reach()");
        }
        return new int[] {rows.size(), instances, findings};
    }
}
