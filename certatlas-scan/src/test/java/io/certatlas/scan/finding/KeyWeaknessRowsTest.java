package io.certatlas.scan.finding;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.x509.keys.KeyWeakness;
import org.junit.jupiter.api.Test;

/** The key findings the store writes (from KeyWeakness) are the catalogue's rows, word for word. */
class KeyWeaknessRowsTest {

    @Test
    void everyKeyWeaknessIsACatalogueRow() {
        for (KeyWeakness w : KeyWeakness.values()) {
            FindingDefinition row = FindingCatalogue.standard().definition(w.findingKey());
            assertThat(row.qid()).as(w.name()).isEqualTo(w.qid());
            assertThat(row.title()).as(w.name()).isEqualTo(w.title());
            assertThat(row.severity()).as(w.name()).isEqualTo(w.severity());
            assertThat(row.ownId()).isTrue();
        }
    }
}
