package io.certatlas.scan.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsDHGroupVerifier;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * A TLS client that takes whatever chain the server serves and keeps it: an inventory must see
 * expired, self-signed and mismatched certificates, so nothing here judges trust. It offers
 * TLS 1.0 to 1.3 and a broad suite list including legacy CBC and 3DES suites, so old servers
 * answer too.
 */
final class ChainCapturingClient extends DefaultTlsClient {

    /** Suites offered, strongest first; BouncyCastle drops the ones its crypto cannot do. */
    private static final int[] OFFERED = {
        CipherSuite.TLS_AES_128_GCM_SHA256,
        CipherSuite.TLS_AES_256_GCM_SHA384,
        CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
        CipherSuite.TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_DHE_DSS_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_DHE_DSS_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA256,
        CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_CAMELLIA_128_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_CAMELLIA_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite.TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA,
        CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
    };

    private final Optional<String> serverName;
    private final int maxHandshakeMessageSize;
    private final List<byte[]> chain = new ArrayList<>();

    ChainCapturingClient(TlsCrypto crypto, Optional<String> serverName, int maxHandshakeMessageSize) {
        super(crypto);
        this.serverName = serverName;
        this.maxHandshakeMessageSize = maxHandshakeMessageSize;
    }

    List<byte[]> chain() {
        return List.copyOf(chain);
    }

    /** The version the server chose, as "TLSv1.2"; empty before the ServerHello. */
    String negotiatedProtocol() {
        ProtocolVersion version = context == null ? null : context.getServerVersion();
        return version == null ? "" : version.getName().replace("TLS ", "TLSv").replace("SSL ", "SSLv");
    }

    int negotiatedCipherSuite() {
        return context.getSecurityParametersConnection().getCipherSuite();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), OFFERED);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv10);
    }

    @Override
    protected Vector getSNIServerNames() {
        if (serverName.isEmpty()) {
            return null;
        }
        Vector<ServerName> names = new Vector<>();
        names.add(new ServerName(NameType.host_name, serverName.get().getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    @Override
    public TlsDHGroupVerifier getDHGroupVerifier() {
        // A scanner never refuses on security grounds: BouncyCastle's default verifier accepts only
        // the well-known groups (RFC 7919, RFC 3526...), so a server with a group of its own, made
        // with `openssl dhparam` as most administrators do, was never captured, whatever its size.
        // Any group is taken; its size is judged by the enumeration and the grade, not here.
        return group -> true;
    }

    @Override
    public boolean shouldCheckSigAlgOfPeerCerts() {
        // A SHA-1 or MD5 signed certificate is a finding to report, not a reason to hang up.
        return false;
    }

    @Override
    public void notifySecureRenegotiation(boolean secureRenegotiation) {
        // BouncyCastle hangs up on servers without RFC 5746 by default; we never renegotiate,
        // and such old servers are exactly the ones an inventory must still see.
    }

    @Override
    public boolean requiresCloseNotify() {
        return false;
    }

    @Override
    public int getMaxCertificateChainLength() {
        return 32;
    }

    @Override
    public int getMaxHandshakeMessageSize() {
        return maxHandshakeMessageSize;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                chain.clear();
                for (TlsCertificate certificate : serverCertificate.getCertificate().getCertificateList()) {
                    chain.add(certificate.getEncoded());
                }
            }

            @Override
            public TlsCredentials getClientCredentials(org.bouncycastle.tls.CertificateRequest request) {
                return null;
            }
        };
    }
}
