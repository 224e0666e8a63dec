package io.certatlas.scan.suite;

import io.certatlas.scan.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;

class CipherSuiteCatalogueTest {

    private final CipherSuiteCatalogue catalogue = CipherSuiteCatalogue.standard();

    @Test
    void knowsTheSuitesOfEveryEra() {
        assertThat(catalogue.all()).hasSizeGreaterThan(250);
        CipherSuite tripleDes = catalogue.byCode(0x000A).orElseThrow();
        assertThat(tripleDes.ianaName()).isEqualTo("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
        assertThat(tripleDes.opensslName()).isEqualTo("DES-CBC3-SHA");
        assertThat(tripleDes.keyBits()).isEqualTo(168);
        assertThat(tripleDes.strengthBits()).isEqualTo(112);
        assertThat(tripleDes.hasSmallBlock()).isTrue();
        assertThat(tripleDes.minProtocol()).isEqualTo(ProtocolVersion.SSL3);

        CipherSuite exportRc4 = catalogue.byName("EXP-RC4-MD5").orElseThrow();
        assertThat(exportRc4.export()).isTrue();
        assertThat(exportRc4.isRc4()).isTrue();
        assertThat(exportRc4.keyBits()).isEqualTo(40);

        CipherSuite anon = catalogue.byName("TLS_DH_anon_WITH_AES_128_CBC_SHA").orElseThrow();
        assertThat(anon.anonymous()).isTrue();
        assertThat(anon.forwardSecret()).isFalse();

        CipherSuite gcm = catalogue.byCode(0xC02F).orElseThrow();
        assertThat(gcm.keyExchange()).isEqualTo(KeyExchange.ECDHE);
        assertThat(gcm.authentication()).isEqualTo(Authentication.RSA);
        assertThat(gcm.aead()).isTrue();
        assertThat(gcm.minProtocol()).isEqualTo(ProtocolVersion.TLS1_2);
        assertThat(gcm.usableWith(ProtocolVersion.TLS1_1)).isFalse();
        assertThat(gcm.usableWith(ProtocolVersion.TLS1_3)).isFalse();

        assertThat(catalogue.byName("SSL_RSA_WITH_RC4_128_SHA")).map(CipherSuite::code).contains(0x0005);
        assertThat(catalogue.byName("tls_null_with_null_null")).isEmpty();
    }

    @Test
    void tls13HasItsFiveSuitesOnly() {
        assertThat(catalogue.usableWith(ProtocolVersion.TLS1_3)).extracting(CipherSuite::code)
                .containsExactly(0x1301, 0x1302, 0x1303, 0x1304, 0x1305);
        assertThat(catalogue.usableWith(ProtocolVersion.TLS1_2)).noneMatch(CipherSuite::isTls13);
    }

    @Test
    void coversEverySuiteJsseKnows() throws Exception {
        for (String name : SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()) {
            if (name.contains("SCSV")) {
                continue;
            }
            assertThat(catalogue.byName(name)).as(name).isPresent();
        }
    }

    @Test
    void namedGroupsCarryStrength() {
        assertThat(NamedGroup.fromCode(29)).contains(NamedGroup.X25519);
        assertThat(NamedGroup.X25519.rsaEquivalentBits()).isEqualTo(3072);
        assertThat(NamedGroup.fromCode(0x0100)).contains(NamedGroup.FFDHE2048);
        assertThat(SignatureScheme.fromCode(0x0804)).contains(SignatureScheme.RSA_PSS_RSAE_SHA256);
    }
}
