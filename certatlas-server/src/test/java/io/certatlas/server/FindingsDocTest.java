package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/findings.md lists every finding of the scanner's catalogue, with its QID, severity and title. */
class FindingsDocTest {

    @Test
    void everyCatalogueRowIsDocumented() throws IOException {
        String page = Files.readString(Path.of("..", "docs", "findings.md"));
        String catalogue;
        try (InputStream in = FindingsDocTest.class.getResourceAsStream("/io/certatlas/scan/finding/findings.tsv")) {
            catalogue = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int rows = 0;
        for (String line : catalogue.split("\n")) {
            if (line.startsWith("#") || line.startsWith("qid\t") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t");
            assertThat(page).as("docs/findings.md documents QID %s", cells[0])
                    .contains("| " + cells[0] + " | `" + cells[1] + "` | " + cells[2] + " | " + cells[3] + " |");
            rows++;
        }
        assertThat(rows).isGreaterThan(15);
    }
}
