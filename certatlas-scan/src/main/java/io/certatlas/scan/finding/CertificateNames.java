package io.certatlas.scan.finding;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The names a certificate is valid for, and the RFC 6125 check of a host name against them:
 * DNS names from the subjectAltName, falling back to the subject CN only when there is none
 * (RFC 6125 section 6.4.4); a wildcard only as the whole left-most label, matching exactly one label
 * (section 6.4.3), never inside a label or for an IP address.
 */
public record CertificateNames(List<String> dnsNames, List<String> ipAddresses, Optional<String> commonName) {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    public CertificateNames {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    public static CertificateNames of(X509Certificate certificate) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int type = (Integer) entry.get(0);
                    if (type == DNS_NAME) {
                        dns.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
                    } else if (type == IP_ADDRESS) {
                        ips.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A broken subjectAltName counts as none: the name check then fails, which is the finding.
        }
        return new CertificateNames(dns, ips, commonName(certificate));
    }

    public boolean matches(String host) {
        String wanted = host.toLowerCase(Locale.ROOT);
        if (wanted.endsWith(".")) {
            wanted = wanted.substring(0, wanted.length() - 1);
        }
        if (wanted.contains(":") || wanted.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return matchesAddress(wanted);
        }
        List<String> candidates = dnsNames.isEmpty() && ipAddresses.isEmpty()
                ? commonName.map(cn -> List.of(cn.toLowerCase(Locale.ROOT))).orElse(List.of())
                : dnsNames;
        for (String candidate : candidates) {
            if (dnsMatch(candidate, wanted)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesAddress(String literal) {
        try {
            InetAddress wanted = InetAddress.getByName(literal);
            for (String ip : ipAddresses) {
                if (InetAddress.getByName(ip).equals(wanted)) {
                    return true;
                }
            }
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static boolean dnsMatch(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1);
            int firstDot = host.indexOf('.');
            // At least two labels after the wildcard: "*.com" must not match every .com host.
            return firstDot > 0 && host.substring(firstDot).equals(suffix) && suffix.indexOf('.', 1) > 0;
        }
        return pattern.equals(host);
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdns.get(i).getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(dnsNames);
        all.addAll(ipAddresses);
        if (all.isEmpty()) {
            commonName.ifPresent(cn -> all.add("CN=" + cn));
        }
        return String.join(", ", all);
    }
}
