package io.certatlas.store.read;

import java.util.List;

/**
 * One certificate in full: its row (extended, with every visible asset serving it and their
 * instances) and the certificates above it in its chain, nearest issuer first, as far as the
 * inventory holds them.
 */
public record CertificateDossier(CertificateRow certificate, List<ChainLink> chain) {
    public CertificateDossier {
        chain = List.copyOf(chain);
    }

    /** An issuing certificate: its hash, subject common name and place in the chain. */
    public record ChainLink(String certhash, String name, String type) {}
}
