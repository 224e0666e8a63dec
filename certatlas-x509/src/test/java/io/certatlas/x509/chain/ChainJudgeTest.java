package io.certatlas.x509.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.testing.TestPki;
import io.certatlas.x509.testing.TestPki.Case;

class ChainJudgeTest {

    private final TestPki pki = TestPki.shared();
    private final ChainJudge judge = new ChainJudge(TrustAnchors.of(List.of(pki.root().certificate())));
    private final Optional<PeerName> localhost = Optional.of(PeerName.dns(TestPki.HOST));

    private ChainVerdict judge(Case c, Optional<PeerName> name) {
        return judge.judge(pki.servedChain(c), name, Instant.now());
    }

    @Test
    void goodChainIsTrustedByNameAndByAddress() {
        ChainVerdict verdict = judge(Case.GOOD, localhost);
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.trusted()).isTrue();
        assertThat(verdict.path()).containsExactlyElementsOf(pki.fullChain());
        assertThat(judge(Case.GOOD, Optional.of(PeerName.ip("127.0.0.1"))).trusted()).isTrue();
        assertThat(judge(Case.GOOD, Optional.of(PeerName.dns("LOCALHOST."))).trusted()).isTrue();
    }

    @Test
    void extrasInAnyOrderWithADecoyOfTheSameNameStillReachTheRoot() {
        Issuer decoyRoot = Issuer.selfSigned(CertificateSpec.authority("Decoy Root").withKeyType(KeyType.EC_P256));
        String intermediateName = pki.intermediate().certificate().getSubjectX500Principal().getName();
        X509Certificate decoy = decoyRoot.issue(CertificateSpec.authority("x").withKeyType(KeyType.EC_P256)
                .withCommonName(intermediateName.replaceFirst("^CN=", "").replaceAll(",O=.*", ""))
                .withOrganization("CertAtlas Tests")).certificate();
        assertThat(decoy.getSubjectX500Principal()).isEqualTo(pki.intermediate().certificate().getSubjectX500Principal());
        List<X509Certificate> served = List.of(pki.leaf().certificate(), decoy, pki.root().certificate(),
                pki.intermediate().certificate());
        ChainVerdict verdict = judge.judge(served, localhost, Instant.now());
        assertThat(verdict.trusted()).as(verdict.problems().toString()).isTrue();
    }

    @Test
    void eachBadCaseIsReportedWithItsReasonAndPosition() {
        assertProblem(judge(Case.EXPIRED, localhost), ChainProblem.Kind.EXPIRED, 0);
        assertProblem(judge(Case.NOT_YET_VALID, localhost), ChainProblem.Kind.NOT_YET_VALID, 0);
        assertProblem(judge(Case.NAME_MISMATCH, localhost), ChainProblem.Kind.NAME_MISMATCH, 0);
        assertProblem(judge(Case.RSA_1024, localhost), ChainProblem.Kind.WEAK_KEY, 0);
        assertProblem(judge(Case.SHA1_SIGNATURE, localhost), ChainProblem.Kind.WEAK_SIGNATURE, 0);
        assertProblem(judge(Case.SELF_SIGNED, localhost), ChainProblem.Kind.SELF_SIGNED, 0);
        assertThat(judge(Case.EXPIRING_IN_10_DAYS, localhost).trusted()).isTrue();
        assertThat(judge(Case.ECDSA_P256, localhost).trusted()).isTrue();
        assertThat(judge(Case.ECDSA_P384, localhost).trusted()).isTrue();
    }

    @Test
    void anUntrustedChainIsStillJudgedForDatesKeysAndNames() {
        Instant now = Instant.now();
        X509Certificate oldWeakSelfSigned = Issuer.selfSigned(CertificateSpec.leaf(TestPki.HOST)
                .withKeyType(KeyType.RSA_1024)
                .withValidity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(3)))).certificate().certificate();
        ChainVerdict selfSigned = judge.judge(List.of(oldWeakSelfSigned), Optional.of(PeerName.dns("other.example")), now);
        assertThat(selfSigned.trusted()).isFalse();
        assertThat(selfSigned.problems()).extracting(ChainProblem::kind).contains(ChainProblem.Kind.SELF_SIGNED,
                ChainProblem.Kind.EXPIRED, ChainProblem.Kind.WEAK_KEY, ChainProblem.Kind.NAME_MISMATCH);
        assertThat(selfSigned.problems().get(0).kind()).isEqualTo(ChainProblem.Kind.SELF_SIGNED);

        Issuer strangerCa = Issuer.selfSigned(CertificateSpec.authority("Stranger CA").withKeyType(KeyType.EC_P256));
        X509Certificate expiredLeaf = strangerCa.issue(CertificateSpec.leaf(TestPki.HOST).withKeyType(KeyType.EC_P256)
                .withValidity(now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1)))).certificate();
        ChainVerdict missingIntermediate = judge.judge(List.of(expiredLeaf), localhost, now);
        assertThat(missingIntermediate.problems()).extracting(ChainProblem::kind)
                .containsExactly(ChainProblem.Kind.MISSING_INTERMEDIATE, ChainProblem.Kind.EXPIRED);

        ChainVerdict untrustedRoot = judge.judge(List.of(expiredLeaf, strangerCa.certificate().certificate()), localhost, now);
        assertThat(untrustedRoot.problems()).extracting(ChainProblem::kind)
                .containsExactly(ChainProblem.Kind.UNTRUSTED_ROOT, ChainProblem.Kind.EXPIRED);
        assertThat(untrustedRoot.path()).hasSize(2);
    }

    @Test
    void wildcardCoversExactlyOneLeftMostLabel() {
        assertThat(judge(Case.WILDCARD, Optional.of(PeerName.dns("www.certatlas.test"))).trusted()).isTrue();
        assertThat(judge(Case.WILDCARD, Optional.of(PeerName.dns("certatlas.test"))).trusted()).isTrue();
        assertProblem(judge(Case.WILDCARD, Optional.of(PeerName.dns("a.b.certatlas.test"))), ChainProblem.Kind.NAME_MISMATCH, 0);
        assertProblem(judge(Case.WILDCARD, Optional.of(PeerName.dns("evilcertatlas.test"))), ChainProblem.Kind.NAME_MISMATCH, 0);
    }

    @Test
    void addressIsNotMatchedByCommonNameOrDnsSpelling() {
        var onlyCn = pki.intermediateIssuer().issue(CertificateSpec.leaf("10.1.2.3").withoutAlternativeNames(),
                KeyType.EC_P256.generate());
        ChainVerdict verdict = judge.judge(List.of(onlyCn.certificate(), pki.intermediate().certificate()),
                Optional.of(PeerName.ip("10.1.2.3")), Instant.now());
        assertProblem(verdict, ChainProblem.Kind.NAME_MISMATCH, 0);
    }

    @Test
    void missingIntermediateAndUntrustedRootAreToldApart() {
        ChainVerdict missing = judge.judge(List.of(pki.leaf().certificate()), localhost, Instant.now());
        assertProblem(missing, ChainProblem.Kind.MISSING_INTERMEDIATE, 0);

        ChainJudge trustingNothing = new ChainJudge(TrustAnchors.none());
        ChainVerdict untrusted = trustingNothing.judge(pki.fullChain(), localhost, Instant.now());
        assertProblem(untrusted, ChainProblem.Kind.UNTRUSTED_ROOT, 2);

        // The JDK's cacerts does not know the test root.
        assertThat(ChainJudge.withJdkTrustStore().judge(pki.servedChain(Case.GOOD), localhost, Instant.now()).trusted())
                .isFalse();
    }

    @Test
    void expiryIsJudgedAtTheGivenTime() {
        Instant later = pki.leaf().certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
        assertProblem(judge.judge(pki.servedChain(Case.GOOD), localhost, later), ChainProblem.Kind.EXPIRED, 0);
    }

    @Test
    void garbageIsAProblemNotAnException() {
        ChainVerdict verdict = judge.judgeDer(List.of(new byte[] {0x30, 0x03, 0x02, 0x01}), localhost, Instant.now());
        assertThat(verdict.trusted()).isFalse();
        assertThat(verdict.has(ChainProblem.Kind.MALFORMED)).isTrue();
        assertThat(judge.judge(List.of(), localhost, Instant.now()).has(ChainProblem.Kind.MALFORMED)).isTrue();
    }

    private static void assertProblem(ChainVerdict verdict, ChainProblem.Kind kind, int position) {
        assertThat(verdict.trusted()).isFalse();
        assertThat(verdict.problems()).as(verdict.problems().toString())
                .anySatisfy(p -> {
                    assertThat(p.kind()).isEqualTo(kind);
                    assertThat(p.position()).isEqualTo(position);
                    assertThat(p.message()).isNotBlank();
                });
    }
}
