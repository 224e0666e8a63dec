package io.certatlas.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.certatlas.store.Database;
import io.certatlas.store.access.AccessException;
import io.certatlas.store.access.Scope;
import io.certatlas.store.importing.BulkImport;
import io.certatlas.store.importing.ImportListener;
import io.certatlas.store.issuers.ApprovedCas;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters written with the values Certificate View writes (CONTRACT.md, "Values as Certificate
 * View writes them"): serial numbers in every form, issuerCategory approved / unapproved from the
 * managers' list, and Qualys' names of sources; in QQL and in the structured filter alike.
 */
class CertificateViewValuesTest {

    @TempDir
    static Path files;

    private static Database db;
    private static Issuer root;
    private static Issuer intermediate;
    private static Issuer otherRoot;
    private static IssuedCertificate approvedLeaf;
    private static IssuedCertificate otherLeaf;
    private static IssuedCertificate selfSigned;
    private static IssuedCertificate highBitSerial;

    @BeforeAll
    static void load() throws Exception {
        db = TestDatabase.fresh();
        root = Issuer.selfSigned(CertificateSpec.authority("Values Test Root").withKeyType(KeyType.EC_P256));
        intermediate = root.issueAuthority(CertificateSpec.authority("Values Test Issuing CA").withKeyType(KeyType.EC_P256));
        otherRoot = Issuer.selfSigned(CertificateSpec.authority("Other Root").withKeyType(KeyType.EC_P256));
        approvedLeaf = intermediate.issue(CertificateSpec.leaf("approved.example").withKeyType(KeyType.EC_P256));
        otherLeaf = otherRoot.issue(CertificateSpec.leaf("other.example").withKeyType(KeyType.EC_P256));
        selfSigned = Issuer.selfSigned(CertificateSpec.leaf("self.example").withKeyType(KeyType.EC_P256)).certificate();
        // The top bit set: DER adds a 00 byte, which Certificate View shows and the store does not keep.
        highBitSerial = otherRoot.issue(CertificateSpec.leaf("serial.example").withKeyType(KeyType.EC_P256)
                .withSerial(new BigInteger("8a0b0c0d0e0f", 16)));
        int n = 0;
        for (IssuedCertificate c : List.of(root.certificate(), intermediate.certificate(), otherRoot.certificate(),
                approvedLeaf, otherLeaf, selfSigned, highBitSerial)) {
            Files.writeString(files.resolve((n++) + ".pem"), c.pem());
        }
        new BulkImport(db, CertificateAnalyzer.standard()).run(List.of(files), Optional.empty(), ImportListener.NONE);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Set<String> names(CertificateFilter filter) {
        return new TreeSet<>(db.dsl().select(field(name("c", "subject_name"), String.class))
                .from(table(name("certificate")).as("c")).where(filter.condition()).fetch(0, String.class));
    }

    private static Set<String> qql(String filter) {
        return names(CertificateFilter.compile(filter));
    }

    private static Set<String> structured(String field, String operator, Object value) {
        return names(CertificateFilter.fromStructured(Map.of("filters", List.of(Map.of("field", field, "operator", operator,
                "value", value)))));
    }

    @Test
    void aSerialNumberIsFoundInEveryWrittenForm() {
        for (String form : List.of("8a0b0c0d0e0f", "8A0B0C0D0E0F", "008a0b0c0d0e0f", "00:8A:0B:0C:0D:0E:0F",
                "8a:0b:0c:0d:0e:0f", "`00:8a:0b:0c:0d:0e:0f`", "\"00 8a 0b 0c 0d 0e 0f\"", "0x8A0B0C0D0E0F")) {
            assertThat(qql("serialNumber:" + form)).as(form).containsExactly("serial.example");
        }
        // Four bytes, not two: the other certificates' serials are random, and two bytes turned up in one of them.
        assertThat(qql("serialNumber:*0B:0C:0D:0E*")).containsExactly("serial.example");
        assertThat(structured("certificate.serialNumber", "EQUALS", "00:8A:0B:0C:0D:0E:0F")).containsExactly("serial.example");
        assertThat(structured("serialNumber", "IN", List.of("00:8a:0b:0c:0d:0e:0f", "ffff"))).containsExactly("serial.example");
        assertThat(qql("serialNumber:00:8a:0b:0c:0d:0e")).isEmpty();
    }

    @Test
    void qualysSourceNamesAreAliasesNeverErrors() {
        Set<String> imported = qql("sources:IMPORT");
        assertThat(imported).hasSize(7);
        assertThat(qql("sources:CA")).isEqualTo(imported);
        assertThat(qql("sources:vm")).isEqualTo(qql("sources:SCAN")).isEmpty();
        assertThat(qql("sources:WAS or sources:EASM")).isEmpty();
        assertThat(structured("sources", "EQUALS", "CA")).isEqualTo(imported);
        assertThat(structured("sources", "IN", "VM,WAS,EASM,CA")).isEqualTo(imported);
    }

    @Test
    void approvedAndUnapprovedFollowTheManagersList() {
        ApprovedCas list = new ApprovedCas(db.dsl());
        assertThat(qql("issuerCategory:approved")).isEmpty();
        assertThat(qql("issuerCategory:unapproved"))
                .containsExactlyInAnyOrder("Values Test Issuing CA", "approved.example", "other.example", "serial.example");
        assertThat(qql("issuerCategory:Self-Signed")).containsExactlyInAnyOrder("Values Test Root", "Other Root", "self.example");

        // Approving the root approves everything below it, the intermediate included.
        list.approve(SampleCertificates.sha256(root.certificate().der()).toUpperCase(), "manager");
        assertThat(qql("issuerCategory:approved")).containsExactlyInAnyOrder("Values Test Issuing CA", "approved.example");
        assertThat(qql("issuerCategory:unapproved")).containsExactlyInAnyOrder("other.example", "serial.example");
        assertThat(qql("not issuerCategory:approved and not issuerCategory:Self-Signed"))
                .isEqualTo(qql("issuerCategory:UNAPPROVED"));
        assertThat(structured("issuerCategory", "EQUALS", "Approved")).isEqualTo(qql("issuerCategory:approved"));
        assertThat(structured("issuerCategory", "NOT_EQUALS", "unapproved"))
                .doesNotContain("other.example", "serial.example").contains("approved.example");
        assertThat(list.list(Scope.everything())).singleElement().satisfies(ca -> {
            assertThat(ca.certhash()).isEqualTo(SampleCertificates.sha256(root.certificate().der()));
            assertThat(ca.approvedBy()).isEqualTo("manager");
        });

        // CertAtlas's own categories stay beside them.
        assertThat(qql("issuerCategory:Private")).contains("approved.example", "other.example");

        // A leaf is no CA; an unknown certhash is not in the inventory.
        assertThatThrownBy(() -> list.approve(SampleCertificates.sha256(otherLeaf.der()), "manager"))
                .isInstanceOf(AccessException.class).hasMessageContaining("is not a CA certificate");
        assertThatThrownBy(() -> list.approve("ab".repeat(32), "manager"))
                .isInstanceOf(AccessException.class).hasMessageContaining("import the CA certificate first");
        assertThatThrownBy(() -> list.approve("not a hash", "manager"))
                .isInstanceOf(AccessException.class).hasMessageContaining("64 hex digits");

        assertThat(list.remove(SampleCertificates.sha256(root.certificate().der()))).isTrue();
        assertThat(qql("issuerCategory:approved")).isEmpty();
    }
}
