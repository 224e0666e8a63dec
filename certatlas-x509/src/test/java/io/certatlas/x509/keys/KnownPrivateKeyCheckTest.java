package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.keys.testing.WeakKeys;
import org.junit.jupiter.api.Test;

class KnownPrivateKeyCheckTest {

    private final KnownPrivateKeyCheck check = new KnownPrivateKeyCheck();

    @Test
    void rfc9500KeysAreBlocklisted() {
        // The hashes in the list were computed with openssl; here they are recomputed from the PEM keys in Java.
        var rsa = check.check(KeyFixtures.of(WeakKeys.rfc9500Rsa2048()));
        assertThat(rsa).isPresent();
        assertThat(rsa.get().detail()).contains("testRSA2048", "RFC 9500 section 2.1");
        assertThat(check.check(KeyFixtures.of(WeakKeys.rfc9500P256()))).isPresent();
    }

    @Test
    void freshKeysAreNot() {
        assertThat(check.check(KeyFixtures.of(KeyType.EC_P256.generate()))).isEmpty();
        assertThat(check.check(KeyFixtures.of(WeakKeys.sound(1024)))).isEmpty();
    }

    @Test
    void everyEntryNamesItsSource() {
        assertThat(KnownPrivateKeyCheck.blocklist()).hasSizeGreaterThanOrEqualTo(4);
        KnownPrivateKeyCheck.blocklist().values().forEach(e -> assertThat(e.publishedIn()).startsWith("RFC"));
    }
}
