package io.certatlas.scan.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 6125 name checks, section by section. */
class CertificateNamesTest {

    private static CertificateNames dns(String... names) {
        return new CertificateNames(List.of(names), List.of(), Optional.of("ignored.example"));
    }

    @Test
    void aWildcardMatchesExactlyOneLeftMostLabel() {
        CertificateNames names = dns("*.example.com");
        assertThat(names.matches("www.example.com")).isTrue();
        assertThat(names.matches("WWW.Example.COM.")).isTrue();
        assertThat(names.matches("a.b.example.com")).isFalse();
        assertThat(names.matches("example.com")).isFalse();
    }

    @Test
    void aWildcardOverATopLevelDomainMatchesNothing() {
        assertThat(dns("*.com").matches("example.com")).isFalse();
    }

    @Test
    void theCommonNameCountsOnlyWithoutAlternativeNames() {
        assertThat(dns("www.example.com").matches("ignored.example")).isFalse();
        assertThat(new CertificateNames(List.of(), List.of(), Optional.of("legacy.example")).matches("legacy.example")).isTrue();
    }

    @Test
    void addressesMatchOnlyIpAlternativeNames() {
        CertificateNames names = new CertificateNames(List.of("127.0.0.1"), List.of("127.0.0.2"), Optional.empty());
        assertThat(names.matches("127.0.0.2")).isTrue();
        assertThat(names.matches("127.0.0.1")).isFalse();
    }
}
