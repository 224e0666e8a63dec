package io.certatlas.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.scan.engine.FailureReason;
import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.fleet.CertificateFleet;
import io.certatlas.scan.fleet.CertificateFleet.Served;
import io.certatlas.scan.fleet.HostilePeer;
import io.certatlas.scan.target.HostResolver;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.testing.TestPki;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One scan of a fleet of real TLS servers (JSSE, on 127.0.0.20 onward) and hostile peers: every
 * certificate case gives its findings, every hostile peer ends within its deadline.
 */
@Timeout(60)
class ScannerFleetTest {

    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final int FIRST = 20;

    private static CertificateFleet fleet;
    private static final Map<String, EndpointReport> reports = new ConcurrentHashMap<>();
    private static final List<ScanProgress> progress = Collections.synchronizedList(new ArrayList<>());
    private static ScanSummary summary;
    private static ScanPlan plan;

    @BeforeAll
    static void scanTheFleet() throws Exception {
        fleet = new CertificateFleet(TestPki.shared(), FIRST);
        int port = fleet.port();
        InetAddress silent = CertificateFleet.loopback(FIRST + 20);
        InetAddress drip = CertificateFleet.loopback(FIRST + 21);
        InetAddress garbage = CertificateFleet.loopback(FIRST + 22);
        InetAddress flood = CertificateFleet.loopback(FIRST + 23);
        InetAddress hangUp = CertificateFleet.loopback(FIRST + 24);
        fleet.adopt(new HostilePeer(silent, port, HostilePeer.Behaviour.SILENT));
        fleet.adopt(new HostilePeer(drip, port, HostilePeer.Behaviour.DRIP));
        fleet.adopt(new HostilePeer(garbage, port, HostilePeer.Behaviour.GARBAGE));
        fleet.adopt(new HostilePeer(flood, port, HostilePeer.Behaviour.CHAIN_FLOOD));
        fleet.adopt(new HostilePeer(hangUp, port, HostilePeer.Behaviour.HANG_UP));
        InetAddress closed = CertificateFleet.loopback(FIRST + 25);

        List<InetAddress> localhostServers = fleet.addresses().entrySet().stream()
                .filter(e -> e.getKey() != Served.WILDCARD).map(Map.Entry::getValue).toList();
        HostResolver resolver = name -> switch (name) {
            case "localhost" -> localhostServers;
            case "www.certatlas.test", "a.b.certatlas.test" -> List.of(fleet.address(Served.WILDCARD));
            default -> throw new UnknownHostException(name);
        };
        plan = ScanPlan.builder()
                .targets("localhost www.certatlas.test a.b.certatlas.test")
                .targets(List.of(silent, drip, garbage, flood, hangUp, closed).stream().map(InetAddress::getHostAddress).toList())
                .ports(String.valueOf(port))
                .resolver(resolver)
                .build();
        ScanOptions options = ScanOptions.defaults()
                .withEndpointDeadline(DEADLINE)
                .withConnectTimeout(Duration.ofSeconds(2))
                .withTrustAnchors(TrustAnchors.of(List.of(fleet.pki().root().certificate())));
        summary = new Scanner(options).scan(plan, new ScanListener() {
            @Override
            public void onResult(EndpointReport report) {
                reports.put(report.fqdn() + "@" + report.address(), report);
            }

            @Override
            public void onProgress(ScanProgress p) {
                progress.add(p);
            }
        });
    }

    @AfterAll
    static void stopTheFleet() throws Exception {
        fleet.close();
    }

    private static EndpointReport served(Served served) {
        return reports.get("localhost@" + fleet.address(served).getHostAddress());
    }

    private static EndpointReport byAddress(int octet) {
        return reports.get("@127.0.0." + octet);
    }

    private static Set<String> keys(EndpointReport report) {
        return report.findings().stream().map(Finding::key).collect(Collectors.toSet());
    }

    private static Set<Integer> qids(EndpointReport report) {
        return report.findings().stream().map(Finding::qid).collect(Collectors.toSet());
    }

    private static final Set<String> CERTIFICATE_PROBLEMS = Set.of("cert.self-signed", "cert.name-mismatch", "cert.untrusted",
            "cert.expired", "cert.not-yet-valid", "cert.weak-key", "cert.weak-signature", "cert.chain-incomplete");

    @Test
    void everyEndpointOfThePlanIsReportedOnceWithProgress() {
        assertThat(plan.size().intValue()).isEqualTo(Served.values().length - 1 + 2 + 6);
        assertThat(reports).hasSize(plan.size().intValue());
        assertThat(summary.endpoints()).isEqualTo(plan.size().longValue());
        assertThat(summary.tls()).isEqualTo(Served.values().length + 1);
        ScanProgress last = progress.get(progress.size() - 1);
        assertThat(last.done()).isEqualTo(last.total()).isEqualTo(plan.size().longValue());
        assertThat(last.found()).isEqualTo(summary.tls());
    }

    @Test
    void aGoodChainFromTheTrustedTestCaHasOnlyInformationalFindings() {
        EndpointReport report = served(Served.GOOD);
        EndpointOutcome.Tls tls = (EndpointOutcome.Tls) report.outcome();
        assertThat(tls.chain()).hasSize(2);
        assertThat(tls.assessment().trusted()).isTrue();
        assertThat(tls.facts()).hasSize(2);
        assertThat(tls.facts().get(0).subject().name()).isEqualTo("localhost");
        assertThat(qids(report)).contains(86002);
        // TestPki leaves live 90 days, so Qualys's six-month warning rightly holds for them.
        assertThat(keys(report).stream().filter(key -> key.startsWith("cert.")))
                .containsExactlyInAnyOrder("cert.information", "cert.expires-within-six-months");
        // The enumeration adds information about a JSSE server, and grades it. (Whether JSSE also
        // offers TLS 1.0/1.1 depends on which test first re-enabled them in this JVM.)
        assertThat(keys(report)).contains("server.information", "renegotiation.secure-support")
                .doesNotContain("protocol.sslv3", "suite.rc4", "suite.sweet32", "suite.weak-encryption", "suite.anonymous");
        TlsProfile profile = report.profile().orElseThrow();
        assertThat(profile.protocols()).contains("TLSv1.2", "TLSv1.3");
        assertThat(profile.suites().get("TLSv1.3")).contains("TLS_AES_128_GCM_SHA256");
        assertThat(profile.grade()).isNotEqualTo("T").isEqualTo(profile.gradeWithTrustIgnored());
        assertThat(report.fqdn()).isEqualTo("localhost");
        assertThat(report.service()).isEqualTo("unknown");
        assertThat(report.protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aSelfSignedLeafIs38169() {
        EndpointReport report = served(Served.SELF_SIGNED);
        assertThat(report.profile().orElseThrow().grade()).isEqualTo("T");
        assertThat(report.profile().orElseThrow().gradeWithTrustIgnored()).isNotEqualTo("T");
        assertThat(qids(report)).contains(38169);
        assertThat(keys(report)).doesNotContain("cert.chain-incomplete", "cert.name-mismatch");
    }

    @Test
    void anExpiredLeafHasItsOwnId() {
        EndpointReport report = served(Served.EXPIRED);
        assertThat(qids(report)).contains(9000001);
        assertThat(keys(report)).doesNotContain("cert.untrusted", "cert.expires-within-six-months");
        assertThat(report.findings().stream().filter(f -> f.key().equals("cert.expired")).findFirst().orElseThrow().detail())
                .startsWith("#0 ");
    }

    @Test
    void aNotYetValidLeafHasItsOwnId() {
        assertThat(qids(served(Served.NOT_YET_VALID))).contains(9000002);
    }

    @Test
    void aLeafExpiringInTenDaysIs38600() {
        EndpointReport report = served(Served.EXPIRING_IN_10_DAYS);
        assertThat(qids(report)).contains(38600);
        assertThat(keys(report)).doesNotContain("cert.expired");
    }

    @Test
    void aLeafForAnotherNameIs38170() {
        EndpointReport report = served(Served.NAME_MISMATCH);
        assertThat(qids(report)).contains(38170);
        assertThat(report.findings().stream().filter(f -> f.qid() == 38170).findFirst().orElseThrow().detail())
                .contains("wrong.certatlas.invalid").contains("localhost");
    }

    @Test
    void aWildcardCoversOneLabelOnly() {
        String address = fleet.address(Served.WILDCARD).getHostAddress();
        assertThat(keys(reports.get("www.certatlas.test@" + address))).doesNotContain("cert.name-mismatch");
        assertThat(keys(reports.get("a.b.certatlas.test@" + address))).contains("cert.name-mismatch");
    }

    @Test
    void weakKeysAndSignaturesAreFound() {
        assertThat(keys(served(Served.RSA_1024))).contains("cert.weak-key");
        assertThat(served(Served.RSA_1024).findings().stream().filter(f -> f.key().equals("cert.weak-key")).findFirst()
                .orElseThrow().detail()).contains("RSA key of 1024 bits");
        assertThat(keys(served(Served.SHA1_SIGNATURE))).contains("cert.weak-signature").doesNotContain("cert.weak-key");
    }

    @Test
    void ecdsaLeavesAreCapturedWithTheirCurveSize() {
        for (Served served : List.of(Served.ECDSA_P256, Served.ECDSA_P384)) {
            EndpointReport report = served(served);
            EndpointOutcome.Tls tls = (EndpointOutcome.Tls) report.outcome();
            assertThat(tls.facts().get(0).keySize()).isEqualTo(served == Served.ECDSA_P256 ? 256 : 384);
            assertThat(keys(report)).doesNotContainAnyElementsOf(CERTIFICATE_PROBLEMS);
        }
    }

    @Test
    void aServerThatOmitsTheIntermediateIsIncompleteAndUntrusted() {
        EndpointReport report = served(Served.MISSING_INTERMEDIATE);
        assertThat(report.chain()).hasSize(1);
        assertThat(qids(report)).contains(9000005, 38173);
        assertThat(keys(report)).doesNotContain("cert.self-signed");
    }

    @Test
    void aSilentPeerCostsOneDeadline() {
        assertFailedWithinDeadline(byAddress(FIRST + 20), FailureReason.DEADLINE_EXCEEDED);
    }

    @Test
    void aDrippingPeerCostsOneDeadline() {
        assertFailedWithinDeadline(byAddress(FIRST + 21), FailureReason.DEADLINE_EXCEEDED);
    }

    @Test
    void aPeerSpeakingAnotherProtocolIsOpenButNotTls() {
        EndpointReport report = byAddress(FIRST + 22);
        assertThat(report.outcome()).isInstanceOf(EndpointOutcome.NotTls.class);
        assertThat(((EndpointOutcome.NotTls) report.outcome()).firstBytesHex()).startsWith("5353482d"); // "SSH-"
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void aChainFloodStopsAtTheByteLimit() {
        assertFailedWithinDeadline(byAddress(FIRST + 23), FailureReason.BYTE_LIMIT_EXCEEDED);
    }

    @Test
    void aPeerThatHangsUpIsReportedSo() {
        assertFailedWithinDeadline(byAddress(FIRST + 24), FailureReason.PEER_CLOSED_CONNECTION);
    }

    @Test
    void aPortWithNothingListeningIsClosed() {
        assertThat(byAddress(FIRST + 25).outcome()).isInstanceOf(EndpointOutcome.Closed.class);
    }

    private static void assertFailedWithinDeadline(EndpointReport report, FailureReason reason) {
        assertThat(report.outcome()).isInstanceOf(EndpointOutcome.Failed.class);
        assertThat(((EndpointOutcome.Failed) report.outcome()).reason()).as(report.outcome().toString()).isEqualTo(reason);
        assertThat(report.timings().total()).isLessThan(DEADLINE.plusMillis(1500));
        assertThat(report.chain()).isEmpty();
    }
}
