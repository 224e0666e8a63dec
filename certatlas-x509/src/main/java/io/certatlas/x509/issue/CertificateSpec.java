package io.certatlas.x509.issue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a certificate to be issued should say. Start from {@link #leaf(String)} or
 * {@link #authority(String)} and change what differs with the {@code with...} methods; every
 * method returns a new spec.
 *
 * <p>Absent subject parts are empty strings. An empty {@code signatureAlgorithm} means "the usual
 * one for the signing key" (SHA256withRSA for RSA, SHA256/384/512withECDSA by curve size).
 * {@code pathLength} only matters for a CA; empty means unlimited.
 */
public record CertificateSpec(
        String commonName,
        String organization,
        List<String> organizationalUnits,
        String locality,
        String state,
        String country,
        List<String> dnsNames,
        List<String> ipAddresses,
        Instant notBefore,
        Instant notAfter,
        KeyType keyType,
        Optional<String> signatureAlgorithm,
        boolean authority,
        Optional<Integer> pathLength,
        Set<KeyUsageFlag> keyUsage,
        List<KeyPurpose> extendedKeyUsage,
        Optional<String> evPolicyOid,
        Optional<BigInteger> serial) {

    private static final Duration BACKDATE = Duration.ofHours(1);

    public CertificateSpec {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(organization, "organization");
        organizationalUnits = List.copyOf(organizationalUnits);
        Objects.requireNonNull(locality, "locality");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(country, "country");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        Objects.requireNonNull(pathLength, "pathLength");
        keyUsage = keyUsage.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(keyUsage));
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        Objects.requireNonNull(evPolicyOid, "evPolicyOid");
        Objects.requireNonNull(serial, "serial");
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter (" + notAfter + ") is before notBefore (" + notBefore
                    + "): give a validity period that ends after it starts");
        }
        if (!country.isEmpty() && country.length() != 2) {
            throw new IllegalArgumentException("country must be a two-letter ISO 3166 code, got '" + country + "'");
        }
        if (pathLength.isPresent() && pathLength.get() < 0) {
            throw new IllegalArgumentException("pathLength must be 0 or more, got " + pathLength.get());
        }
        if (serial.isPresent() && serial.get().signum() <= 0) {
            throw new IllegalArgumentException("serial must be positive (RFC 5280 4.1.2.2), got " + serial.get());
        }
    }

    /**
     * A server certificate for one host name or IP address: that name as CN and as the only
     * subject alternative name, RSA 2048, valid from an hour ago for 90 days, serverAuth and
     * clientAuth.
     */
    public static CertificateSpec leaf(String hostOrAddress) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean address = looksLikeIpAddress(hostOrAddress);
        return new CertificateSpec(hostOrAddress, "", List.of(), "", "", "",
                address ? List.of() : List.of(hostOrAddress),
                address ? List.of(hostOrAddress) : List.of(),
                now.minus(BACKDATE), now.plus(Duration.ofDays(90)),
                KeyType.RSA_2048, Optional.empty(), false, Optional.empty(),
                EnumSet.of(KeyUsageFlag.DIGITAL_SIGNATURE, KeyUsageFlag.KEY_ENCIPHERMENT),
                List.of(KeyPurpose.SERVER_AUTH, KeyPurpose.CLIENT_AUTH),
                Optional.empty(), Optional.empty());
    }

    /**
     * A certification authority: the name as CN, no alternative names, RSA 2048, valid from an
     * hour ago for ten years, keyCertSign, cRLSign and digitalSignature, no path length limit.
     */
    public static CertificateSpec authority(String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new CertificateSpec(name, "", List.of(), "", "", "", List.of(), List.of(),
                now.minus(BACKDATE), now.plus(Duration.ofDays(3650)),
                KeyType.RSA_2048, Optional.empty(), true, Optional.empty(),
                EnumSet.of(KeyUsageFlag.KEY_CERT_SIGN, KeyUsageFlag.CRL_SIGN, KeyUsageFlag.DIGITAL_SIGNATURE),
                List.of(), Optional.empty(), Optional.empty());
    }

    public CertificateSpec withCommonName(String value) {
        return new CertificateSpec(value, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, serial);
    }

    public CertificateSpec withOrganization(String value) {
        return new CertificateSpec(commonName, value, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, serial);
    }

    public CertificateSpec withOrganizationalUnits(String... values) {
        return new CertificateSpec(commonName, organization, List.of(values), locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, serial);
    }

    /** Locality (L), state or province (ST) and two-letter country (C); empty strings leave a part out. */
    public CertificateSpec withPlace(String newLocality, String newState, String newCountry) {
        return new CertificateSpec(commonName, organization, organizationalUnits, newLocality, newState, newCountry,
                dnsNames, ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength,
                keyUsage, extendedKeyUsage, evPolicyOid, serial);
    }

    public CertificateSpec withDnsNames(String... values) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country,
                List.of(values), ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength,
                keyUsage, extendedKeyUsage, evPolicyOid, serial);
    }

    public CertificateSpec withIpAddresses(String... values) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                List.of(values), notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, serial);
    }

    /** No subject alternative name extension at all (old-style certificates named by CN only). */
    public CertificateSpec withoutAlternativeNames() {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country,
                List.of(), List.of(), notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength,
                keyUsage, extendedKeyUsage, evPolicyOid, serial);
    }

    public CertificateSpec withValidity(Instant from, Instant to) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, from, to, keyType, signatureAlgorithm, authority, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, serial);
    }

    /** Valid from an hour before now until now plus the given duration (negative: already expired). */
    public CertificateSpec withValidityEndingIn(Duration fromNow) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant end = now.plus(fromNow);
        Instant start = end.isBefore(now) ? end.minus(Duration.ofDays(365)) : now.minus(BACKDATE);
        return withValidity(start, end);
    }

    public CertificateSpec withKeyType(KeyType value) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, value, signatureAlgorithm, authority, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, serial);
    }

    /** JCA name of the algorithm the issuer signs with, e.g. {@code SHA1withRSA}, {@code SHA256withECDSA}. */
    public CertificateSpec withSignatureAlgorithm(String value) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, Optional.of(value), authority, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, serial);
    }

    /** Make this a CA certificate that may have at most {@code maxPathLength} CAs below it. */
    public CertificateSpec withPathLength(int maxPathLength) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, true, Optional.of(maxPathLength),
                keyUsage, extendedKeyUsage, evPolicyOid, serial);
    }

    /** Sets the CA flag of basic constraints (keeps key usage as it is). */
    public CertificateSpec withAuthority(boolean value) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, value, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, serial);
    }

    /** The key usage bits; none given leaves the extension out. */
    public CertificateSpec withKeyUsage(KeyUsageFlag... values) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength,
                values.length == 0 ? Set.of() : EnumSet.copyOf(List.of(values)), extendedKeyUsage, evPolicyOid,
                serial);
    }

    /** The extended key usage purposes; none given leaves the extension out. */
    public CertificateSpec withExtendedKeyUsage(KeyPurpose... values) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength, keyUsage,
                List.of(values), evPolicyOid, serial);
    }

    /** Adds a certificate policy, e.g. the CA/Browser Forum EV policy {@code 2.23.140.1.1}. */
    public CertificateSpec withEvPolicy(String policyOid) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength, keyUsage,
                extendedKeyUsage, Optional.of(policyOid), serial);
    }

    public CertificateSpec withSerial(BigInteger value) {
        return new CertificateSpec(commonName, organization, organizationalUnits, locality, state, country, dnsNames,
                ipAddresses, notBefore, notAfter, keyType, signatureAlgorithm, authority, pathLength, keyUsage,
                extendedKeyUsage, evPolicyOid, Optional.of(value));
    }

    private static boolean looksLikeIpAddress(String value) {
        return value.contains(":") || value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
