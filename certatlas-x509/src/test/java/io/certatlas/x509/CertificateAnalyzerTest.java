package io.certatlas.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyPurpose;
import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.issue.KeyUsageFlag;
import io.certatlas.x509.testing.TestPki;

class CertificateAnalyzerTest {

    private final TestPki pki = TestPki.shared();
    private final CertificateAnalyzer analyzer = CertificateAnalyzer.standard();

    private CertificateFacts facts(IssuedCertificate cert) throws Exception {
        return analyzer.analyze(cert.der());
    }

    @Test
    void leafFactsMatchWhatWasIssued() throws Exception {
        IssuedCertificate leaf = pki.leaf();
        CertificateFacts f = facts(leaf);
        assertThat(f.certhash()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.der())));
        assertThat(f.serialNumber()).isEqualTo(leaf.certificate().getSerialNumber().toString(16));
        assertThat(f.subject().name()).isEqualTo("localhost");
        assertThat(f.subject().organization()).isEqualTo("CertAtlas Tests");
        assertThat(f.subject().dn()).isEqualTo(leaf.certificate().getSubjectX500Principal().getName());
        assertThat(f.issuer().dn()).isEqualTo(pki.intermediate().certificate().getSubjectX500Principal().getName());
        assertThat(f.validFrom()).isEqualTo(leaf.certificate().getNotBefore().toInstant());
        assertThat(f.validTo()).isEqualTo(leaf.certificate().getNotAfter().toInstant());
        assertThat(f.publicKeyAlgorithm()).isEqualTo("RSA");
        assertThat(f.keySize()).isEqualTo(2048);
        assertThat(f.signatureAlgorithm()).isEqualTo("SHA256withRSA");
        assertThat(f.selfSigned()).isFalse();
        assertThat(f.ca()).isFalse();
        assertThat(f.type()).isEqualTo(CertificateType.LEAF);
        assertThat(f.issuerCategory()).isEqualTo(IssuerCategory.PRIVATE);
        assertThat(f.extendedValidation()).isFalse();
        assertThat(f.subjectAlternativeNames())
                .containsExactly(Map.entry("DNS Name", List.of("localhost")), Map.entry("IP Address", List.of("127.0.0.1")));
        assertThat(f.keyUsage()).containsExactly("digitalSignature", "keyEncipherment");
        assertThat(f.enhancedKeyUsage()).containsExactly("serverAuth", "clientAuth");
        assertThat(f.authKeyIdentifier()).isEqualTo(facts(pki.intermediate()).subjectKeyIdentifier()).hasSize(40);
    }

    @Test
    void rootIntermediateAndSelfSignedLeafAreTypedAsCertificateViewShowsThem() throws Exception {
        CertificateFacts root = facts(pki.root());
        assertThat(root.type()).isEqualTo(CertificateType.ROOT);
        assertThat(root.selfSigned()).isTrue();
        assertThat(root.issuerCategory()).isEqualTo(IssuerCategory.SELF_SIGNED);
        assertThat(root.keyUsage()).containsExactly("digitalSignature", "keyCertSign", "cRLSign");
        assertThat(root.subject().country()).isEqualTo("NL");

        CertificateFacts intermediate = facts(pki.intermediate());
        assertThat(intermediate.type()).isEqualTo(CertificateType.INTERMEDIATE);
        assertThat(intermediate.selfSigned()).isFalse();

        CertificateFacts selfSignedLeaf = facts(pki.selfSigned());
        assertThat(selfSignedLeaf.type()).isEqualTo(CertificateType.LEAF);
        assertThat(selfSignedLeaf.selfSigned()).isTrue();
        assertThat(selfSignedLeaf.issuerCategory()).isEqualTo(IssuerCategory.SELF_SIGNED);
    }

    @Test
    void sameNameButSignedByAnotherKeyIsNotSelfSigned() throws Exception {
        // Issuer "localhost" (a CA of that name) signs a leaf also named "localhost": names match, keys do not.
        Issuer lookalike = Issuer.selfSigned(CertificateSpec.authority("twin").withKeyType(KeyType.EC_P256));
        IssuedCertificate twin = lookalike.issue(CertificateSpec.leaf("twin").withKeyType(KeyType.EC_P256));
        CertificateFacts f = facts(twin);
        assertThat(f.subject().dn()).isEqualTo(f.issuer().dn());
        assertThat(f.selfSigned()).isFalse();
        assertThat(f.issuerCategory()).isEqualTo(IssuerCategory.PRIVATE);
    }

    @Test
    void badCasesShowTheirFlaws() throws Exception {
        assertThat(facts(pki.rsa1024()).keySize()).isEqualTo(1024);
        assertThat(facts(pki.sha1Signature()).signatureAlgorithm()).isEqualTo("SHA1withRSA");
        CertificateFacts p256 = facts(pki.ecdsaP256());
        assertThat(p256.publicKeyAlgorithm()).isEqualTo("EC");
        assertThat(p256.keySize()).isEqualTo(256);
        assertThat(p256.keyUsage()).containsExactly("digitalSignature");
        assertThat(facts(pki.ecdsaP384()).keySize()).isEqualTo(384);
        assertThat(facts(pki.expired()).validTo()).isBefore(Instant.now());
        assertThat(facts(pki.wildcard()).subjectAlternativeNames().get("DNS Name"))
                .containsExactly("*.certatlas.test", "certatlas.test");
    }

    @Test
    void ecdsaIssuerSignaturesAreNamedInJavaStyle() throws Exception {
        Issuer ec = Issuer.selfSigned(CertificateSpec.authority("EC Root").withKeyType(KeyType.EC_P384));
        assertThat(analyzer.analyze(ec.certificate().der()).signatureAlgorithm()).isEqualTo("SHA384withECDSA");
        IssuedCertificate leaf = ec.issue(CertificateSpec.leaf("ec.test").withSignatureAlgorithm("SHA256withECDSA"),
                KeyType.EC_P256.generate());
        assertThat(facts(leaf).signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        IssuedCertificate pss = pki.intermediateIssuer().issue(
                CertificateSpec.leaf("pss.test").withSignatureAlgorithm("SHA256withRSAandMGF1"), KeyType.EC_P256.generate());
        assertThat(facts(pss).signatureAlgorithm()).isEqualTo("SHA256withRSAandMGF1");
    }

    @Test
    void evPolicyMakesALeafExtendedValidationButNotACa() throws Exception {
        IssuedCertificate ev = pki.intermediateIssuer().issue(CertificateSpec.leaf("ev.test").withEvPolicy("2.23.140.1.1"),
                KeyType.EC_P256.generate());
        assertThat(facts(ev).extendedValidation()).isTrue();
        IssuedCertificate dv = pki.intermediateIssuer().issue(CertificateSpec.leaf("dv.test").withEvPolicy("2.23.140.1.2.1"),
                KeyType.EC_P256.generate());
        assertThat(facts(dv).extendedValidation()).isFalse();
        Issuer evCa = pki.rootIssuer().issueAuthority(CertificateSpec.authority("EV CA").withEvPolicy("2.23.140.1.1")
                .withKeyType(KeyType.EC_P256));
        assertThat(analyzer.analyze(evCa.certificate().der()).extendedValidation()).isFalse();
    }

    @Test
    void subjectPartsSerialAndIpv6AreShownInTheirDocumentedForms() throws Exception {
        IssuedCertificate cert = pki.intermediateIssuer().issue(CertificateSpec.leaf("host.test")
                .withOrganization("Acme, Inc.").withOrganizationalUnits("Ops", "Web").withPlace("Delft", "Zuid-Holland", "NL")
                .withIpAddresses("2001:db8:0:0:0:0:0:1", "::1", "192.0.2.7").withSerial(BigInteger.TEN)
                .withKeyUsage(KeyUsageFlag.DIGITAL_SIGNATURE).withExtendedKeyUsage(KeyPurpose.SERVER_AUTH, KeyPurpose.CODE_SIGNING),
                KeyType.EC_P256.generate());
        CertificateFacts f = facts(cert);
        assertThat(f.serialNumber()).isEqualTo("0a");
        assertThat(f.subject().organizationUnit()).containsExactly("Ops", "Web");
        assertThat(f.subject().locality()).isEqualTo("Delft");
        assertThat(f.subject().state()).isEqualTo("Zuid-Holland");
        assertThat(f.subject().dn()).isEqualTo("CN=host.test,OU=Web,OU=Ops,O=Acme\\, Inc.,L=Delft,ST=Zuid-Holland,C=NL");
        assertThat(f.subjectAlternativeNames().get("IP Address")).containsExactly("2001:db8::1", "::1", "192.0.2.7");
        assertThat(f.enhancedKeyUsage()).containsExactly("serverAuth", "codeSigning");
    }

    @Test
    void certificateWithoutExtensionsHasEmptyListsAndEmptyKeyIds() throws Exception {
        var keys = KeyType.EC_P256.generate();
        var holder = new org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder(
                new javax.security.auth.x500.X500Principal("CN=Old Root"), BigInteger.ONE,
                java.util.Date.from(Instant.parse("2010-01-01T00:00:00Z")), java.util.Date.from(Instant.parse("2049-12-31T23:59:59Z")),
                new javax.security.auth.x500.X500Principal("CN=Old Root"), keys.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        CertificateFacts f = analyzer.analyze(holder.getEncoded());
        assertThat(f.subjectAlternativeNames()).isEmpty();
        assertThat(f.keyUsage()).isEmpty();
        assertThat(f.enhancedKeyUsage()).isEmpty();
        assertThat(f.subjectKeyIdentifier()).isEmpty();
        assertThat(f.authKeyIdentifier()).isEmpty();
        assertThat(f.validTo()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        // A self-signed v1 certificate is an old-style root.
        assertThat(f.type()).isEqualTo(CertificateType.ROOT);
    }

    @Test
    void leafUnderAPublicIntermediateIsPublicWhenAnalysedWithItsChain() throws Exception {
        CertificateAnalyzer withOurRoot = new CertificateAnalyzer(TrustAnchors.of(List.of(pki.root().certificate())),
                EvPolicies.standard());
        assertThat(withOurRoot.analyze(pki.intermediate().der()).issuerCategory()).isEqualTo(IssuerCategory.PUBLIC);
        assertThat(withOurRoot.analyze(pki.leaf().der()).issuerCategory()).isEqualTo(IssuerCategory.PRIVATE);
        List<CertificateFacts> chain = withOurRoot.analyzeChain(List.of(pki.leaf().der(), pki.intermediate().der()));
        assertThat(chain).extracting(CertificateFacts::issuerCategory)
                .containsExactly(IssuerCategory.PUBLIC, IssuerCategory.PUBLIC);
        // Certificates analysed one by one (as a file reader does) and then judged together: the same facts, analysed once.
        assertThat(withOurRoot.asChain(List.of(withOurRoot.analyze(pki.leaf().der()), withOurRoot.analyze(pki.intermediate().der()))))
                .usingRecursiveComparison().isEqualTo(chain);
    }

    @Test
    void garbageIsRefusedWithAReasonNotACrash() {
        assertThatThrownBy(() -> analyzer.analyze(new byte[0]))
                .isInstanceOf(MalformedCertificateException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> analyzer.analyze("hello".getBytes()))
                .isInstanceOf(MalformedCertificateException.class).hasMessageContaining("SEQUENCE");
        byte[] truncated = java.util.Arrays.copyOf(pki.leaf().der(), 300);
        assertThatThrownBy(() -> analyzer.analyze(truncated))
                .isInstanceOf(MalformedCertificateException.class).hasMessageContaining("not a valid X.509 certificate");
    }
}
