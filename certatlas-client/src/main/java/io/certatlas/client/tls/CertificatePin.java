package io.certatlas.client.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, named by the SHA-256 fingerprint {@code certatlas serve}
 * prints at start (or {@code openssl x509 -fingerprint -sha256} shows): for a server whose
 * certificate it made itself, which no CA vouches for. The
 * pin names the very certificate, so the host name check a CA-issued certificate needs is moot;
 * extending {@link X509ExtendedTrustManager} keeps the JDK from adding one.
 */
public final class CertificatePin extends X509ExtendedTrustManager {

    private final byte[] sha256;

    private CertificatePin(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** Reads "AB:CD:..." (as printed) or plain hex, any case. */
    public static CertificatePin of(String fingerprint) {
        String hex = fingerprint.strip().replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a certificate pin must be the server certificate's SHA-256 fingerprint, "
                    + "64 hex digits as 'certatlas serve' prints it (colons allowed), was '" + fingerprint + "'");
        }
        return new CertificatePin(HexFormat.of().parseHex(hex));
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        byte[] served;
        try {
            served = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot hash the server's certificate: " + e.getMessage(), e);
        }
        if (!MessageDigest.isEqual(served, sha256)) {
            throw new CertificateException("the server's certificate has SHA-256 fingerprint "
                    + HexFormat.ofDelimiter(":").withUpperCase().formatHex(served) + ", not the pinned "
                    + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("this trust manager checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("this trust manager checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
