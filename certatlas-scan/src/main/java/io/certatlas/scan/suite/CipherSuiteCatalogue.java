package io.certatlas.scan.suite;

import io.certatlas.scan.tls.ProtocolVersion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cipher suites CertAtlas knows, read from {@code cipher-suites.psv} beside this class
 * (one line per suite: code|iana|openssl|keyExchange|authentication|cipher|keyBits|strengthBits|
 * blockBits|mac|aead|export|anonymous|minProtocol). The data file is the single place to add a
 * suite.
 */
public final class CipherSuiteCatalogue {

    private static final String RESOURCE = "cipher-suites.psv";
    private static final int COLUMNS = 14;
    private static final CipherSuiteCatalogue STANDARD = load();

    private final List<CipherSuite> suites;
    private final Map<Integer, CipherSuite> byCode;
    private final Map<String, CipherSuite> byName;

    private CipherSuiteCatalogue(List<CipherSuite> suites) {
        this.suites = List.copyOf(suites);
        Map<Integer, CipherSuite> codes = new LinkedHashMap<>();
        Map<String, CipherSuite> names = new HashMap<>();
        for (CipherSuite s : suites) {
            if (codes.put(s.code(), s) != null) {
                throw new IllegalStateException(RESOURCE + ": code " + s.codeHex() + " appears twice");
            }
            names.put(s.ianaName().toUpperCase(Locale.ROOT), s);
            names.put(s.opensslName().toUpperCase(Locale.ROOT), s);
            // JSSE spells the SSLv3-era suites SSL_RSA_WITH_... (JSSE Standard Names)
            if (s.ianaName().startsWith("TLS_")) {
                names.putIfAbsent("SSL_" + s.ianaName().substring(4).toUpperCase(Locale.ROOT), s);
            }
        }
        this.byCode = Collections.unmodifiableMap(codes);
        this.byName = Collections.unmodifiableMap(names);
    }

    /** The catalogue shipped with CertAtlas. */
    public static CipherSuiteCatalogue standard() {
        return STANDARD;
    }

    public List<CipherSuite> all() {
        return suites;
    }

    public Optional<CipherSuite> byCode(int code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** By IANA, OpenSSL or JSSE name, any case. */
    public Optional<CipherSuite> byName(String name) {
        return Optional.ofNullable(byName.get(name.trim().toUpperCase(Locale.ROOT)));
    }

    /** Every suite a server may choose in a handshake of this version, in catalogue order. */
    public List<CipherSuite> usableWith(ProtocolVersion version) {
        List<CipherSuite> out = new ArrayList<>();
        for (CipherSuite s : suites) {
            if (s.usableWith(version)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static CipherSuiteCatalogue load() {
        try (InputStream in = CipherSuiteCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static CipherSuiteCatalogue parse(BufferedReader reader) throws IOException {
        List<CipherSuite> suites = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            if (f.length != COLUMNS) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": expected " + COLUMNS + " columns, got " + f.length);
            }
            try {
                suites.add(new CipherSuite(
                        Integer.decode(f[0]), f[1], f[2],
                        KeyExchange.valueOf(f[3]), Authentication.valueOf(f[4]), f[5],
                        Integer.parseInt(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]), f[9],
                        Boolean.parseBoolean(f[10]), Boolean.parseBoolean(f[11]), Boolean.parseBoolean(f[12]),
                        ProtocolVersion.fromName(f[13]).orElseThrow(() -> new IllegalArgumentException("unknown protocol " + f[13]))));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": " + e.getMessage(), e);
            }
        }
        return new CipherSuiteCatalogue(suites);
    }
}
