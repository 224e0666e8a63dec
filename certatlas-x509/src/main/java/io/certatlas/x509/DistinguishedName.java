package io.certatlas.x509;

import java.util.List;
import java.util.Objects;

/**
 * A subject or issuer name as Certificate View shows it: the RFC 4514 string and its usual parts.
 * Missing parts are empty strings, never null; organizationUnit may hold several values.
 */
public record DistinguishedName(
        String dn,
        String name,
        String organization,
        List<String> organizationUnit,
        String locality,
        String state,
        String country) {

    public DistinguishedName {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organization, "organization");
        organizationUnit = List.copyOf(organizationUnit);
        Objects.requireNonNull(locality, "locality");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(country, "country");
    }

    public static DistinguishedName empty() {
        return new DistinguishedName("", "", "", List.of(), "", "", "");
    }
}
