package io.certatlas.scan.finding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every finding the scanner can report, read from the data file {@code findings.tsv} beside this
 * class: certificate findings and protocol/suite findings alike take their QID, title and
 * severity from here and nowhere else.
 */
public final class FindingCatalogue {

    private static final String RESOURCE = "findings.tsv";
    private static final FindingCatalogue STANDARD = load();

    private final Map<String, FindingDefinition> byKey;
    private final Map<Integer, FindingDefinition> byQid;

    private FindingCatalogue(Map<String, FindingDefinition> byKey) {
        this.byKey = Map.copyOf(byKey);
        Map<Integer, FindingDefinition> qids = new HashMap<>();
        byKey.values().forEach(d -> qids.put(d.qid(), d));
        this.byQid = Map.copyOf(qids);
        this.ordered = java.util.List.copyOf(byKey.values());
    }

    private final java.util.List<FindingDefinition> ordered;

    /** The catalogue shipped with CertAtlas. */
    public static FindingCatalogue standard() {
        return STANDARD;
    }

    /** The definition for a key such as {@code cert.self-signed}; an unknown key is a programming error. */
    public FindingDefinition definition(String key) {
        FindingDefinition definition = byKey.get(key);
        if (definition == null) {
            throw new IllegalArgumentException("no finding '" + key + "' in " + RESOURCE + ": add a row for it there");
        }
        return definition;
    }

    public Optional<FindingDefinition> byQid(int qid) {
        return Optional.ofNullable(byQid.get(qid));
    }

    public Collection<FindingDefinition> all() {
        return ordered;
    }

    private static FindingCatalogue load() {
        try (InputStream in = FindingCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath beside " + FindingCatalogue.class.getName());
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static FindingCatalogue parse(BufferedReader reader) throws IOException {
        Map<String, FindingDefinition> rows = new LinkedHashMap<>();
        Map<Integer, String> qids = new HashMap<>();
        String line;
        int number = 0;
        boolean header = true;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != 5) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": expected 5 tab-separated cells, found " + cells.length);
            }
            FindingDefinition definition = new FindingDefinition(Integer.parseInt(cells[0].strip()), cells[1].strip(),
                    Integer.parseInt(cells[2].strip()), cells[3].strip(), cells[4].strip());
            if (rows.putIfAbsent(definition.key(), definition) != null) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": key " + definition.key() + " appears twice");
            }
            String previous = qids.putIfAbsent(definition.qid(), definition.key());
            if (previous != null) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": qid " + definition.qid() + " is already used by " + previous);
            }
        }
        return new FindingCatalogue(rows);
    }
}
