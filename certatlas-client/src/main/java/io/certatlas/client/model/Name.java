package io.certatlas.client.model;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** A subject, issuer or root issuer as Certificate View shows it. */
public record Name(String name, String organization, List<String> organizationUnit, String locality, String state,
                   String country) {

    public static final Name EMPTY = new Name("", "", List.of(), "", "", "");

    public Name {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(organization, "organization");
        organizationUnit = List.copyOf(organizationUnit);
        Objects.requireNonNull(locality, "locality");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(country, "country");
    }

    static Name of(JsonNode node) {
        if (!node.isObject()) {
            return EMPTY;
        }
        return new Name(Json.text(node, "name"), Json.text(node, "organization"), Json.texts(node, "organizationUnit"),
                Json.text(node, "locality"), Json.text(node, "state"), Json.text(node, "country"));
    }
}
