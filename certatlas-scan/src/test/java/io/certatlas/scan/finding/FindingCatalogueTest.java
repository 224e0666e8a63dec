package io.certatlas.scan.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FindingCatalogueTest {

    private final FindingCatalogue catalogue = FindingCatalogue.standard();

    @Test
    void holdsEveryQidOfTheContract() {
        for (int qid : new int[] {38169, 38170, 38173, 38685, 38600, 86002, 38606, 38603, 38628, 38794, 38601, 38657,
                38140, 38142, 42366, 42350, 38116}) {
            assertThat(catalogue.byQid(qid)).as("QID " + qid).isPresent();
        }
        assertThat(catalogue.definition("cert.self-signed").title()).isEqualTo("SSL Certificate - Self-Signed Certificate");
        assertThat(catalogue.definition("cert.information").severity()).isEqualTo(1);
    }

    @Test
    void everyChainIssueKindHasARow() {
        Arrays.stream(ChainIssue.Kind.values()).forEach(kind -> catalogue.definition(kind.findingKey()));
    }

    @Test
    void ownIdsStartAtNineMillionAndSaySo() {
        assertThat(catalogue.all()).filteredOn(FindingDefinition::ownId)
                .extracting(FindingDefinition::key)
                .contains("cert.expired", "cert.not-yet-valid", "cert.weak-key", "cert.weak-signature", "cert.chain-incomplete");
        assertThat(catalogue.all()).filteredOn(FindingDefinition::ownId).allMatch(d -> d.source().equals("certatlas"));
        assertThat(catalogue.all()).filteredOn(d -> !d.ownId()).allMatch(d -> d.source().startsWith("qualys"));
    }

    @Test
    void anUnknownKeySaysWhereToAddIt() {
        assertThatThrownBy(() -> catalogue.definition("cert.purple"))
                .hasMessage("no finding 'cert.purple' in findings.tsv: add a row for it there");
    }

    @Test
    void aDuplicateQidIsRefused() {
        String tsv = "qid\tkey\tseverity\ttitle\tsource\n1\ta\t1\tA\tx\n1\tb\t1\tB\tx\n";
        assertThatThrownBy(() -> FindingCatalogue.parse(new BufferedReader(new StringReader(tsv))))
                .hasMessage("findings.tsv line 3: qid 1 is already used by a");
    }
}
