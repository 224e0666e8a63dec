package io.certatlas.x509;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The certificate policy OIDs that make a leaf an Extended Validation certificate. The standard
 * list is data ({@code ev-policy-oids.txt} beside this class): the CA/Browser Forum EV OID
 * {@code 2.23.140.1.1} and the CA-specific EV policies of the browser root programs.
 */
public record EvPolicies(Set<String> oids) {

    private static final class Standard {
        static final EvPolicies INSTANCE = load();
    }

    public EvPolicies {
        oids = Set.copyOf(oids);
    }

    /** The list shipped with CertAtlas. */
    public static EvPolicies standard() {
        return Standard.INSTANCE;
    }

    public boolean isEv(String policyOid) {
        return oids.contains(policyOid);
    }

    private static EvPolicies load() {
        Set<String> oids = new HashSet<>();
        try (InputStream in = EvPolicies.class.getResourceAsStream("ev-policy-oids.txt")) {
            if (in == null) {
                throw new IllegalStateException("ev-policy-oids.txt is missing from the certatlas-x509 jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String oid = line.strip();
                if (!oid.isEmpty() && !oid.startsWith("#")) {
                    oids.add(oid);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ev-policy-oids.txt from the certatlas-x509 jar", e);
        }
        return new EvPolicies(oids);
    }
}
