package io.certatlas.qql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** v2's structured filter reads into the same trees as the QQL that means the same. */
class StructuredFilterTest {

    private static String tree(Map<String, ?> filter) {
        return AstNotation.of(StructuredFilter.parse(filter));
    }

    private static Map<String, Object> one(String field, String operator, Object value) {
        return Map.of("filters", List.of(Map.of("field", field, "operator", operator, "value", value)), "operation", "AND");
    }

    @Test
    void operatorsMapToTheQqlTree() {
        assertThat(tree(one("certificate.publicKeyAlgorithm", "EQUALS", "RSA")))
                .isEqualTo(AstNotation.of(QqlParser.parse("publicKeyAlgorithm:RSA")));
        assertThat(tree(one("keySize", "GREATER_THAN_EQUAL", 2048))).isEqualTo(AstNotation.of(QqlParser.parse("keySize>=2048")));
        assertThat(tree(one("keySize", "LESSER", "2048"))).isEqualTo(AstNotation.of(QqlParser.parse("keySize<2048")));
        assertThat(tree(one("type", "in", List.of("leaf", "ROOT")))).isEqualTo(AstNotation.of(QqlParser.parse("type:[Leaf, Root]")));
        assertThat(tree(one("issuer.organization", "CONTAINS", "Encrypt"))).isEqualTo("(issuer.organization contains \"Encrypt\")");
        assertThat(tree(one("subject.name", "EQUALS", "www.example.com"))).isEqualTo("(subject.name equals_ignore_case \"www.example.com\")");
        assertThat(tree(one("type", "NOT_EQUALS", "Root"))).isEqualTo("(not (type = 'Root'))");
        assertThat(tree(one("wasUrl", "IS_EMPTY", "ignored"))).isEqualTo("(asset.wasUrl empty)");
        assertThat(tree(one("hash", "IS_NOT_EMPTY", ""))).isEqualTo("(certhash not-empty)");
        assertThat(tree(one("validFromDate", "GREATER", "2024-01-01"))).isEqualTo("(validFromDate > 2024-01-01)");
        assertThat(tree(one("certificate.validTo", "LESS_THAN_EQUAL", "2038-01-15T12:00:00.000+00:00")))
                .isEqualTo("(validToDate <= 2038-01-15T12:00:00Z)");
        assertThat(tree(one("publicKeyAlgorithm", "IN", "RSA, EC"))).isEqualTo("(publicKeyAlgorithm any[equals_ignore_case \"RSA\", equals_ignore_case \"EC\"])");
        assertThat(tree(one("certId", "EQUALS", 7))).isEqualTo("(id = 7)");
    }

    @Test
    void combinatorsAndEmptyFilters() {
        assertThat(tree(Map.of("filters", List.of()))).isEqualTo("ALL");
        assertThat(tree(Map.of())).isEqualTo("ALL");
        assertThat(tree(Map.of("filters", List.of(
                Map.of("field", "type", "operator", "EQUALS", "value", "Leaf"),
                Map.of("field", "keySize", "operator", "LESSER", "value", 2048)), "operator", "or")))
                .isEqualTo("(or (type = 'Leaf') (keySize < 2048))");
        assertThat(tree(Map.of("filters", List.of(
                Map.of("field", "type", "operator", "EQUALS", "value", "Leaf"),
                Map.of("filters", List.of(Map.of("field", "keySize", "operator", "LESSER", "value", 2048),
                        Map.of("field", "selfSigned", "operator", "EQUALS", "value", true)), "operation", "OR")))))
                .isEqualTo("(and (type = 'Leaf') (or (keySize < 2048) (selfSigned = true)))");
    }

    @Test
    void errorsNameTheFieldAndWhatToDo() {
        assertThatThrownBy(() -> StructuredFilter.parse(one("keySize", "CONTAINS", "20")))
                .isInstanceOf(QqlException.class)
                .hasMessage("filter.filters[0].value CONTAINS works on text; keySize is number, use EQUALS or IN")
                .satisfies(e -> assertThat(((QqlException) e).column()).isEmpty());
        assertThatThrownBy(() -> StructuredFilter.parse(Map.of("filters", List.of(Map.of("field", "keySize", "operator", "GREATER")))))
                .hasMessage("filter.filters[0].value is missing; this operator needs a value");
        assertThatThrownBy(() -> StructuredFilter.parse(Map.of("filters", "keySize>1")))
                .hasMessageStartingWith("filter.filters must be a list of conditions");
        assertThatThrownBy(() -> StructuredFilter.parse(Map.of("filters", List.of(), "operation", "XOR")))
                .hasMessage("filter.operation 'XOR' is not a combinator; use AND or OR");
        assertThatThrownBy(() -> StructuredFilter.parse(one("expiryGroup", "EQUALS", "Soon")))
                .hasMessageStartingWith("filter.filters[0].value 'Soon' is not a value of expiryGroup");
    }

    @Test
    void assetFilterAcceptsOnlyGroups() {
        assertThat(AstNotation.of(QqlParser.parseAssetFilter("asset:(name:server1) and not asset:(tags.name:Legacy)")))
                .isEqualTo("(and (asset (asset.name contains \"server1\")) (not (asset (asset.tags.name contains \"Legacy\"))))");
        assertThatThrownBy(() -> QqlParser.parseAssetFilter("asset.name:server1 and asset.operatingSystem:Linux"))
                .hasMessage("the assets of a certificate are filtered with the grouped form: write asset:(name:server1) instead of asset.name:server1 at column 1");
    }

    @Test
    void theLimitsOfQqlHoldForTheStructuredFilter() {
        Map<String, Object> nested = one("keySize", "EQUALS", 2048);
        for (int i = 1; i < QqlParser.MAX_DEPTH; i++) {
            nested = Map.of("filters", List.of(nested), "operation", "AND");
        }
        assertThat(tree(nested)).isEqualTo("(keySize = 2048)");
        Map<String, Object> tooDeep = Map.of("filters", List.of(nested));
        assertThatThrownBy(() -> StructuredFilter.parse(tooDeep)).isInstanceOf(QqlException.class)
                .hasMessageContaining("deeper than " + QqlParser.MAX_DEPTH);

        List<Integer> many = java.util.stream.IntStream.range(0, 100_000).boxed().toList();
        assertThatThrownBy(() -> StructuredFilter.parse(one("keySize", "IN", many))).isInstanceOf(QqlException.class)
                .hasMessageContaining("more than " + QqlParser.MAX_LENGTH + " characters");
        assertThat(tree(one("keySize", "IN", many.subList(0, 1000)))).startsWith("(keySize any[");

        assertThatThrownBy(() -> StructuredFilter.parse(one("subject.name", "CONTAINS", "a\0b"))).isInstanceOf(QqlException.class)
                .hasMessageContaining("filter.filters[0].value holds a NUL character");
        assertThatThrownBy(() -> QqlParser.parse("subject.name:a\0b")).isInstanceOf(QqlException.class)
                .hasMessageContaining("NUL character").hasMessageEndingWith("at column 15");
    }
}
