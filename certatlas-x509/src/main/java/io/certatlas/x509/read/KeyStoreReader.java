package io.certatlas.x509.read;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.certatlas.x509.CertificateAnalyzer;

/**
 * Key stores: PKCS#12 (.p12, .pfx) and Java key stores (JKS and JCEKS: .jks, .keystore). Every
 * certificate of every entry is read: a key entry's whole chain and each trusted certificate entry,
 * each distinct certificate once.
 *
 * <h2>Passwords</h2>
 * The passwords given are tried in order, then the empty password, then {@code changeit} (the
 * JDK's default, common on Java servers). A PKCS#12 file none of them opens is
 * {@link RejectReason#WRONG_PASSWORD}. A Java key store keeps its certificates unencrypted and its
 * password only guards integrity, so when no password fits its certificates are still read (the
 * integrity check is skipped): inventory wants the certificate, not the key.
 */
public final class KeyStoreReader implements CertificateReader {

    private final CertificateAnalyzer analyzer;
    private final ReadLimits limits;
    private final List<String> passwords;

    public KeyStoreReader(CertificateAnalyzer analyzer, ReadLimits limits, List<String> passwords) {
        this.analyzer = analyzer;
        this.limits = limits;
        Set<String> tried = new LinkedHashSet<>(passwords);
        tried.add("");
        tried.add("changeit");
        this.passwords = List.copyOf(tried);
    }

    @Override
    public CertificateFormat format() {
        return CertificateFormat.PKCS12;
    }

    @Override
    public List<ReadResult> read(Path path, byte[] content) {
        ResultCollector collector = new ResultCollector(analyzer, limits, path);
        String type = storeType(content);
        Optional<KeyStore> store;
        try {
            store = open(type, content);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            collector.reject(RejectReason.MALFORMED_DER, "the file looks like a " + label(type)
                    + " key store but cannot be read (" + describe(e) + "); re-export it");
            return collector.results();
        }
        if (store.isEmpty()) {
            collector.reject(RejectReason.WRONG_PASSWORD, "the " + label(type) + " key store does not open with "
                    + (passwords.size() > 2 ? "the " + (passwords.size() - 2) + " password(s) given, " : "")
                    + "the empty password or 'changeit': give its password");
            return collector.results();
        }
        try {
            Set<ByteBuffer> seen = new HashSet<>();
            for (String alias : Collections.list(store.get().aliases())) {
                List<Certificate> certs = new ArrayList<>();
                Certificate[] chain = store.get().getCertificateChain(alias);
                if (chain != null) {
                    certs.addAll(List.of(chain));
                } else if (store.get().getCertificate(alias) != null) {
                    certs.add(store.get().getCertificate(alias));
                }
                for (Certificate cert : certs) {
                    byte[] der = cert.getEncoded();
                    if (seen.add(ByteBuffer.wrap(der))) {
                        collector.certificate(der, "entry '" + alias + "'");
                    }
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            collector.reject(RejectReason.MALFORMED_DER, "an entry of the " + label(type)
                    + " key store cannot be read (" + describe(e) + ")");
        }
        if (collector.isEmpty()) {
            collector.reject(RejectReason.NOT_A_CERTIFICATE, "the " + label(type) + " key store holds no certificates");
        }
        return collector.results();
    }

    private Optional<KeyStore> open(String type, byte[] content) throws IOException, GeneralSecurityException {
        for (String password : passwords) {
            KeyStore store = KeyStore.getInstance(type);
            try {
                store.load(new ByteArrayInputStream(content), password.toCharArray());
                return Optional.of(store);
            } catch (IOException e) {
                if (!isWrongPassword(e)) {
                    throw e;
                }
            }
        }
        if (!type.equals("PKCS12")) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(new ByteArrayInputStream(content), null);
            return Optional.of(store);
        }
        return Optional.empty();
    }

    private static boolean isWrongPassword(IOException e) {
        if (e.getCause() instanceof UnrecoverableKeyException) {
            return true;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("password") || message.contains("tampered") || message.contains("mac");
    }

    private static String storeType(byte[] content) {
        if (content.length >= 4 && (content[0] & 0xff) == 0xCE && (content[1] & 0xff) == 0xCE) {
            return "JCEKS";
        }
        if (content.length >= 4 && (content[0] & 0xff) == 0xFE && (content[1] & 0xff) == 0xED) {
            return "JKS";
        }
        return "PKCS12";
    }

    private static String label(String type) {
        return type.equals("PKCS12") ? "PKCS#12" : type;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
