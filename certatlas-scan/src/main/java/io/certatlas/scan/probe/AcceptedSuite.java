package io.certatlas.scan.probe;

import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.NamedGroup;
import io.certatlas.scan.tls.ServerKeyExchangeParameters;

import java.util.Objects;
import java.util.Optional;

/**
 * A suite the server chose, with the key exchange parameters it sent for it: the
 * ServerKeyExchange of TLS 1.2 and earlier, or the TLS 1.3 key_share group.
 */
public record AcceptedSuite(CipherSuite suite, Optional<ServerKeyExchangeParameters> keyExchange, Optional<NamedGroup> tls13Group) {

    public AcceptedSuite {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(keyExchange, "keyExchange");
        Objects.requireNonNull(tls13Group, "tls13Group");
    }

    /** Key exchange strength in RSA-equivalent bits, when the server sent (EC)DHE parameters. */
    public Optional<Integer> keyExchangeBits() {
        if (tls13Group.isPresent()) {
            return tls13Group.map(NamedGroup::rsaEquivalentBits);
        }
        return keyExchange.map(ServerKeyExchangeParameters::strengthBits);
    }
}
