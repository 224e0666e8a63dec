package io.certatlas.qql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The published token list is the catalogue, not a copy that drifts. */
class QueryLanguageDocsTest {

    private static final String BEGIN = "<!-- tokens:begin -->\n";
    private static final String END = "<!-- tokens:end -->";

    @Test
    void docsListExactlyTheCatalogue() throws IOException {
        Path docs = Path.of("../docs/query-language.md");
        String text = Files.readString(docs);
        String published = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END));
        assertThat(published)
                .as("docs/query-language.md token table; paste TokenTable.markdown() between the markers")
                .isEqualTo(TokenTable.markdown());
    }

    @Test
    void everyContractTokenIsInTheCatalogue() {
        for (String name : new String[] {"certhash", "serialNumber", "subject.name", "subject.organization", "issuer.name",
                "issuer.organization", "issuerCategory", "keySize", "publicKeyAlgorithm", "signatureAlgorithm", "selfSigned",
                "extendedValidation", "type", "validFromDate", "validToDate", "expiryGroup", "lastFound", "sources",
                "subjectAlternativeNames", "asset.name", "asset.netbiosName", "asset.operatingSystem", "asset.wasUrl",
                "asset.tags.name", "asset.interfaces.hostname", "asset.interfaces.address", "instance.port", "instance.grade",
                "instance.service", "instance.sslProtocols", "instance.fqdn", "vulnerability.qid", "vulnerability.severity",
                "asset.id", "instance.id"}) {
            assertThat(QqlToken.byName(name)).as(name).isPresent();
        }
    }
}
